package dev.calendlymcp.sandbox.webhooks;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox delivers webhooks: whether at all, how long a receiver may take, and how failed
 * deliveries are retried. A failed attempt (a status other than 2xx, a timeout or an I/O error)
 * is retried after {@code initialBackoff}, doubling each time up to {@code maxBackoff}; after
 * {@code maxAttempts} failed attempts of one delivery the subscription is disabled.
 *
 * @param enabled false: events still reach {@code SandboxConfig.webhookPublisher}, nothing is POSTed
 * @param timeout how long a receiver may take to connect and answer (Calendly: 10 s)
 * @param maxAttempts attempts per delivery, the first included, before the subscription is disabled
 * @param initialBackoff wait after the first failed attempt
 * @param maxBackoff longest wait between attempts
 */
public record WebhookDeliverySettings(
    boolean enabled, Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public WebhookDeliverySettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxAttempts < 1 || maxAttempts > 100) {
      throw new IllegalArgumentException("maxAttempts must be between 1 and 100, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be at least initialBackoff, got " + maxBackoff);
    }
  }

  /**
   * Delivery on: 10 s timeout, 8 attempts, backoff from 1 minute doubling to at most 1 hour
   * (about 2 hours of retries, a shortened version of Calendly's day).
   */
  public static WebhookDeliverySettings defaults() {
    return new WebhookDeliverySettings(true, Duration.ofSeconds(10), 8, Duration.ofMinutes(1), Duration.ofHours(1));
  }

  /** Nothing is delivered. */
  public static WebhookDeliverySettings off() {
    return new WebhookDeliverySettings(
        false, defaults().timeout(), defaults().maxAttempts(), defaults().initialBackoff(), defaults().maxBackoff());
  }

  /** These settings with another retry policy. */
  public WebhookDeliverySettings withRetries(int attempts, Duration initial, Duration max) {
    return new WebhookDeliverySettings(enabled, timeout, attempts, initial, max);
  }

  /** These settings with another receiver timeout. */
  public WebhookDeliverySettings withTimeout(Duration receiverTimeout) {
    return new WebhookDeliverySettings(enabled, receiverTimeout, maxAttempts, initialBackoff, maxBackoff);
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be positive, got " + attempt);
    }
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
