package dev.calendlymcp.auth.store;

/** The outcome of presenting a refresh token. */
public sealed interface RefreshRotation {

  /** The token was current: it is now used, and {@code next} replaces it. */
  record Rotated(Grant grant, RefreshTokenRecord next) implements RefreshRotation {}

  /** The token had already been used: the grant is now revoked (someone holds a stolen copy). */
  record Reused(String grantId) implements RefreshRotation {}

  /** Unknown, expired, or its grant revoked. */
  record Invalid() implements RefreshRotation {}
}
