package dev.calendlymcp.tools;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The groups tools come in. An agent sees only the toolsets the operator enables, so the default
 * ({@link #SCHEDULING}) stays small and agent-shaped while every Calendly endpoint remains
 * reachable through the others. The declaration order is the order tools are listed in.
 */
public enum Toolset {
  SCHEDULING(
      "Who am I, event types, open times, booking, cancelling and rescheduling, booking links",
      true),
  AVAILABILITY("Availability schedules and busy times of users, and when several are all free", false),
  EVENT_TYPES("Create and edit event types: length, increments, buffers, places, bookable hours; hosts and meeting locations", false),
  INVITEES("Scheduled events' invitees, their answers and no-shows", false),
  USERS("Any user by reference", false),
  ORGANIZATION("Organization members and invitations (admin role for changes)", false),
  WEBHOOKS("Webhook subscriptions", false),
  ONE_OFF("One-off meetings and customised single-use links", false),
  COMPLIANCE("Deletion of invitee and event data for data-protection requests, and the activity log (Enterprise)", false),
  CHANGES("Recent changes to your calendar since a cursor, for clients without resource subscriptions", false),
  ROUTING("Routing forms and their submissions (paid plans)", false),
  GROUPS("Groups of the organization and their members", false),
  CONTACTS("Contacts, their Lists, custom fields and private notes", false),
  RECAPS("Notetaker meeting recaps and transcripts (paid plans), and what's next on your calendar", false);

  private final String summary;
  private final boolean enabledByDefault;

  Toolset(String summary, boolean enabledByDefault) {
    this.summary = summary;
    this.enabledByDefault = enabledByDefault;
  }

  /** The name used on the command line and in docs, e.g. {@code one_off}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** One line on what the toolset is for. */
  public String summary() {
    return summary;
  }

  public boolean enabledByDefault() {
    return enabledByDefault;
  }

  /** The toolsets a server runs with when the operator names none. */
  public static Set<Toolset> defaults() {
    return Arrays.stream(values())
        .filter(Toolset::enabledByDefault)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Toolset.class)));
  }

  /**
   * Reads a comma-separated list such as {@code scheduling,webhooks}; {@code all} enables every
   * toolset and {@code default} the default ones. Names are case-insensitive.
   *
   * @throws IllegalArgumentException naming the unknown entry and the valid ones
   */
  public static Set<Toolset> parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "--toolsets must name at least one toolset; valid: " + validNames());
    }
    EnumSet<Toolset> result = EnumSet.noneOf(Toolset.class);
    for (String raw : spec.split(",", -1)) {
      String name = raw.strip().toLowerCase(Locale.ROOT);
      switch (name) {
        case "all" -> result.addAll(EnumSet.allOf(Toolset.class));
        case "default" -> result.addAll(defaults());
        default -> result.add(byName(name));
      }
    }
    return result;
  }

  private static Toolset byName(String name) {
    for (Toolset toolset : values()) {
      if (toolset.wireName().equals(name)) {
        return toolset;
      }
    }
    throw new IllegalArgumentException(
        "unknown toolset '"
            + (name.length() > 40 ? name.substring(0, 40) + "…" : name)
            + "'; valid: "
            + validNames());
  }

  private static String validNames() {
    return Arrays.stream(values()).map(Toolset::wireName).collect(Collectors.joining(", "))
        + ", all, default";
  }
}
