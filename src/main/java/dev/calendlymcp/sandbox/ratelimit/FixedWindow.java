package dev.calendlymcp.sandbox.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * A counter over a fixed window that starts with the first request after the previous window
 * ended. Not thread-safe: {@link RateLimiter} synchronizes on the user's state.
 */
final class FixedWindow {

  private final Duration length;
  private Instant start;
  private int used;

  FixedWindow(Duration length) {
    this.length = length;
  }

  /** Starts a new window when the current one is over at {@code now}. */
  void roll(Instant now) {
    if (start == null || !now.isBefore(start.plus(length))) {
      start = now;
      used = 0;
    }
  }

  /** Whether another request fits under {@code limit} (call {@link #roll} first). */
  boolean hasRoom(int limit) {
    return used < limit;
  }

  void take() {
    used++;
  }

  int used() {
    return used;
  }

  /** Whole seconds (at least 1) until this window ends. */
  long secondsLeft(Instant now) {
    Duration left = Duration.between(now, start.plus(length));
    long seconds = (left.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }
}
