package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.net.URI;
import java.time.Instant;

/**
 * A span in which a user cannot be booked: a Calendly meeting, or an event on a connected
 * calendar that has "check for conflicts" turned on.
 *
 * @param bufferedStartTime start including the event type's buffer before the meeting; for an
 *     external event the same as {@code startTime}
 * @param bufferedEndTime end including the buffer after the meeting
 * @param event the Calendly meeting; null for external events
 */
public record BusyTime(
    Type type,
    Instant startTime,
    Instant endTime,
    Instant bufferedStartTime,
    Instant bufferedEndTime,
    Event event) {

  /** Where the busy time comes from. */
  public enum Type {
    /** A meeting booked through Calendly. */
    CALENDLY,
    /** An event on a connected external calendar. */
    EXTERNAL,
    @JsonEnumDefaultValue
    UNKNOWN
  }

  /** @param uri the scheduled event behind a {@code calendly} busy time */
  public record Event(URI uri) {}
}
