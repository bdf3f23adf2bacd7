package dev.calendlymcp.auth.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/** A user's approval of one MCP client for some scopes, remembered until withdrawn. */
public record Consent(String userUri, String clientId, Set<String> scopes, Instant grantedAt) {
  public Consent {
    Objects.requireNonNull(userUri, "userUri");
    Objects.requireNonNull(clientId, "clientId");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(grantedAt, "grantedAt");
  }
}
