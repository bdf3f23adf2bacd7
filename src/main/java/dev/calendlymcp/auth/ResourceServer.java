package dev.calendlymcp.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * The MCP endpoint's side of OAuth: every request must carry one of our access tokens, for this
 * resource, unexpired, of an active grant, with a scope that allows MCP. A refusal says where to
 * get a token (RFC 9728 {@code resource_metadata}) and never echoes the token.
 */
public final class ResourceServer {

  private final AuthSettings settings;
  private final AccessTokens tokens;
  private final Grants grants;
  private final String challengeBase;

  ResourceServer(AuthSettings settings, AccessTokens tokens, Grants grants) {
    this.settings = settings;
    this.tokens = tokens;
    this.grants = grants;
    this.challengeBase = "Bearer resource_metadata=\"" + ServerMetadata.protectedResourceUrl(settings) + "\"";
  }

  /** Emits who the request acts for, or fails with an {@link AuthChallenge}. */
  public Mono<Principal> authenticate(HttpServerRequest request) {
    return authenticate(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
  }

  /** The same, from the {@code Authorization} header's value (null when absent). */
  Mono<Principal> authenticate(String header) {
    if (header == null || header.isBlank()) {
      return Mono.error(new AuthChallenge(401, challengeBase + ", scope=\"" + Scopes.READ + " " + Scopes.WRITE + "\"",
          "", "This MCP server needs an OAuth access token: see " + ServerMetadata.protectedResourceUrl(settings)));
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      return Mono.error(invalid("The Authorization header must be \"Bearer <access token>\"."));
    }
    String token = header.substring(7).strip();
    return tokens.verify(token, false)
        .onErrorMap(AccessTokens.InvalidToken.class, e -> invalid(e.getMessage()))
        .flatMap(claims -> grants.active(claims.grantId())
            .switchIfEmpty(Mono.error(() -> invalid("The access token's grant was revoked; sign in again.")))
            .map(grant -> {
              if (!Scopes.allowsMcp(claims.scopes())) {
                throw new AuthChallenge(403,
                    challengeBase + ", error=\"insufficient_scope\", scope=\"" + Scopes.READ + "\"",
                    "insufficient_scope", "The access token lacks the scope " + Scopes.READ + " this endpoint needs.");
              }
              return new Principal(grant.grantId(), grant.clientId(), grant.userUri(), claims.scopes());
            }));
  }

  private AuthChallenge invalid(String description) {
    return new AuthChallenge(401,
        challengeBase + ", error=\"invalid_token\", error_description=\"" + description.replace("\"", "'") + "\"",
        "invalid_token", description);
  }
}
