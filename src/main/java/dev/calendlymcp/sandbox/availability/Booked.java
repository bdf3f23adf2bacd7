package dev.calendlymcp.sandbox.availability;

import java.time.Instant;

/**
 * Seats already taken in a meeting of the event type being searched, starting at {@code start}. A
 * group event keeps offering that start until its seats are gone; several entries for the same
 * start add up.
 *
 * @param start when the booked meeting starts
 * @param seatsTaken invitees already booked into it, not negative
 */
public record Booked(Instant start, int seatsTaken) {

  public Booked {
    Checks.instant(start, "start");
    if (seatsTaken < 0) {
      throw new IllegalArgumentException("seatsTaken must not be negative, got " + seatsTaken);
    }
  }
}
