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
 * {@code GET /oauth/callback}: Calendly sends the user back here. The login in progress is honoured
 * only in the browser it was bound to ({@link LoginBinding}) and taken once; Calendly's code is
 * exchanged for Calendly's tokens, which stay with us, and only then is the MCP client given a code
 * of ours. Nothing Calendly said in an error reaches the client.
 *
 * <p>Consent is recorded only for the user who gave it: when our consent page was approved for
 * this login, for the Calendly user who then signed in. A login that went on through a remembered
 * consent must come back as a user who gave one; a browser that approved a client as one Calendly
 * user cannot pass that approval on to another account signed in to Calendly in it.
 */
final class CallbackEndpoint {

  private static final Logger log = LoggerFactory.getLogger(CallbackEndpoint.class);

  /** When Calendly states no lifetime: refresh early rather than late. */
  private static final Duration ASSUMED_CALENDLY_LIFETIME = Duration.ofHours(1);

  private final AuthSettings settings;
  private final AuthStore store;
  private final CalendlyOAuth calendly;
  private final AuthorizeEndpoint authorize;
  private final ConsentedPolicies policies;

  CallbackEndpoint(AuthSettings settings, AuthStore store, CalendlyOAuth calendly, AuthorizeEndpoint authorize,
      ConsentedPolicies policies) {
    this.settings = settings;
    this.store = store;
    this.calendly = calendly;
    this.authorize = authorize;
    this.policies = policies;
  }

  Mono<Void> callback(HttpServerRequest request, HttpServerResponse response) {
    Map<String, List<String>> query;
    try {
      query = Web.query(request);
    } catch (Web.Malformed e) {
      return AuthorizeEndpoint.page(response, 400, "This sign-in link is malformed. Start again from your MCP client.");
    }
    String state = Web.first(query, "state").orElse("");
    Instant now = settings.clock().instant();
    // Checked before it is taken: a request from another browser must leave the login to the
    // browser that started it.
    return Web.either(store.findPending(state, now),
        pending -> {
          if (!LoginBinding.isBound(request, pending.browserHash())) {
            log.info("Refused a Calendly sign-in returning to a browser other than the one that started it");
            return AuthorizeEndpoint.page(response, 403, "This sign-in was started in another browser (or this browser"
                + " does not keep our cookies). Start again from your MCP client, in the browser it opens.");
          }
          return Web.either(store.takePending(state, now), taken -> finish(taken, query, response),
              () -> expired(response));
        },
        () -> expired(response));
  }

  private static Mono<Void> expired(HttpServerResponse response) {
    return AuthorizeEndpoint.page(response, 400, "This sign-in expired or was already completed.");
  }

  private Mono<Void> finish(PendingAuthorization pending, Map<String, List<String>> query, HttpServerResponse response) {
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
  }

  private Mono<Void> complete(PendingAuthorization pending, OAuthTokens tokens, HttpServerResponse response) {
    if (tokens.refreshToken() == null || tokens.owner() == null || tokens.organization() == null) {
      return Mono.error(new IllegalStateException("Calendly's token response lacks a refresh token or owner"));
    }
    String userUri = tokens.owner().toString();
    return consented(pending, userUri).flatMap(consented -> consented
        ? issue(pending, tokens, userUri, response)
        : otherUser(tokens, response));
  }

  /** Whether {@code userUri} approved this client for these scopes; records it when approved just now. */
  private Mono<Boolean> consented(PendingAuthorization pending, String userUri) {
    if (pending.consentGiven()) {
      return store.saveConsent(new Consent(userUri, pending.clientId(), pending.scopes(), settings.clock().instant(),
              pending.policy()))
          .then(Mono.fromRunnable(() -> policies.changed(userUri, pending.clientId())))
          .thenReturn(true);
    }
    if (settings.autoApprove()) {
      return Mono.just(true);
    }
    return store.findConsent(userUri, pending.clientId())
        .map(consent -> consent.scopes().containsAll(pending.scopes()))
        .defaultIfEmpty(false);
  }

  /**
   * A remembered consent let this login skip our page, but Calendly signed in someone who never
   * approved this client. Their Calendly tokens are released at once, and this browser forgets its
   * session, so the next attempt shows the consent page to whoever is at it.
   */
  private Mono<Void> otherUser(OAuthTokens tokens, HttpServerResponse response) {
    log.info("Refused a sign-in that a remembered consent let through for another Calendly user than the one who signed in");
    return calendly.revoke(tokens.refreshToken())
        .timeout(Grants.UPSTREAM_TIMEOUT)
        .onErrorResume(e -> {
          log.warn("Calendly did not confirm releasing the tokens of a refused sign-in: {}", e.getClass().getSimpleName());
          return Mono.empty();
        })
        .then(Mono.defer(() -> {
          response.addHeader(HttpHeaderNames.SET_COOKIE, Web.expiredHostCookie(AuthorizeEndpoint.SESSION_COOKIE));
          return AuthorizeEndpoint.page(response, 403, "This browser approved the MCP client for another Calendly"
              + " account than the one you just signed in to Calendly with. Start again from your MCP client: you"
              + " will be asked to approve it for this account.");
        }));
  }

  private Mono<Void> issue(PendingAuthorization pending, OAuthTokens tokens, String userUri,
      HttpServerResponse response) {
    Instant now = settings.clock().instant();
    Instant expiresAt = tokens.expiresAt() != null ? tokens.expiresAt() : now.plus(ASSUMED_CALENDLY_LIFETIME);
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
        .then(store.saveBrowserSession(session))
        .then(Mono.defer(() -> {
          response.addHeader(HttpHeaderNames.SET_COOKIE,
              Web.hostCookie(AuthorizeEndpoint.SESSION_COOKIE, sessionId, AuthSettings.BROWSER_SESSION_LIFETIME));
          QueryStringEncoder location = new QueryStringEncoder(pending.redirectUri().toString());
          location.addParam("code", ourCode);
          if (pending.clientState() != null) {
            location.addParam("state", pending.clientState());
          }
          location.addParam("iss", settings.issuer());
          return Web.redirect(response, URI.create(location.toString()));
        }));
  }
}
