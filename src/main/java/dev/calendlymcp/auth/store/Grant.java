package dev.calendlymcp.auth.store;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One MCP client's access for one Calendly user: what the user consented to, and the Calendly
 * tokens the server acts with on the client's behalf (which never leave the server).
 *
 * @param grantId random id; our access tokens carry it (claim {@code gid})
 * @param clientId the MCP client it was issued to
 * @param userUri the Calendly user who consented
 * @param organizationUri that user's organization
 * @param scopes the scopes the client was granted
 * @param resource the RFC 8707 resource our tokens for it are valid for
 * @param calendly the Calendly tokens of the grant
 * @param createdAt when the user consented
 * @param revokedAt when it was revoked; empty while active
 */
public record Grant(
    String grantId,
    String clientId,
    String userUri,
    String organizationUri,
    Set<String> scopes,
    URI resource,
    CalendlyTokens calendly,
    Instant createdAt,
    Optional<Instant> revokedAt) {

  public Grant {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(userUri, "userUri");
    Objects.requireNonNull(organizationUri, "organizationUri");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(calendly, "calendly");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }

  public boolean isActive() {
    return revokedAt.isEmpty();
  }

  public Grant withCalendly(CalendlyTokens tokens) {
    return new Grant(grantId, clientId, userUri, organizationUri, scopes, resource, tokens, createdAt, revokedAt);
  }
}
