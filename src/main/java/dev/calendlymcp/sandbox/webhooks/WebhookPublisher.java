package dev.calendlymcp.sandbox.webhooks;

/**
 * Receives the webhook events the sandbox's handlers produce (every one of the fourteen). The
 * sandbox always hands them to its {@link WebhookDeliverer} (signing, POSTing, retries); one more
 * publisher given in {@code SandboxConfig} hears them too, e.g. a test recording what was
 * published.
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
