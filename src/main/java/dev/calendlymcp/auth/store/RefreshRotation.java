package dev.calendlymcp.auth.store;

import java.time.Instant;
import java.util.Optional;

/** The outcome of presenting a refresh token. */
public sealed interface RefreshRotation {

  /**
   * The rule every store applies, inside the transaction that read {@code presented} and its
   * {@code grant} (either may be null when not found): the store then revokes the grant for {@link
   * Reused}, and for {@link Rotated} marks the presented token used and stores {@code next}.
   */
  static RefreshRotation decide(RefreshTokenRecord presented, Grant grant, RefreshTokenRecord next, Instant now) {
    if (presented == null || grant == null || !grant.isActive()) {
      return new Invalid();
    }
    // A used token is reuse however old it is: the honest client only holds its successor.
    if (presented.usedAt().isPresent()) {
      return new Reused(grant.grantId());
    }
    if (!now.isBefore(presented.expiresAt())) {
      return new Invalid();
    }
    return new Rotated(grant,
        new RefreshTokenRecord(next.tokenHash(), grant.grantId(), next.issuedAt(), next.expiresAt(), Optional.empty()));
  }

  /** The token was current: it is now used, and {@code next} replaces it. */
  record Rotated(Grant grant, RefreshTokenRecord next) implements RefreshRotation {}

  /** The token had already been used: the grant is now revoked (someone holds a stolen copy). */
  record Reused(String grantId) implements RefreshRotation {}

  /** Unknown, expired, or its grant revoked. */
  record Invalid() implements RefreshRotation {}
}
