package dev.calendlymcp.calendly;

import java.time.Duration;

/**
 * How transient failures are retried. Reads are retried on 429, 5xx and network errors; writes
 * only when Calendly certainly did not perform them (a 429, a refused connection), never after a
 * timeout or a broken connection, because that could book a meeting twice.
 *
 * @param maxAttempts attempts in total, including the first (1 = never retry)
 * @param firstBackoff wait before the first retry; doubles each time
 * @param maxBackoff ceiling for one wait
 * @param jitter fraction (0..1) of each wait that is randomised so that many clients do not retry
 *     in lockstep
 * @param defaultTimeout the deadline of a call when its caller set none (see {@link Deadline})
 */
public record RetrySettings(
    int maxAttempts, Duration firstBackoff, Duration maxBackoff, double jitter, Duration defaultTimeout) {

  public RetrySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must satisfy 0 <= firstBackoff <= maxBackoff");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1");
    }
    if (defaultTimeout.isZero() || defaultTimeout.isNegative()) {
      throw new IllegalArgumentException("defaultTimeout must be positive");
    }
  }

  public static RetrySettings defaults() {
    return new RetrySettings(4, Duration.ofMillis(250), Duration.ofSeconds(8), 0.5, Duration.ofSeconds(30));
  }

  public static RetrySettings never() {
    return new RetrySettings(1, Duration.ZERO, Duration.ZERO, 0, Duration.ofSeconds(30));
  }

  public RetrySettings withMaxAttempts(int attempts) {
    return new RetrySettings(attempts, firstBackoff, maxBackoff, jitter, defaultTimeout);
  }

  public RetrySettings withBackoff(Duration first, Duration max) {
    return new RetrySettings(maxAttempts, first, max, jitter, defaultTimeout);
  }

  public RetrySettings withJitter(double fraction) {
    return new RetrySettings(maxAttempts, firstBackoff, maxBackoff, fraction, defaultTimeout);
  }

  public RetrySettings withDefaultTimeout(Duration timeout) {
    return new RetrySettings(maxAttempts, firstBackoff, maxBackoff, jitter, timeout);
  }
}
