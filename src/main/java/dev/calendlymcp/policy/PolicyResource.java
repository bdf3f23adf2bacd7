package dev.calendlymcp.policy;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an agent can be given access to, one entry per kind of thing a person would grant or
 * withhold. The list grows as toolsets land; an entry never changes its wire name, because
 * policy files and stored consents refer to it.
 */
public enum PolicyResource {
  EVENT_TYPES("Event types and their settings"),
  AVAILABILITY("Open times, schedules and busy times"),
  MEETINGS("Scheduled events"),
  INVITEES("Invitees' names, emails and answers"),
  BOOKING("Booking and rescheduling"),
  CANCELLATION("Cancelling meetings"),
  LINKS("Booking and single-use links"),
  ORGANIZATION("Organization members and invitations"),
  WEBHOOKS("Webhook subscriptions"),
  CONTACTS("Contacts and notes"),
  RECAPS("Meeting recaps and transcripts"),
  COMPLIANCE("Activity log and data deletion"),
  ROUTING("Routing forms and the answers submitted to them");

  private final String summary;

  PolicyResource(String summary) {
    this.summary = summary;
  }

  /** The name in policy files, flags and consents, e.g. {@code event_types}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String summary() {
    return summary;
  }

  /** @throws IllegalArgumentException naming the valid resources */
  public static PolicyResource fromWire(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    for (PolicyResource resource : values()) {
      if (resource.wireName().equals(wanted)) {
        return resource;
      }
    }
    throw new IllegalArgumentException("unknown resource '" + PolicyText.clip(wanted) + "'; valid: "
        + Arrays.stream(values()).map(PolicyResource::wireName).collect(Collectors.joining(", ")));
  }
}
