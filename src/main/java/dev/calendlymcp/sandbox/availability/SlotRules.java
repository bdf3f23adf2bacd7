package dev.calendlymcp.sandbox.availability;

import java.time.Duration;

/**
 * How an event type turns availability into bookable slots.
 *
 * @param duration how long a meeting lasts (real elapsed time, also across DST changes)
 * @param increment time between consecutive slot starts within an interval (typically 15 or 30
 *     minutes); null means "same as duration"
 * @param bufferBefore time before each meeting that must also be free of busy times
 * @param bufferAfter time after each meeting that must also be free of busy times
 * @param minimumNotice how long before its start a slot may still be booked
 * @param seatsPerSlot invitees per slot: 1 for one-on-one, more for a group event
 * @param maxDaysInFuture how far ahead booking is allowed, in days of 24 hours from now; 0 means
 *     unlimited
 */
public record SlotRules(
    Duration duration,
    Duration increment,
    Duration bufferBefore,
    Duration bufferAfter,
    Duration minimumNotice,
    int seatsPerSlot,
    int maxDaysInFuture) {

  public SlotRules {
    Checks.positive(duration, "duration");
    increment = increment == null ? duration : Checks.positive(increment, "increment");
    Checks.nonNegative(bufferBefore, "bufferBefore");
    Checks.nonNegative(bufferAfter, "bufferAfter");
    Checks.nonNegative(minimumNotice, "minimumNotice");
    if (seatsPerSlot < 1) {
      throw new IllegalArgumentException("seatsPerSlot must be at least 1, got " + seatsPerSlot);
    }
    if (maxDaysInFuture < 0) {
      throw new IllegalArgumentException(
          "maxDaysInFuture must be 0 (unlimited) or positive, got " + maxDaysInFuture);
    }
  }

  /**
   * One-on-one slots of {@code duration}, starting every {@code duration}, no buffers, no notice,
   * no booking window.
   */
  public static SlotRules of(Duration duration) {
    return new SlotRules(duration, null, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1, 0);
  }

  public SlotRules withIncrement(Duration increment) {
    return new SlotRules(duration, Checks.notNull(increment, "increment"), bufferBefore,
        bufferAfter, minimumNotice, seatsPerSlot, maxDaysInFuture);
  }

  public SlotRules withBuffers(Duration bufferBefore, Duration bufferAfter) {
    return new SlotRules(duration, increment, bufferBefore, bufferAfter, minimumNotice,
        seatsPerSlot, maxDaysInFuture);
  }

  public SlotRules withMinimumNotice(Duration minimumNotice) {
    return new SlotRules(duration, increment, bufferBefore, bufferAfter, minimumNotice,
        seatsPerSlot, maxDaysInFuture);
  }

  public SlotRules withSeatsPerSlot(int seatsPerSlot) {
    return new SlotRules(duration, increment, bufferBefore, bufferAfter, minimumNotice,
        seatsPerSlot, maxDaysInFuture);
  }

  public SlotRules withMaxDaysInFuture(int maxDaysInFuture) {
    return new SlotRules(duration, increment, bufferBefore, bufferAfter, minimumNotice,
        seatsPerSlot, maxDaysInFuture);
  }
}
