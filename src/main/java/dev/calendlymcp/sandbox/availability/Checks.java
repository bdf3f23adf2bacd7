package dev.calendlymcp.sandbox.availability;

import java.time.Duration;
import java.time.Instant;

/** Input checks shared by the availability types, so every message names the offending field. */
final class Checks {

  /** Beyond this, durations and spans stop meaning anything for scheduling and risk overflow. */
  static final Duration MAX_DURATION = Duration.ofDays(AvailabilityEngine.MAX_SPAN_DAYS);

  // Years 1..9999 keep every instant, plus any allowed duration, inside java.time's range.
  private static final Instant MIN_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

  private Checks() {}

  static <T> T notNull(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  static Instant instant(Instant value, String field) {
    notNull(value, field);
    if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
      throw new IllegalArgumentException(
          field + " must be between years 0001 and 9999, got " + value);
    }
    return value;
  }

  static Duration positive(Duration value, String field) {
    notNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(field + " must be positive, got " + value);
    }
    return atMostMax(value, field);
  }

  static Duration nonNegative(Duration value, String field) {
    notNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
    return atMostMax(value, field);
  }

  private static Duration atMostMax(Duration value, String field) {
    if (value.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_DURATION.toDays() + " days, got " + value);
    }
    return value;
  }
}
