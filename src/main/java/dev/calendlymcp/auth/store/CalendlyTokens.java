package dev.calendlymcp.auth.store;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.RefreshToken;
import java.time.Instant;
import java.util.Objects;

/**
 * Calendly's tokens for one grant; safe to print (both redact themselves). Stores keep them
 * encrypted at rest.
 *
 * @param accessToken the bearer token for Calendly's API
 * @param refreshToken Calendly's single-use refresh token
 * @param expiresAt when {@code accessToken} expires by this machine's clock
 */
public record CalendlyTokens(AccessToken accessToken, RefreshToken refreshToken, Instant expiresAt) {
  public CalendlyTokens {
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
