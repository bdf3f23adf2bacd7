package dev.calendlymcp.calendly;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.ratelimit.BudgetKey;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Which rate budget a token draws on. Calendly meters per user, so every token of one user must
 * share one budget from its very first call: a token whose owner is not yet known is first looked
 * up (once, however many calls arrive together), and only a token whose owner cannot be learned
 * (e.g. it lacks {@code users:read}) keeps a budget of its own. Shared by every client of a process.
 */
public final class BudgetKeys {

  private final AsyncCache<String, BudgetKey> byToken =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(6)).buildAsync();

  /** The budget of the token, if its owner is already known. */
  public BudgetKey knownKeyFor(String tokenFingerprint) {
    CompletableFuture<BudgetKey> key = byToken.getIfPresent(tokenFingerprint);
    return key != null && key.isDone() && !key.isCompletedExceptionally()
        ? key.join()
        : BudgetKey.ofTokenFingerprint(tokenFingerprint);
  }

  /**
   * The budget of the token, looking its owner up with {@code ownerLookup} the first time (one
   * lookup per token however many callers ask at once). A lookup that fails leaves the token on a
   * budget of its own rather than failing the caller.
   */
  Mono<BudgetKey> keyFor(String tokenFingerprint, Function<BudgetKey, Mono<URI>> ownerLookup) {
    return Mono.fromFuture(
        () ->
            byToken.get(
                tokenFingerprint,
                (fingerprint, executor) -> {
                  BudgetKey own = BudgetKey.ofTokenFingerprint(fingerprint);
                  return ownerLookup
                      .apply(own)
                      .map(uri -> BudgetKey.ofUser(uri.toString()))
                      .onErrorReturn(own)
                      .defaultIfEmpty(own)
                      .toFuture();
                }),
        true);
  }

  /** Records that the token with this fingerprint acts as {@code userUri} (e.g. from an OAuth token response). */
  public void learnOwner(String tokenFingerprint, URI userUri) {
    if (userUri != null) {
      byToken.put(tokenFingerprint, CompletableFuture.completedFuture(BudgetKey.ofUser(userUri.toString())));
    }
  }
}
