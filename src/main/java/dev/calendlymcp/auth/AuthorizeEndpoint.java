package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.Hashes;
import dev.calendlymcp.auth.store.OAuthClient;
import dev.calendlymcp.auth.store.PendingAuthorization;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /authorize} and {@code POST /consent}: checks the MCP client's request (registered
 * client and exact redirect URI first, so that a bad request is never bounced to an unchecked
 * URL), asks the user's consent unless a remembered one covers it, and then sends the browser on
 * to Calendly's own authorization with our PKCE challenge.
 */
final class AuthorizeEndpoint {

  static final String SESSION_COOKIE = "__Host-calendly-mcp-session";

  /** A checked request. */
  record Checked(OAuthClient client, URI redirectUri, String state, String codeChallenge, Set<String> scopes,
      URI resource, Optional<String> loginHint) {}

  /** A checked request waiting for the user's click in the browser holding {@code csrf}. */
  private record Awaiting(Checked checked, String csrf) {}

  private final AuthSettings settings;
  private final AuthStore store;
  private final Clients clients;
  /** By the ticket of the consent page showing it. */
  private final Cache<String, Awaiting> awaitingConsent =
      Caffeine.newBuilder().expireAfterWrite(AuthSettings.LOGIN_LIFETIME).maximumSize(50_000).build();

  AuthorizeEndpoint(AuthSettings settings, AuthStore store, Clients clients) {
    this.settings = settings;
    this.store = store;
    this.clients = clients;
  }

  Mono<Void> authorize(HttpServerRequest request, HttpServerResponse response) {
    Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
    String clientId = single(query, "client_id");
    String redirect = single(query, "redirect_uri");
    if (clientId == null) {
      return page(response, 400, "The request names no client (client_id is missing or repeated).");
    }
    return clients.find(clientId)
        .flatMap(client -> {
          Optional<URI> redirectUri = registeredRedirect(client, redirect);
          if (redirectUri.isEmpty()) {
            return page(response, 400, "The redirect_uri is missing or is not one this client registered.");
          }
          return check(request, query, client, redirectUri.get(), response);
        })
        .switchIfEmpty(Mono.defer(() -> page(response, 400, "This client is not registered with this server.")))
        .onErrorResume(Clients.UnusableClient.class,
            e -> page(response, 400, "The client's metadata document cannot be used: " + e.getMessage()));
  }

  private Mono<Void> check(HttpServerRequest request, Map<String, List<String>> query, OAuthClient client,
      URI redirectUri, HttpServerResponse response) {
    String state = single(query, "state");
    AuthorizationRequest parsed;
    try {
      parsed = AuthorizationRequest.parse(URI.create(settings.issuer() + "/authorize?" + rawQuery(request)));
    } catch (ParseException e) {
      return refuse(response, redirectUri, state, "invalid_request", safe(e));
    }
    if (!new ResponseType(ResponseType.Value.CODE).equals(parsed.getResponseType())) {
      return refuse(response, redirectUri, state, "unsupported_response_type", "Only response_type=code is supported.");
    }
    if (state == null || state.isBlank()) {
      return refuse(response, redirectUri, null, "invalid_request", "state is required.");
    }
    CodeChallenge challenge = parsed.getCodeChallenge();
    if (challenge == null) {
      return refuse(response, redirectUri, state, "invalid_request", "PKCE is required: send code_challenge with S256.");
    }
    if (!CodeChallengeMethod.S256.equals(parsed.getCodeChallengeMethod())) {
      return refuse(response, redirectUri, state, "invalid_request",
          "Only code_challenge_method=S256 is supported (plain is not).");
    }
    List<URI> resources = parsed.getResources();
    if (resources == null || resources.size() != 1 || !settings.resource().equals(resources.get(0))) {
      return refuse(response, redirectUri, state, "invalid_target",
          "resource must be this server's MCP endpoint, " + settings.resource() + ".");
    }
    List<String> requested = parsed.getScope() == null ? List.of() : parsed.getScope().toStringList();
    if (!Scopes.SUPPORTED.containsAll(requested)) {
      return refuse(response, redirectUri, state, "invalid_scope", "The scopes offered are " + Scopes.SUPPORTED + ".");
    }
    Checked checked = new Checked(client, redirectUri, state, challenge.getValue(), Scopes.grantFor(requested),
        settings.resource(), Optional.ofNullable(single(query, "login_hint")));
    Optional<String> session = Web.cookie(request, SESSION_COOKIE).map(Hashes::sha256);
    if (settings.autoApprove()) {
      return upstream(checked, session, response);
    }
    return rememberedConsent(session, checked)
        .flatMap(remembered -> remembered ? upstream(checked, session, response) : askConsent(checked, request, response));
  }

  private Mono<Boolean> rememberedConsent(Optional<String> sessionHash, Checked checked) {
    if (sessionHash.isEmpty()) {
      return Mono.just(false);
    }
    return store.findBrowserSession(sessionHash.get(), settings.clock().instant())
        .flatMap(session -> store.findConsent(session.userUri(), checked.client().clientId()))
        .map(consent -> consent.scopes().containsAll(checked.scopes()))
        .defaultIfEmpty(false);
  }

  private Mono<Void> askConsent(Checked checked, HttpServerRequest request, HttpServerResponse response) {
    String csrf = BrowserCsrf.issue(request, response);
    String ticket = Secrets.random(24);
    awaitingConsent.put(ticket, new Awaiting(checked, csrf));
    return Web.html(response, 200,
        ConsentPage.consent(checked.client().clientName(), checked.redirectUri(), checked.scopes(), csrf, ticket));
  }

  /** The user's click on the consent page. */
  Mono<Void> decide(HttpServerRequest request, HttpServerResponse response) {
    return Web.body(request).flatMap(body -> {
      Map<String, List<String>> form = Web.form(body);
      Optional<String> csrf = Web.first(form, BrowserCsrf.FIELD);
      if (!BrowserCsrf.matches(request, csrf)) {
        return page(response, 403, "The form's security token does not match this browser. Start again from your MCP client.");
      }
      String ticket = Web.first(form, ConsentPage.TICKET_FIELD).orElse("");
      Awaiting awaiting = awaitingConsent.getIfPresent(ticket);
      if (awaiting == null) {
        return page(response, 400, "This approval form expired or was already used. Start again from your MCP client.");
      }
      if (!MessageDigest.isEqual(awaiting.csrf().getBytes(StandardCharsets.UTF_8), csrf.get().getBytes(StandardCharsets.UTF_8))) {
        return page(response, 403, "This approval form was shown in another browser. Start again from your MCP client.");
      }
      if (awaitingConsent.asMap().remove(ticket) == null) {
        return page(response, 400, "This approval form was already used. Start again from your MCP client.");
      }
      Checked checked = awaiting.checked();
      if (!"approve".equals(Web.first(form, "decision").orElse(""))) {
        return refuse(response, checked.redirectUri(), checked.state(), "access_denied", "The user denied the request.");
      }
      return upstream(checked, Web.cookie(request, SESSION_COOKIE).map(Hashes::sha256), response);
    }).onErrorResume(Web.TooLarge.class, e -> page(response, 413, "The form is too large."));
  }

  /** Saves the login and sends the browser to Calendly, which will come back to our callback. */
  private Mono<Void> upstream(Checked checked, Optional<String> sessionHash, HttpServerResponse response) {
    CodeVerifier verifier = new CodeVerifier();
    String id = Secrets.random(24);
    PendingAuthorization pending = new PendingAuthorization(id, checked.client().clientId(), checked.redirectUri(),
        checked.state(), checked.codeChallenge(), checked.scopes(), checked.resource(),
        new PendingAuthorization.UpstreamVerifier(verifier.getValue()), sessionHash,
        settings.clock().instant().plus(AuthSettings.LOGIN_LIFETIME));
    QueryStringEncoder calendly = new QueryStringEncoder(settings.calendlyAuthBaseUrl() + "/oauth/authorize");
    calendly.addParam("client_id", settings.calendlyApp().clientId());
    calendly.addParam("response_type", "code");
    calendly.addParam("redirect_uri", settings.callbackUri().toString());
    calendly.addParam("code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    calendly.addParam("code_challenge_method", "S256");
    calendly.addParam("state", id);
    checked.loginHint().ifPresent(hint -> calendly.addParam("login_hint", hint));
    return store.savePending(pending).then(Web.redirect(response, URI.create(calendly.toString())));
  }

  /** An error sent back to the client's (checked) redirect URI, with RFC 9207's {@code iss}. */
  Mono<Void> refuse(HttpServerResponse response, URI redirectUri, String state, String error, String description) {
    return Web.redirect(response, errorRedirect(redirectUri, state, error, description));
  }

  URI errorRedirect(URI redirectUri, String state, String error, String description) {
    QueryStringEncoder location = new QueryStringEncoder(redirectUri.toString());
    location.addParam("error", error);
    location.addParam("error_description", description);
    if (state != null) {
      location.addParam("state", state);
    }
    location.addParam("iss", settings.issuer());
    return URI.create(location.toString());
  }

  static Mono<Void> page(HttpServerResponse response, int status, String message) {
    return Web.html(response, status, ConsentPage.error(message));
  }

  private static Optional<URI> registeredRedirect(OAuthClient client, String redirect) {
    if (redirect == null) {
      return client.redirectUris().size() == 1 ? Optional.of(client.redirectUris().get(0)) : Optional.empty();
    }
    return client.redirectUris().stream().filter(uri -> uri.toString().equals(redirect)).findFirst();
  }

  private static String single(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.size() != 1 ? null : values.get(0);
  }

  private static String rawQuery(HttpServerRequest request) {
    String uri = request.uri();
    int mark = uri.indexOf('?');
    return mark < 0 ? "" : uri.substring(mark + 1);
  }

  private static String safe(ParseException e) {
    return e.getErrorObject() != null && e.getErrorObject().getDescription() != null
        ? e.getErrorObject().getDescription()
        : "The authorization request is malformed.";
  }
}
