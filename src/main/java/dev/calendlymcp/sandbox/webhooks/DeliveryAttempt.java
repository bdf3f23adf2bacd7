package dev.calendlymcp.sandbox.webhooks;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt to deliver a webhook event to one subscription, and what came of it. Published on
 * {@code Sandbox.webhookDeliveries()} so tests can wait for deliveries instead of sleeping.
 *
 * @param subscription URI of the webhook subscription
 * @param event the event name, e.g. {@code invitee.created}
 * @param attempt 1 for the first attempt
 * @param at when the attempt ended, by the sandbox clock
 * @param status the receiver's HTTP status; 0 when there was none (I/O error or timeout)
 * @param failure why the attempt failed (the status, or the kind of I/O error); null on success
 * @param outcome what happens next
 * @param retryIn the wait before the next attempt, for {@link Outcome#RETRY_SCHEDULED}; else null
 */
public record DeliveryAttempt(
    String subscription,
    String event,
    int attempt,
    Instant at,
    int status,
    String failure,
    Outcome outcome,
    Duration retryIn) {

  /** What came of an attempt. */
  public enum Outcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** It failed; the next attempt is already scheduled on the sandbox's scheduler. */
    RETRY_SCHEDULED,
    /** It failed for the last allowed time; the subscription is now disabled. */
    DISABLED,
    /** The receiver answered 410 Gone; the subscription is deleted and nothing is retried. */
    DELETED,
    /** Not sent: the subscription was deleted or disabled in the meantime. */
    SKIPPED
  }
}
