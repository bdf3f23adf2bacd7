package dev.calendlymcp.auth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.Hashes;
import dev.calendlymcp.auth.store.OAuthClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /revoke} (RFC 7009): an access token or a refresh token ends its whole grant, for
 * the client it was issued to. Unknown tokens, or another client's, get the same 200, so the
 * endpoint reveals nothing.
 */
final class RevocationEndpoint {

  private final AuthSettings settings;
  private final AuthStore store;
  private final AccessTokens tokens;
  private final Grants grants;
  private final ClientAuthenticator clients;

  RevocationEndpoint(AuthSettings settings, AuthStore store, AccessTokens tokens, Grants grants, ClientAuthenticator clients) {
    this.settings = settings;
    this.store = store;
    this.tokens = tokens;
    this.grants = grants;
    this.clients = clients;
  }

  Mono<Void> revoke(HttpServerRequest request, HttpServerResponse response) {
    return Web.body(request)
        .flatMap(body -> {
          TokenRevocationRequest parsed;
          try {
            parsed = TokenRevocationRequest.parse(
                TokenEndpoint.nimbusRequest(request, body, settings.publicUrl() + ServerMetadata.Endpoints.REVOKE));
          } catch (ParseException | IllegalArgumentException e) {
            return TokenEndpoint.error(response, 400, "invalid_request", "The revocation request is malformed: send token.");
          }
          return clients.authenticate(parsed.getClientAuthentication(), parsed.getClientID())
              .flatMap(client -> grantOf(parsed.getToken().getValue(), client))
              .flatMap(grantId -> grants.revoke(grantId, settings.clock().instant()))
              .then(Web.json(response, 200, "{}"));
        })
        .onErrorResume(ClientAuthenticator.InvalidClient.class,
            e -> TokenEndpoint.error(response, 401, "invalid_client", e.getMessage()))
        .onErrorResume(Web.TooLarge.class, e -> TokenEndpoint.error(response, 413, "invalid_request", "The request is too large."));
  }

  /** The grant the token belongs to, when it is this client's. */
  private Mono<String> grantOf(String token, OAuthClient client) {
    Mono<String> grantId = token.chars().filter(c -> c == '.').count() == 2
        ? tokens.verify(token, true)
            .filter(claims -> claims.clientId().equals(client.clientId()))
            .map(AccessTokens.Claims::grantId)
            .onErrorResume(AccessTokens.InvalidToken.class, e -> Mono.empty())
        : store.findRefreshToken(Hashes.sha256(token))
            .flatMap(record -> store.findGrant(record.grantId()))
            .filter(grant -> grant.clientId().equals(client.clientId()))
            .map(grant -> grant.grantId());
    return grantId;
  }
}
