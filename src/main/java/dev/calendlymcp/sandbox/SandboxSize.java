package dev.calendlymcp.sandbox;

import java.util.Locale;

/**
 * How much data the sandbox seeds.
 *
 * @param organizations organizations; with one it is on Enterprise, with more their plans cycle
 *     Free, Standard, Teams, Enterprise
 * @param membersPerOrganization members of each (first the owner, then an admin, then users)
 * @param eventTypesPerUser event types of each member
 * @param scheduledEvents scheduled events in total, spread over all members around "now"
 */
public record SandboxSize(
    int organizations, int membersPerOrganization, int eventTypesPerUser, int scheduledEvents) {

  /** Four organizations (one per plan), three members each, four event types each, 60 events. */
  public static final SandboxSize SMALL = new SandboxSize(4, 3, 4, 60);

  /** One Enterprise organization with 1,000 members and 10,000 scheduled events. */
  public static final SandboxSize LARGE = new SandboxSize(1, 1000, 3, 10_000);

  public SandboxSize {
    if (organizations < 1 || organizations > 1000) {
      throw new IllegalArgumentException("organizations must be between 1 and 1000, got " + organizations);
    }
    if (membersPerOrganization < 1 || membersPerOrganization > 100_000) {
      throw new IllegalArgumentException(
          "membersPerOrganization must be between 1 and 100000, got " + membersPerOrganization);
    }
    if (eventTypesPerUser < 1 || eventTypesPerUser > 50) {
      throw new IllegalArgumentException("eventTypesPerUser must be between 1 and 50, got " + eventTypesPerUser);
    }
    if (scheduledEvents < 0 || scheduledEvents > 1_000_000) {
      throw new IllegalArgumentException(
          "scheduledEvents must be between 0 and 1000000, got " + scheduledEvents);
    }
  }

  /** {@code small} or {@code large}. */
  public static SandboxSize parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "small" -> SMALL;
      case "large" -> LARGE;
      default -> throw new IllegalArgumentException("size must be small or large, got " + name);
    };
  }
}
