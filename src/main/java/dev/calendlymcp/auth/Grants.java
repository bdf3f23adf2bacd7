package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
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

  /**
   * Grants this process revoked lately. A read of the store that began before the revocation
   * committed may finish after it and cache the grant as active again; this set outlives any such
   * entry, so a revoked grant never works again here.
   */
  private final Cache<String, Boolean> ended =
      Caffeine.newBuilder().expireAfterWrite(FRESHNESS.multipliedBy(12)).maximumSize(100_000).build();

  Grants(AuthStore store) {
    this.store = store;
  }

  /** The grant when it exists and is active; empty otherwise. */
  Mono<Grant> active(String grantId) {
    if (ended.getIfPresent(grantId) != null) {
      return Mono.empty();
    }
    return Mono.fromFuture(() -> cache.get(grantId, (id, executor) -> store.findGrant(id).toFuture()))
        .filter(grant -> grant.isActive() && ended.getIfPresent(grantId) == null);
  }

  /**
   * Revokes the grant. It stops working here before the store is even asked, and certainly before
   * the caller hears that it is done: a client told "revoked" must find its token refused at once.
   */
  Mono<Void> revoke(String grantId, Instant now) {
    return Mono.defer(() -> {
      ended(grantId);
      return store.revokeGrant(grantId, now);
    });
  }

  /** The store revoked this grant by itself (a refresh token presented twice). */
  void ended(String grantId) {
    ended.put(grantId, Boolean.TRUE);
    forget(grantId);
  }

  /**
   * {@code write} to the grant, after which the grant is read again from the store; dropped from
   * memory before the completion travels on, so the next request cannot see the old version.
   */
  Mono<Void> changed(String grantId, Mono<Void> write) {
    return write.doOnTerminate(() -> forget(grantId)).doOnCancel(() -> forget(grantId));
  }

  /**
   * After a code was presented twice: the store revoked its grant, but only the store knows which,
   * so nothing cached may be trusted. Rare enough that re-reading every grant costs nothing.
   */
  void forgetAll() {
    cache.synchronous().invalidateAll();
  }

  private void forget(String grantId) {
    cache.synchronous().invalidate(grantId);
  }
}
