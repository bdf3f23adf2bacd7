package dev.calendlymcp.webhooks;

import dev.calendlymcp.cache.CoalescingCache;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeKind;
import java.util.Objects;

/**
 * Drops the cached Calendly answers a change made stale, so that the next read after a
 * notification sees the booking. Listens on the change feed. Today it drops this process's cache;
 * replicas will each need theirs dropped, which an implementation that broadcasts can do behind
 * this same interface.
 */
@FunctionalInterface
public interface CacheInvalidation {

  void changed(Change change);

  /**
   * This process's cache. The cache is keyed by token fingerprint, not by account, so every
   * token's meeting data goes: a few extra reads, never a stale one.
   */
  static CacheInvalidation local(CoalescingCache cache) {
    Objects.requireNonNull(cache, "cache");
    return change -> cache.invalidateGroups(
        CachePolicy.staleAfterCalendlyChange(change.kind() == ChangeKind.EVENT_TYPE_CHANGED));
  }
}
