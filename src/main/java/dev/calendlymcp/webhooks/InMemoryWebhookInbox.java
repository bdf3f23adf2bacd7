package dev.calendlymcp.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An inbox in this process's memory: nothing survives a restart. For tests and throwaway servers. */
public final class InMemoryWebhookInbox implements WebhookInbox {

  private final Clock clock;
  private final Map<String, Instant> seen = new LinkedHashMap<>();
  private final Map<String, Delivery> pending = new LinkedHashMap<>();

  public InMemoryWebhookInbox(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean accept(Delivery delivery) {
    Instant forgetBefore = clock.instant().minus(REMEMBERED);
    seen.values().removeIf(at -> at.isBefore(forgetBefore));
    if (seen.putIfAbsent(delivery.key(), delivery.receivedAt()) != null) {
      return false;
    }
    pending.put(delivery.key(), delivery);
    return true;
  }

  @Override
  public synchronized List<Delivery> pending(int limit) {
    return pending.values().stream().limit(limit).toList();
  }

  @Override
  public synchronized void done(String key) {
    pending.remove(key);
  }

  @Override
  public void close() {}
}
