package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A Notetaker recap of a meeting: Markdown highlights written after it, for a Calendly scheduled
 * event or an external meeting.
 *
 * @param status {@code available}, {@code processing} or {@code unavailable}
 * @param event the Calendly scheduled event, or null for an external meeting
 */
public record MeetingRecap(
    URI uri,
    String status,
    URI event,
    String title,
    Instant startTime,
    Instant endTime,
    List<Attendee> attendees,
    String summaryMd,
    String actionItemsMd,
    String discussionMd,
    Instant createdAt,
    Instant updatedAt) {

  public MeetingRecap {
    attendees = attendees == null ? List.of() : List.copyOf(attendees);
  }

  public record Attendee(String name, String email) {}
}
