package dev.calendlymcp.auth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.AuthorizationCode;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.auth.store.Hashes;
import dev.calendlymcp.auth.store.OAuthClient;
import dev.calendlymcp.auth.store.RefreshRotation;
import dev.calendlymcp.auth.store.RefreshTokenRecord;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /token}: our codes for tokens (PKCE S256 checked, code single-use, redirect URI and
 * resource repeated), and refresh with rotation, where a refresh token used twice ends the whole
 * grant. Parsed with Nimbus; answered with Nimbus's token response, never cached.
 */
final class TokenEndpoint {

  /** A refused token request: RFC 6749 §5.2. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String error;
    final int status;

    Refused(String error, String description) {
      this(error, description, 400);
    }

    Refused(String error, String description, int status) {
      super(description, null, false, false);
      this.error = error;
      this.status = status;
    }
  }

  private static final String UNUSABLE_CODE = "The authorization code is invalid, expired or already used.";

  private final AuthSettings settings;
  private final AuthStore store;
  private final AccessTokens tokens;
  private final Grants grants;
  private final ClientAuthenticator clients;

  TokenEndpoint(AuthSettings settings, AuthStore store, AccessTokens tokens, Grants grants, ClientAuthenticator clients) {
    this.settings = settings;
    this.store = store;
    this.tokens = tokens;
    this.grants = grants;
    this.clients = clients;
  }

  Mono<Void> token(HttpServerRequest request, HttpServerResponse response) {
    return Web.body(request)
        .map(body -> parse(request, body, settings.publicUrl() + ServerMetadata.Endpoints.TOKEN))
        .flatMap(parsed -> clients.authenticate(parsed.getClientAuthentication(), parsed.getClientID())
            .flatMap(client -> grant(parsed, client)))
        .flatMap(answer -> Web.json(response, 200, answer))
        .onErrorResume(ClientAuthenticator.InvalidClient.class, e -> error(response, 401, "invalid_client", e.getMessage()))
        .onErrorResume(Refused.class, e -> error(response, e.status, e.error, e.getMessage()))
        .onErrorResume(Web.TooLarge.class, e -> error(response, 413, "invalid_request", "The request is too large."));
  }

  /** A Nimbus request from our Netty one: the form body, and any Authorization header. */
  static HTTPRequest nimbusRequest(HttpServerRequest request, String body, String endpoint) {
    try {
      HTTPRequest http = new HTTPRequest(HTTPRequest.Method.POST, new URL(endpoint));
      String contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
      http.setHeader("Content-Type", contentType == null ? "application/x-www-form-urlencoded" : contentType);
      String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
      if (authorization != null) {
        http.setAuthorization(authorization);
      }
      http.setBody(body);
      return http;
    } catch (MalformedURLException e) {
      throw new IllegalStateException("our own endpoint URL is malformed: " + endpoint, e);
    }
  }

  private static TokenRequest parse(HttpServerRequest request, String body, String endpoint) {
    try {
      return TokenRequest.parse(nimbusRequest(request, body, endpoint));
    } catch (ParseException e) {
      String code = e.getErrorObject() != null && e.getErrorObject().getCode() != null
          ? e.getErrorObject().getCode() : OAuth2Error.INVALID_REQUEST.getCode();
      String description = e.getErrorObject() != null && e.getErrorObject().getDescription() != null
          ? e.getErrorObject().getDescription() : "The token request is malformed.";
      throw new Refused(code, description, OAuth2Error.INVALID_CLIENT.getCode().equals(code) ? 401 : 400);
    } catch (IllegalArgumentException e) {
      // Nimbus throws this instead when the value it would quote in its description holds
      // characters an OAuth error description may not (quotes, backslashes, control characters).
      throw new Refused(OAuth2Error.INVALID_REQUEST.getCode(), "The token request is malformed.");
    }
  }

  private Mono<String> grant(TokenRequest request, OAuthClient client) {
    AuthorizationGrant grant = request.getAuthorizationGrant();
    if (grant instanceof AuthorizationCodeGrant code) {
      return exchange(code, request.getResources(), client);
    }
    if (grant instanceof RefreshTokenGrant refresh) {
      return refresh(refresh, request.getScope(), client);
    }
    return Mono.error(new Refused(OAuth2Error.UNSUPPORTED_GRANT_TYPE.getCode(),
        "Only authorization_code and refresh_token are supported."));
  }

  /**
   * The request is checked against the code before the code is spent: one that fails (a stolen
   * code without its PKCE verifier, another client, another redirect URI) leaves the code to the
   * client holding the verifier, and is not a second presentation that would end the grant. A
   * request that passes and finds the code already spent is one, and the store ends the grant.
   */
  private Mono<String> exchange(AuthorizationCodeGrant grant, List<URI> resources, OAuthClient client) {
    String codeHash = Hashes.sha256(grant.getAuthorizationCode().getValue());
    return store.findCode(codeHash)
        .switchIfEmpty(Mono.error(() -> invalidGrant(UNUSABLE_CODE)))
        .flatMap(found -> {
          check(found, grant, resources, client);
          return store.consumeCode(codeHash, settings.clock().instant());
        })
        .switchIfEmpty(Mono.defer(() -> {
          // Spent before, or expired: when spent, the store revoked its grant, and only the store
          // knows which, so nothing cached may be trusted.
          grants.forgetAll();
          return Mono.error(invalidGrant(UNUSABLE_CODE));
        }))
        .flatMap(code -> grants.active(code.grantId())
            .switchIfEmpty(Mono.error(() -> invalidGrant("The grant of this code was revoked.")))
            .flatMap(active -> issue(active, active.scopes())));
  }

  private void check(AuthorizationCode code, AuthorizationCodeGrant grant, List<URI> resources, OAuthClient client) {
    if (!code.clientId().equals(client.clientId())) {
      throw invalidGrant("The authorization code was issued to another client.");
    }
    if (grant.getRedirectionURI() == null || !code.redirectUri().equals(grant.getRedirectionURI())) {
      throw invalidGrant("redirect_uri must repeat the one of the authorization request.");
    }
    if (grant.getCodeVerifier() == null) {
      throw invalidGrant("code_verifier is required (PKCE).");
    }
    String computed = CodeChallenge.compute(CodeChallengeMethod.S256, grant.getCodeVerifier()).getValue();
    if (!MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8), code.codeChallenge().getBytes(StandardCharsets.UTF_8))) {
      throw invalidGrant("The code_verifier does not match the code_challenge.");
    }
    if (resources != null && !resources.isEmpty() && !(resources.size() == 1 && resources.get(0).equals(code.resource()))) {
      throw new Refused("invalid_target", "resource must be " + code.resource() + ".");
    }
  }

  private Mono<String> refresh(RefreshTokenGrant grant, Scope scope, OAuthClient client) {
    Instant now = settings.clock().instant();
    String presented = Hashes.sha256(grant.getRefreshToken().getValue());
    return store.findRefreshToken(presented)
        .flatMap(record -> store.findGrant(record.grantId()).map(owner -> Map.entry(record, owner)))
        .switchIfEmpty(Mono.error(() -> invalidGrant("The refresh token is invalid.")))
        .flatMap(found -> {
          Grant owner = found.getValue();
          if (!owner.clientId().equals(client.clientId())) {
            return Mono.error(invalidGrant("The refresh token was issued to another client."));
          }
          // A scope the grant lacks is refused before the token is spent, so that the client may
          // retry with it; a token already spent goes on to the rotation, which revokes its grant.
          if (found.getKey().usedAt().isEmpty()) {
            narrowed(owner, scope);
          }
          String next = Secrets.random(32);
          RefreshTokenRecord successor = new RefreshTokenRecord(Hashes.sha256(next), owner.grantId(), now,
              now.plus(settings.refreshTokenLifetime()), Optional.empty());
          return store.rotateRefreshToken(presented, successor, now).flatMap(rotation -> {
            if (rotation instanceof RefreshRotation.Rotated rotated) {
              Set<String> scopes = narrowed(rotated.grant(), scope);
              return tokens.issue(rotated.grant(), scopes).map(access -> answer(access, next, scopes));
            }
            if (rotation instanceof RefreshRotation.Reused reused) {
              return grants.revokedByStore(reused.grantId()).then(Mono.error(invalidGrant(
                  "The refresh token was already used, so this grant was revoked to be safe; sign in again.")));
            }
            return Mono.error(invalidGrant("The refresh token has expired or its grant was revoked."));
          });
        });
  }

  private static Set<String> narrowed(Grant grant, Scope scope) {
    if (scope == null || scope.isEmpty()) {
      return grant.scopes();
    }
    Set<String> asked = Set.copyOf(scope.toStringList());
    if (!grant.scopes().containsAll(asked)) {
      throw new Refused(OAuth2Error.INVALID_SCOPE.getCode(), "A refresh may only keep or narrow the granted scopes.");
    }
    return asked;
  }

  private Mono<String> issue(Grant grant, Set<String> scopes) {
    Instant now = settings.clock().instant();
    String refresh = Secrets.random(32);
    RefreshTokenRecord record = new RefreshTokenRecord(Hashes.sha256(refresh), grant.grantId(), now,
        now.plus(settings.refreshTokenLifetime()), Optional.empty());
    return store.saveRefreshToken(record)
        .then(tokens.issue(grant, scopes))
        .map(access -> answer(access, refresh, scopes));
  }

  private String answer(String access, String refresh, Set<String> scopes) {
    BearerAccessToken bearer = new BearerAccessToken(access, tokens.lifetime().toSeconds(), new Scope(scopes.toArray(String[]::new)));
    return new AccessTokenResponse(new Tokens(bearer, new RefreshToken(refresh))).toJSONObject().toJSONString();
  }

  private static Refused invalidGrant(String description) {
    return new Refused(OAuth2Error.INVALID_GRANT.getCode(), description);
  }

  static Mono<Void> error(HttpServerResponse response, int status, String error, String description) {
    if (status == 401) {
      response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"calendly-mcp\"");
    }
    return Web.json(response, status, Json.object("error", error, "error_description", description));
  }
}
