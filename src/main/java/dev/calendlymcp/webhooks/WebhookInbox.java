package dev.calendlymcp.webhooks;

import java.util.List;

/**
 * Where verified deliveries wait between the acknowledgement Calendly gets and their processing.
 * An implementation must keep an accepted delivery until {@link #done} (across a crash, if it is
 * durable) and must remember every key it accepted for at least {@link #REMEMBERED}, so that
 * Calendly's retries, which it sends for about a day, are recognised. Implementations: {@link
 * SqliteWebhookInbox} (durable, one process), {@link InMemoryWebhookInbox} (tests, throwaway
 * servers); a shared store (Redis) lets replicas share one.
 *
 * <p>Methods may block on I/O: callers run them off event-loop threads.
 */
public interface WebhookInbox extends AutoCloseable {

  /** How long a key is remembered after its delivery arrived: Calendly's retries stop after about 24 h. */
  java.time.Duration REMEMBERED = java.time.Duration.ofDays(3);

  /**
   * Keeps the delivery, durably where the implementation is durable, before returning.
   *
   * @return false, keeping nothing, when a delivery with that key was accepted before
   */
  boolean accept(Delivery delivery);

  /** Accepted deliveries not yet {@link #done}, oldest first, at most {@code limit}. */
  List<Delivery> pending(int limit);

  /** The delivery was processed: it is not pending any more (its key is still remembered). */
  void done(String key);

  @Override
  void close();
}
