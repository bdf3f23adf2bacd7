package dev.calendlymcp.sandbox.webhooks;

/**
 * Receives the webhook events the sandbox's handlers produce (bookings and cancellations). The
 * default does nothing; a delivery implementation (signing, POSTing, retries) plugs in through
 * {@code SandboxConfig} without touching the handlers.
 *
 * <p>Called after the request's change is committed, outside the store lock, on a sandbox worker
 * thread; implementations must hand the work off and return quickly.
 */
@FunctionalInterface
public interface WebhookPublisher {

  /** Publishes one event to its matching subscriptions. */
  void publish(WebhookEvent event);

  /** A publisher that drops every event. */
  static WebhookPublisher none() {
    return event -> {};
  }
}
