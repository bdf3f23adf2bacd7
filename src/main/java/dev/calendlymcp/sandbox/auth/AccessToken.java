package dev.calendlymcp.sandbox.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A bearer token the sandbox accepts. {@link #toString()} never shows the token itself.
 *
 * @param value the secret sent in {@code Authorization: Bearer …}
 * @param userUuid whom it acts as
 * @param scopes what it may do
 * @param issuedAt when it was issued
 * @param expiresAt when it stops working, or null for never (personal access tokens)
 * @param revoked whether it was revoked
 */
public record AccessToken(
    String value, String userUuid, Set<String> scopes, Instant issuedAt, Instant expiresAt, boolean revoked) {

  public AccessToken {
    scopes = Set.copyOf(scopes);
  }

  /** Whether it has expired at {@code now}. */
  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** This token, revoked. */
  public AccessToken revoke() {
    return new AccessToken(value, userUuid, scopes, issuedAt, expiresAt, true);
  }

  @Override
  public String toString() {
    return "AccessToken[user=" + userUuid + ", scopes=" + scopes + ", expiresAt=" + expiresAt
        + ", revoked=" + revoked + "]";
  }
}
