package dev.calendlymcp.sandbox.webhooks;

import java.time.Duration;
import java.util.Objects;

/**
 * How the sandbox delivers webhooks: whether at all, how long a receiver may take, and how failed
 * deliveries are retried. A failed attempt (a status other than 2xx, redirects included, a timeout
 * or an I/O error) is retried after {@code initialBackoff}, doubling each time up to {@code
 * maxBackoff}; after {@code maxAttempts} failed attempts of one delivery the subscription is
 * disabled. A 410 Gone is not retried: it deletes the subscription at once.
 *
 * @param enabled false: events still reach {@code SandboxConfig.webhookPublisher}, nothing is POSTed
 * @param connectTimeout how long connecting to a receiver may take (Calendly: 10 s)
 * @param readTimeout how long a connected receiver may take to answer (Calendly: 15 s)
 * @param maxAttempts attempts per delivery, the first included, before the subscription is disabled
 * @param initialBackoff wait after the first failed attempt
 * @param maxBackoff longest wait between attempts
 */
public record WebhookDeliverySettings(
    boolean enabled,
    Duration connectTimeout,
    Duration readTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff) {

  public WebhookDeliverySettings {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    if (readTimeout.isNegative() || readTimeout.isZero()) {
      throw new IllegalArgumentException("readTimeout must be positive, got " + readTimeout);
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
   * Delivery on: Calendly's timeouts (10 s to connect, 15 s to read, from its Webhook Timeouts
   * page), 8 attempts, backoff from 1 minute doubling to at most 1 hour (about 2 hours of
   * retries, a shortened version of Calendly's day).
   */
  public static WebhookDeliverySettings defaults() {
    return new WebhookDeliverySettings(
        true, Duration.ofSeconds(10), Duration.ofSeconds(15), 8, Duration.ofMinutes(1), Duration.ofHours(1));
  }

  /** Nothing is delivered. */
  public static WebhookDeliverySettings off() {
    WebhookDeliverySettings on = defaults();
    return new WebhookDeliverySettings(
        false, on.connectTimeout(), on.readTimeout(), on.maxAttempts(), on.initialBackoff(), on.maxBackoff());
  }

  /** These settings with another retry policy. */
  public WebhookDeliverySettings withRetries(int attempts, Duration initial, Duration max) {
    return new WebhookDeliverySettings(enabled, connectTimeout, readTimeout, attempts, initial, max);
  }

  /** These settings with other receiver timeouts. */
  public WebhookDeliverySettings withTimeouts(Duration connect, Duration read) {
    return new WebhookDeliverySettings(enabled, connect, read, maxAttempts, initialBackoff, maxBackoff);
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
