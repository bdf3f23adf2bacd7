package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A booked meeting: one occurrence of an event type with a start, an end, hosts and invitees.
 * Nullable fields are null when Calendly sends null or leaves them out.
 *
 * @param uri canonical reference, e.g. {@code https://api.calendly.com/scheduled_events/AAAA}
 * @param name the event type's name at booking time
 * @param meetingNotesPlain host notes in plain text; may be null
 * @param meetingNotesHtml host notes as HTML; may be null
 * @param status whether it still takes place
 * @param eventType URI of the event type it was booked from
 * @param location where it takes place; may be null
 * @param inviteesCounter how many people booked it
 * @param eventMemberships its hosts
 * @param eventGuests people invitees added as guests
 * @param cancellation who canceled it and why; null unless canceled
 * @param calendarEvent its copy in the host's external calendar; may be null
 */
public record ScheduledEvent(
    URI uri,
    String name,
    String meetingNotesPlain,
    String meetingNotesHtml,
    EventStatus status,
    Instant startTime,
    Instant endTime,
    URI eventType,
    EventLocation location,
    InviteesCounter inviteesCounter,
    Instant createdAt,
    Instant updatedAt,
    List<EventMembership> eventMemberships,
    List<EventGuest> eventGuests,
    Cancellation cancellation,
    CalendarEvent calendarEvent) {

  public ScheduledEvent {
    eventMemberships = eventMemberships == null ? null : List.copyOf(eventMemberships);
    eventGuests = eventGuests == null ? null : List.copyOf(eventGuests);
  }
}
