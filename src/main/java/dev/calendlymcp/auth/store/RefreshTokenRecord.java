package dev.calendlymcp.auth.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of our refresh tokens, stored by hash.
 *
 * @param tokenHash SHA-256 of the token
 * @param grantId the grant it refreshes
 * @param issuedAt when it was issued
 * @param expiresAt when it stops working
 * @param usedAt when it was traded for its successor; empty while current
 */
public record RefreshTokenRecord(
    String tokenHash, String grantId, Instant issuedAt, Instant expiresAt, Optional<Instant> usedAt) {
  public RefreshTokenRecord {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(usedAt, "usedAt");
  }
}
