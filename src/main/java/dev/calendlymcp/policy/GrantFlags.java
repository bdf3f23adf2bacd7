package dev.calendlymcp.policy;

import java.util.List;

/** The {@code --grant RESOURCE=LEVEL} options of stdio and {@code http --auth none}. */
public final class GrantFlags {
  private GrantFlags() {}

  /**
   * Adds each grant to {@code base}; the last grant of a resource wins.
   *
   * @throws IllegalArgumentException naming the flag and the fix
   */
  public static Policy apply(Policy base, List<String> flags) {
    Policy policy = base;
    for (String flag : flags) {
      int equals = flag.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("--grant " + PolicyText.clip(flag)
            + " needs RESOURCE=LEVEL, e.g. --grant meetings=read or --grant booking=write+ask");
      }
      try {
        policy = policy.with(PolicyResource.fromWire(flag.substring(0, equals)), ResourceGrant.parse(flag.substring(equals + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--grant " + PolicyText.clip(flag) + ": " + e.getMessage(), e);
      }
    }
    return policy;
  }
}
