package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.OAuthClientCredentials;
import dev.calendlymcp.calendly.RefreshToken;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Calendly login {@code calendly-mcp login} keeps for local servers: a personal access token,
 * or an OAuth grant with the app that obtained it, plus the Calendly it belongs to (its base URLs,
 * so that a login to a sandbox stays a login to that sandbox) and whose it is.
 *
 * @param kind how the user signed in
 * @param apiBaseUrl the Calendly API the token is for
 * @param authBaseUrl that Calendly's OAuth server
 * @param accessToken the bearer token
 * @param refreshToken OAuth only: single-use, replaced at every refresh
 * @param expiresAt OAuth only: when the access token expires by this machine's clock
 * @param client OAuth only: the app the grant belongs to (refreshing and revoking need it)
 * @param scopes the scopes Calendly granted, when it said
 * @param userUri whom the token acts for
 * @param email that user's email, to show who is signed in
 */
record StoredLogin(
    Kind kind,
    URI apiBaseUrl,
    URI authBaseUrl,
    AccessToken accessToken,
    Optional<RefreshToken> refreshToken,
    Optional<Instant> expiresAt,
    Optional<OAuthClientCredentials> client,
    List<String> scopes,
    String userUri,
    String email) {

  enum Kind {
    PERSONAL_ACCESS_TOKEN,
    OAUTH
  }

  StoredLogin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(authBaseUrl, "authBaseUrl");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(refreshToken, "refreshToken");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(client, "client");
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(userUri, "userUri");
    Objects.requireNonNull(email, "email");
    if (kind == Kind.OAUTH && (refreshToken.isEmpty() || client.isEmpty())) {
      throw new IllegalArgumentException("an OAuth login needs its refresh token and client");
    }
  }

  /** The same login after a refresh: Calendly rotates the refresh token each time. */
  StoredLogin refreshed(AccessToken access, RefreshToken refresh, Instant expires) {
    return new StoredLogin(kind, apiBaseUrl, authBaseUrl, access, Optional.of(refresh), Optional.of(expires),
        client, scopes, userUri, email);
  }
}
