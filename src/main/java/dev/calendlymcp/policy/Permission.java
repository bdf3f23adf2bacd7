package dev.calendlymcp.policy;

import java.util.Objects;

/** One resource at one level, e.g. {@code booking: write}: what a tool call needs. */
public record Permission(PolicyResource resource, AccessLevel level) {
  public Permission {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(level, "level");
  }

  public static Permission of(PolicyResource resource, AccessLevel level) {
    return new Permission(resource, level);
  }

  /** {@code booking: write}, the words refusals and audit records use. */
  public String words() {
    return resource.wireName() + ": " + level.wireName();
  }

  /** {@code booking=write}, as {@code --grant} takes it. */
  public String flag() {
    return resource.wireName() + "=" + level.wireName();
  }
}
