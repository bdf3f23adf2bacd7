package dev.calendlymcp.ratelimit;

import java.time.Duration;

/**
 * The length of a booking window. Booking windows are calendar windows in UTC (a minute starts at
 * second 0, an hour at minute 0, a day at midnight UTC), the way epoch-aligned fixed-window
 * limiters count; see docs/rate-limits.md for why.
 */
public enum BookingPeriod {
  MINUTE(Duration.ofMinutes(1), "this minute"),
  HOUR(Duration.ofHours(1), "this hour"),
  DAY(Duration.ofDays(1), "today");

  private final Duration length;
  private final String current;

  BookingPeriod(Duration length, String current) {
    this.length = length;
    this.current = current;
  }

  public Duration length() {
    return length;
  }

  long millis() {
    return length.toMillis();
  }

  /** How a message names the window that is running: "this minute", "today". */
  String current() {
    return current;
  }
}
