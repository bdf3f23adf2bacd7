package dev.calendlymcp.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who an authenticated MCP request acts for: a grant, the agent it was issued to, and the
 * Calendly user who consented.
 */
public record Principal(String grantId, String clientId, String userUri, Set<String> scopes) {
  public Principal {
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(userUri, "userUri");
    scopes = Set.copyOf(scopes);
  }
}
