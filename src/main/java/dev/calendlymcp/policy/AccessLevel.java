package dev.calendlymcp.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How far an agent may go with one resource; each level includes the ones before it. */
public enum AccessLevel {
  /** Nothing: the default for every resource not granted. */
  NONE,
  READ,
  /** Read plus creating or changing things: booking, rescheduling, links, event type edits. */
  WRITE,
  /** Write plus destructive actions: cancel, remove a member, delete, data deletion. */
  FULL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean includes(AccessLevel needed) {
    return compareTo(needed) >= 0;
  }

  /** @throws IllegalArgumentException naming the valid levels */
  public static AccessLevel fromWire(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (AccessLevel level : values()) {
      if (level.wireName().equals(wanted)) {
        return level;
      }
    }
    throw new IllegalArgumentException("unknown level '" + PolicyText.clip(wanted) + "'; valid: "
        + Arrays.stream(values()).map(AccessLevel::wireName).collect(Collectors.joining(", "))
        + " (write and full may end in +ask)");
  }
}
