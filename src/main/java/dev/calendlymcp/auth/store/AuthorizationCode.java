package dev.calendlymcp.auth.store;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * Our authorization code for an MCP client, stored by hash, single-use and short-lived.
 *
 * @param codeHash SHA-256 of the code
 * @param grantId the grant it hands over
 * @param clientId the client it was issued to
 * @param redirectUri the redirect URI of the authorization request (the token request must repeat it)
 * @param codeChallenge the client's S256 challenge
 * @param resource the resource the tokens will be for
 * @param expiresAt at most 60 s after issue
 */
public record AuthorizationCode(
    String codeHash, String grantId, String clientId, URI redirectUri, String codeChallenge, URI resource, Instant expiresAt) {
  public AuthorizationCode {
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(grantId, "grantId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
