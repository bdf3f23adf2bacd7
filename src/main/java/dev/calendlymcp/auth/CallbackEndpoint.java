package dev.calendlymcp.auth;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.AuthorizationCode;
import dev.calendlymcp.auth.store.BrowserSession;
import dev.calendlymcp.auth.store.CalendlyTokens;
import dev.calendlymcp.auth.store.Consent;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.auth.store.Hashes;
import dev.calendlymcp.auth.store.PendingAuthorization;
import dev.calendlymcp.calendly.CalendlyOAuth;
import dev.calendlymcp.calendly.OAuthTokens;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /oauth/callback}: Calendly sends the user back here. The login in progress is taken
 * (once), Calendly's code is exchanged for Calendly's tokens, which stay with us, and only then is
 * the MCP client given a code of ours. Nothing Calendly said in an error reaches the client.
 */
final class CallbackEndpoint {

  private static final Logger log = LoggerFactory.getLogger(CallbackEndpoint.class);

  /** When Calendly states no lifetime: refresh early rather than late. */
  private static final Duration ASSUMED_CALENDLY_LIFETIME = Duration.ofHours(1);

  private final AuthSettings settings;
  private final AuthStore store;
  private final CalendlyOAuth calendly;
  private final AuthorizeEndpoint authorize;

  CallbackEndpoint(AuthSettings settings, AuthStore store, CalendlyOAuth calendly, AuthorizeEndpoint authorize) {
    this.settings = settings;
    this.store = store;
    this.calendly = calendly;
    this.authorize = authorize;
  }

  Mono<Void> callback(HttpServerRequest request, HttpServerResponse response) {
    Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
    String state = Web.first(query, "state").orElse("");
    Instant now = settings.clock().instant();
    return store.takePending(state, now)
        .flatMap(pending -> {
          Optional<String> error = Web.first(query, "error");
          Optional<String> code = Web.first(query, "code");
          if (error.isPresent() || code.isEmpty()) {
            boolean denied = error.map("access_denied"::equals).orElse(false);
            return authorize.refuse(response, pending.redirectUri(), pending.clientState(),
                denied ? "access_denied" : "server_error",
                denied ? "The user did not allow access to Calendly." : "Calendly did not complete the sign-in.");
          }
          return calendly.exchangeCode(code.get(), settings.callbackUri().toString(), pending.upstreamVerifier().reveal())
              .flatMap(tokens -> complete(pending, tokens, response))
              .onErrorResume(e -> {
                log.warn("Exchanging Calendly's code failed: {}", e.getClass().getSimpleName());
                return authorize.refuse(response, pending.redirectUri(), pending.clientState(), "server_error",
                    "Calendly did not accept the sign-in; try again.");
              });
        })
        .switchIfEmpty(Mono.defer(() -> AuthorizeEndpoint.page(response, 400,
            "This sign-in expired or was already completed.")));
  }

  private Mono<Void> complete(PendingAuthorization pending, OAuthTokens tokens, HttpServerResponse response) {
    if (tokens.refreshToken() == null || tokens.owner() == null || tokens.organization() == null) {
      return Mono.error(new IllegalStateException("Calendly's token response lacks a refresh token or owner"));
    }
    Instant now = settings.clock().instant();
    Instant expiresAt = tokens.expiresAt() != null ? tokens.expiresAt() : now.plus(ASSUMED_CALENDLY_LIFETIME);
    String userUri = tokens.owner().toString();
    Grant grant = new Grant(Secrets.random(18), pending.clientId(), userUri, tokens.organization().toString(),
        pending.scopes(), pending.resource(), new CalendlyTokens(tokens.accessToken(), tokens.refreshToken(), expiresAt),
        now, Optional.empty());
    String ourCode = Secrets.random(32);
    AuthorizationCode code = new AuthorizationCode(Hashes.sha256(ourCode), grant.grantId(), pending.clientId(),
        pending.redirectUri(), pending.codeChallenge(), pending.resource(), now.plus(AuthSettings.CODE_LIFETIME));
    String sessionId = Secrets.random(32);
    BrowserSession session = new BrowserSession(Hashes.sha256(sessionId), userUri,
        now.plus(AuthSettings.BROWSER_SESSION_LIFETIME));
    return store.createGrant(grant, code)
        .then(store.saveConsent(new Consent(userUri, pending.clientId(), pending.scopes(), now)))
        .then(store.saveBrowserSession(session))
        .then(Mono.defer(() -> {
          response.addHeader(HttpHeaderNames.SET_COOKIE,
              Web.hostCookie(AuthorizeEndpoint.SESSION_COOKIE, sessionId, AuthSettings.BROWSER_SESSION_LIFETIME));
          QueryStringEncoder location = new QueryStringEncoder(pending.redirectUri().toString());
          location.addParam("code", ourCode);
          location.addParam("state", pending.clientState());
          location.addParam("iss", settings.issuer());
          return Web.redirect(response, URI.create(location.toString()));
        }));
  }
}
