package dev.calendlymcp.calendly;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What Calendly's token endpoint granted. Safe to print: both tokens redact themselves.
 *
 * @param accessToken the bearer token for API calls (valid about 2 hours)
 * @param refreshToken the single-use token for the next refresh; replaces the previous one
 * @param tokenType {@code Bearer}
 * @param scope the scopes granted, e.g. {@code default} or {@code scheduled_events:read}
 * @param createdAt when Calendly created the token (Calendly's {@code created_at}); null if
 *     Calendly left it out
 * @param expiresIn the access token's lifetime as Calendly stated it; null if unstated
 * @param expiresAt when the access token expires by this machine's clock: the time the
 *     response arrived plus {@code expiresIn}, so a skewed server clock cannot make a refresh
 *     late; null if the lifetime is unstated
 * @param owner the user URI the grant acts for
 * @param organization that user's organization URI
 */
public record OAuthTokens(
    AccessToken accessToken,
    RefreshToken refreshToken,
    String tokenType,
    Set<String> scope,
    Instant createdAt,
    Duration expiresIn,
    Instant expiresAt,
    URI owner,
    URI organization) {

  public OAuthTokens {
    scope = scope == null ? Set.of() : Set.copyOf(scope);
  }
}
