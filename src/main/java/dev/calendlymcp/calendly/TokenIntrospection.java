package dev.calendlymcp.calendly;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * Calendly's answer to a token introspection. An inactive (expired, revoked or unknown) token
 * has {@code active} false and every other field empty or null.
 *
 * @param clientId the OAuth app the token was issued to
 * @param tokenType the token's type as Calendly reports it
 * @param expiresAt Calendly's {@code exp}
 * @param issuedAt Calendly's {@code iat}
 * @param owner the user URI the token acts for
 * @param organization that user's organization URI
 */
public record TokenIntrospection(
    boolean active,
    Set<String> scope,
    String clientId,
    String tokenType,
    Instant expiresAt,
    Instant issuedAt,
    URI owner,
    URI organization) {

  public TokenIntrospection {
    scope = scope == null ? Set.of() : Set.copyOf(scope);
  }
}
