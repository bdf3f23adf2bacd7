package dev.calendlymcp.calendly;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.ratelimit.BudgetKey;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Which rate budget a token draws on. Calendly meters per user, so every token of one user must
 * share one budget from its very first call: a token whose owner is not yet known is first looked
 * up (once, however many calls arrive together), and only a token whose owner cannot be learned
 * (e.g. it lacks {@code users:read}) keeps a budget of its own. Shared by every client of a process.
 */
public final class BudgetKeys {

  private final Cache<String, BudgetKey> known =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(6)).build();
  private final ConcurrentMap<String, Mono<BudgetKey>> lookups = new ConcurrentHashMap<>();

  /** The budget of the token, if its owner is already known; else the token's own. */
  public BudgetKey knownKeyFor(String tokenFingerprint) {
    BudgetKey key = known.getIfPresent(tokenFingerprint);
    return key != null ? key : BudgetKey.ofTokenFingerprint(tokenFingerprint);
  }

  /**
   * The budget of the token, looking its owner up with {@code ownerLookup} the first time. Callers
   * that arrive while the lookup runs wait for it and are answered in the order they arrived, so
   * the rate limiter's queue keeps their order. A failed lookup leaves the token on a budget of its
   * own rather than failing the caller.
   */
  Mono<BudgetKey> keyFor(String tokenFingerprint, Function<BudgetKey, Mono<URI>> ownerLookup) {
    return Mono.defer(
        () -> {
          BudgetKey key = known.getIfPresent(tokenFingerprint);
          if (key != null) {
            return Mono.just(key);
          }
          return lookups.computeIfAbsent(
              tokenFingerprint,
              fingerprint -> {
                BudgetKey own = BudgetKey.ofTokenFingerprint(fingerprint);
                return ownerLookup
                    .apply(own)
                    .map(uri -> BudgetKey.ofUser(uri.toString()))
                    .onErrorReturn(own)
                    .defaultIfEmpty(own)
                    .doOnNext(found -> known.put(fingerprint, found))
                    .doFinally(signal -> lookups.remove(fingerprint))
                    .cache();
              });
        });
  }

  /** Records that the token with this fingerprint acts as {@code userUri} (e.g. from an OAuth token response). */
  public void learnOwner(String tokenFingerprint, URI userUri) {
    if (userUri != null) {
      known.put(tokenFingerprint, BudgetKey.ofUser(userUri.toString()));
    }
  }
}
