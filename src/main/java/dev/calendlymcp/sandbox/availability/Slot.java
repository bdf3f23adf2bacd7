package dev.calendlymcp.sandbox.availability;

import java.time.Instant;

/**
 * A bookable start time, Calendly's {@code EventTypeAvailableTime}.
 *
 * @param start when the meeting would start
 * @param inviteesRemaining seats still free at that start, at least 1 (always 1 for one-on-one)
 */
public record Slot(Instant start, int inviteesRemaining) {

  public Slot {
    Checks.notNull(start, "start");
    if (inviteesRemaining < 1) {
      throw new IllegalArgumentException(
          "inviteesRemaining must be at least 1, got " + inviteesRemaining);
    }
  }
}
