package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.Grant;
import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Grants as the request path sees them: read from the store at most every few seconds per grant,
 * and dropped from memory the moment this process revokes one, so a revoked grant stops working at
 * once here and within {@link #FRESHNESS} on other processes sharing the store.
 */
final class Grants {

  static final Duration FRESHNESS = Duration.ofSeconds(5);

  private final AuthStore store;
  private final AsyncCache<String, Grant> cache =
      Caffeine.newBuilder().expireAfterWrite(FRESHNESS).maximumSize(100_000).buildAsync();

  Grants(AuthStore store) {
    this.store = store;
  }

  /** The grant when it exists and is active; empty otherwise. */
  Mono<Grant> active(String grantId) {
    return Mono.fromFuture(() -> cache.get(grantId, (id, executor) -> store.findGrant(id).toFuture()))
        .filter(Grant::isActive);
  }

  Mono<Void> revoke(String grantId, Instant now) {
    return store.revokeGrant(grantId, now).doFinally(signal -> forget(grantId));
  }

  /**
   * After a code was presented twice: the store revoked its grant, but only the store knows which,
   * so nothing cached may be trusted. Rare enough that re-reading every grant costs nothing.
   */
  void forgetAll() {
    cache.synchronous().invalidateAll();
  }

  /** After a change to the grant (revoked, tokens refreshed) made here. */
  void forget(String grantId) {
    cache.synchronous().invalidate(grantId);
  }
}
