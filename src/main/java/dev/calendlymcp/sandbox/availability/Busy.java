package dev.calendlymcp.sandbox.availability;

import java.time.Instant;

/**
 * A half-open stretch {@code [start, end)} when the host is busy: meetings of any event type
 * (one-on-one bookings of the event type being searched included) and external calendar events.
 * An empty stretch ({@code start == end}) blocks nothing.
 *
 * @param start when the busy time begins
 * @param end when it ends, not before {@code start}
 */
public record Busy(Instant start, Instant end) {

  public Busy {
    Checks.instant(start, "start");
    Checks.instant(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end (" + end + ") must not be before start (" + start + ")");
    }
  }
}
