package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.calendly.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Grants as the request path sees them: read from the store at most every few seconds per grant,
 * and dropped from memory the moment this process revokes one, so a revoked grant stops working at
 * once here and within {@link #FRESHNESS} on other processes sharing the store. Ending a grant
 * also revokes its Calendly tokens at Calendly, so that what the store still holds is worthless.
 */
final class Grants {

  static final Duration FRESHNESS = Duration.ofSeconds(5);

  /** How long an ending waits for Calendly to confirm before it goes on without. */
  static final Duration UPSTREAM_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(Grants.class);

  private final AuthStore store;
  private final Function<RefreshToken, Mono<Void>> upstreamRevocation;
  private final AsyncCache<String, Grant> cache =
      Caffeine.newBuilder().expireAfterWrite(FRESHNESS).maximumSize(100_000).buildAsync();

  /**
   * Grants this process revoked lately. A read of the store that began before the revocation
   * committed may finish after it and cache the grant as active again; this set outlives any such
   * entry, so a revoked grant never works again here.
   */
  private final Cache<String, Boolean> ended =
      Caffeine.newBuilder().expireAfterWrite(FRESHNESS.multipliedBy(12)).maximumSize(100_000).build();

  private volatile LastGrantEnded lastGrantEnded = LastGrantEnded.NONE;

  /** @param upstreamRevocation revokes a Calendly refresh token (and its access tokens) at Calendly */
  Grants(AuthStore store, Function<RefreshToken, Mono<Void>> upstreamRevocation) {
    this.store = store;
    this.upstreamRevocation = upstreamRevocation;
  }

  /** Who hears of a user's last grant ending; one listener, set while the server is wired. */
  void onLastGrantEnded(LastGrantEnded listener) {
    this.lastGrantEnded = listener;
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
   * Revokes the grant, here and at Calendly. It stops working here before the store is even asked,
   * and certainly before the caller hears that it is done: a client told "revoked" must find its
   * token refused at once.
   */
  Mono<Void> revoke(String grantId, Instant now) {
    return Mono.defer(() -> {
      ended(grantId);
      return store.findGrant(grantId)
          .flatMap(grant -> store.revokeGrant(grantId, now)
              .then(grant.isActive() ? ending(grant, true).then(releaseUpstream(grant)) : Mono.empty()));
    });
  }

  /** Calendly ended the grant (its refresh token is dead): revokes ours, with nothing to release there. */
  Mono<Void> endedAtCalendly(String grantId, Instant now) {
    return Mono.defer(() -> {
      ended(grantId);
      return store.revokeGrant(grantId, now)
          .then(store.findGrant(grantId))
          .flatMap(grant -> ending(grant, false));
    });
  }

  /** The store revoked this grant by itself (a refresh token presented twice): ends it here and at Calendly. */
  Mono<Void> revokedByStore(String grantId) {
    return Mono.defer(() -> {
      ended(grantId);
      return store.findGrant(grantId).flatMap(grant -> ending(grant, true).then(releaseUpstream(grant)));
    });
  }

  /**
   * Tells the listener when {@code grant} was its user's last active one, before its tokens are
   * revoked at Calendly. Best effort and bounded: the grant is over here whatever the listener does.
   */
  private Mono<Void> ending(Grant grant, boolean tokensStillValid) {
    LastGrantEnded listener = lastGrantEnded;
    if (listener == LastGrantEnded.NONE) {
      return Mono.empty();
    }
    return store.grantsOf(grant.userUri())
        .filter(other -> other.isActive() && !other.grantId().equals(grant.grantId()))
        .hasElements()
        .flatMap(othersRemain -> othersRemain
            ? Mono.<Void>empty()
            : listener.ended(grant.userUri(),
                tokensStillValid ? Optional.of(grant.calendly().accessToken()) : Optional.empty()))
        .timeout(UPSTREAM_TIMEOUT.multipliedBy(2))
        .onErrorResume(e -> {
          log.warn("Undoing what was set up at Calendly for the user of grant {} failed: {}", grant.grantId(),
              e.getClass().getSimpleName());
          return Mono.empty();
        });
  }

  /**
   * Best effort: the grant is already over here, so a Calendly that does not answer only means its
   * tokens live on (encrypted, in our store) until they expire.
   */
  private Mono<Void> releaseUpstream(Grant grant) {
    return upstreamRevocation.apply(grant.calendly().refreshToken())
        .timeout(UPSTREAM_TIMEOUT)
        .onErrorResume(e -> {
          log.warn("Calendly did not confirm revoking the tokens of grant {}: {}", grant.grantId(), e.toString());
          return Mono.empty();
        });
  }

  private void ended(String grantId) {
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
