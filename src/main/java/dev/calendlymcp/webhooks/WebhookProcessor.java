package dev.calendlymcp.webhooks;

import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeFeed;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the inbox's pending deliveries into changes on the feed, one at a time on a thread of its
 * own, after the receiver has acknowledged them. A delivery leaves the inbox only once its change
 * is published: a crash in between publishes it again after the restart, into a feed that (being
 * in memory) lost the first one and to sessions that are new. Within one process nothing is
 * processed twice.
 */
public final class WebhookProcessor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
  private static final int BATCH = 100;

  private final WebhookInbox inbox;
  private final ChangeFeed feed;
  private final WebhookAccounts accounts;
  private final JsonMapper json = JsonMapper.builder().build();
  private final Scheduler worker = Schedulers.newSingle("webhook-processor", true);
  private final AtomicInteger wanted = new AtomicInteger();
  private final AtomicLong processed = new AtomicLong();

  public WebhookProcessor(WebhookInbox inbox, ChangeFeed feed, WebhookAccounts accounts) {
    this.inbox = Objects.requireNonNull(inbox, "inbox");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
  }

  /** Processes what a previous run acknowledged but did not finish. */
  public WebhookProcessor start() {
    wake();
    return this;
  }

  /** Something was accepted: drain the inbox soon. Never blocks; wakes while draining are not lost. */
  public void wake() {
    if (wanted.getAndIncrement() == 0) {
      worker.schedule(this::drain);
    }
  }

  /** Deliveries processed by this instance so far. */
  public long processed() {
    return processed.get();
  }

  private void drain() {
    int missed = 1;
    do {
      try {
        List<Delivery> batch;
        do {
          batch = inbox.pending(BATCH);
          batch.forEach(this::process);
        } while (batch.size() == BATCH);
      } catch (RuntimeException e) {
        // The inbox itself failed; what it holds stays pending for the next wake or restart.
        log.warn("Reading the webhook inbox failed: {}", e.getMessage());
      }
      missed = wanted.addAndGet(-missed);
    } while (missed != 0);
  }

  private void process(Delivery delivery) {
    try {
      JsonNode envelope = json.readTree(delivery.body());
      Optional<Change.Draft> change = DeliveryReading.change(envelope, delivery.receivedAt());
      if (change.isPresent()) {
        for (String account : accounts.of(DeliveryReading.users(envelope))) {
          feed.publish(account, change.get());
        }
      }
    } catch (JacksonException e) {
      // Checked when it arrived; a body that no longer reads is dropped rather than retried for ever.
      log.warn("A stored webhook delivery is no longer valid JSON and is dropped");
    }
    // Counted before it leaves the inbox: whoever sees the inbox empty sees it counted.
    processed.incrementAndGet();
    inbox.done(delivery.key());
  }

  @Override
  public void close() {
    worker.dispose();
  }
}
