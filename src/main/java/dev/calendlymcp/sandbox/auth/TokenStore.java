package dev.calendlymcp.sandbox.auth;

import dev.calendlymcp.sandbox.model.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Every token the sandbox has issued: the seeded personal access tokens, tokens tests issue
 * through the Java API and (later) OAuth access tokens. Thread-safe. Token values are minted from
 * the seed, so the same seed prints the same tokens.
 */
public final class TokenStore {

  private final ConcurrentMap<String, AccessToken> tokens = new ConcurrentHashMap<>();
  private final Ids ids;
  private final Clock clock;

  /** Tokens minted from {@code ids}, with issue and expiry times read from {@code clock}. */
  public TokenStore(Ids ids, Clock clock) {
    this.ids = ids;
    this.clock = clock;
  }

  /**
   * Issues a token for {@code userUuid}.
   *
   * @param prefix text the token starts with, e.g. {@code sbx_pat_}, so people can tell kinds apart
   * @param scopes what it may do
   * @param lifetime how long it works from now; null for never; zero or negative for already expired
   */
  public AccessToken issue(String prefix, String userUuid, Collection<String> scopes, Duration lifetime) {
    Instant now = clock.instant();
    AccessToken token =
        new AccessToken(
            prefix + ids.hex(40),
            userUuid,
            Set.copyOf(scopes),
            now,
            lifetime == null ? null : now.plus(lifetime),
            false);
    tokens.put(token.value(), token);
    return token;
  }

  /** The token with this value, if it was ever issued. */
  public Optional<AccessToken> find(String value) {
    return Optional.ofNullable(tokens.get(value));
  }

  /** Revokes a token; true when it existed. */
  public boolean revoke(String value) {
    return tokens.computeIfPresent(value, (k, token) -> token.revoke()) != null;
  }

  /** Revokes every token of a user (what Calendly does when the email or password changes). */
  public void revokeAllOf(String userUuid) {
    tokens.replaceAll((k, token) -> token.userUuid().equals(userUuid) ? token.revoke() : token);
  }
}
