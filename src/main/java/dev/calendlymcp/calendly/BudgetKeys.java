package dev.calendlymcp.calendly;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.ratelimit.BudgetKey;
import java.net.URI;
import java.time.Duration;

/**
 * Which rate budget a token draws on. Calendly meters per user, so every token of one user must
 * share one budget; until a token's owner is known (from {@code /users/me} or an OAuth token
 * response) it has a budget of its own. Shared by every client of a process.
 */
public final class BudgetKeys {

  private final Cache<String, BudgetKey> ownerByToken =
      Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(6)).build();

  /** The budget of the token with this fingerprint. */
  public BudgetKey keyFor(String tokenFingerprint) {
    BudgetKey owner = ownerByToken.getIfPresent(tokenFingerprint);
    return owner != null ? owner : BudgetKey.ofTokenFingerprint(tokenFingerprint);
  }

  /** Records that the token with this fingerprint acts as {@code userUri}. */
  public void learnOwner(String tokenFingerprint, URI userUri) {
    if (userUri != null) {
      ownerByToken.put(tokenFingerprint, BudgetKey.ofUser(userUri.toString()));
    }
  }
}
