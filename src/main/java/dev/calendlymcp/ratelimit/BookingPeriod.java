package dev.calendlymcp.ratelimit;

import java.time.Duration;

/**
 * The length of a booking window. Each booking must fit both a window of this length that started
 * with its first booking and the calendar window in UTC (a minute from second 0, a day from
 * midnight), because Calendly does not say which it counts; see docs/rate-limits.md.
 */
public enum BookingPeriod {
  MINUTE(Duration.ofMinutes(1), "per-minute"),
  HOUR(Duration.ofHours(1), "per-hour"),
  DAY(Duration.ofDays(1), "per-day");

  private final Duration length;
  private final String adjective;

  BookingPeriod(Duration length, String adjective) {
    this.length = length;
    this.adjective = adjective;
  }

  public Duration length() {
    return length;
  }

  long millis() {
    return length.toMillis();
  }

  /** How a message names the budget: "per-minute", "per-day". */
  String adjective() {
    return adjective;
  }
}
