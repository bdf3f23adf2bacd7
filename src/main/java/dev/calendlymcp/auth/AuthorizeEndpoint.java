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
import dev.calendlymcp.policy.Policy;
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
 * {@code GET /authorize} and {@code POST /consent}: checks the MCP client's request, asks the
 * user's consent unless a remembered one covers it, and then sends the browser on to Calendly's
 * own authorization with our PKCE challenge, bound to this browser ({@link LoginBinding}).
 *
 * <p>A request with anything wrong in it gets an error page, never a redirect, even when its
 * client and redirect URI are fine: any client may register itself here, so its redirect URI is
 * not trusted enough to bounce a browser to without the user having acted (RFC 9700 §4.11.2). The
 * client hears back at its redirect URI only about a request that was entirely valid: the user's
 * "deny" here, and Calendly's answer at the callback.
 */
final class AuthorizeEndpoint {

  static final String SESSION_COOKIE = "__Host-calendly-mcp-session";

  /** A checked request; {@code state} is null when the client sent none (PKCE protects it). */
  record Checked(OAuthClient client, URI redirectUri, String state, String codeChallenge, Set<String> scopes,
      URI resource, Optional<String> loginHint) {}

  /** A checked request waiting for the user's click in the browser holding {@code csrf}. */
  private record Awaiting(Checked checked, String csrf) {}

  private static final ResponseType CODE = new ResponseType(ResponseType.Value.CODE);

  /** The consent form's fields besides the policy's. */
  private static final Set<String> CONSENT_FIELDS = Set.of(BrowserCsrf.FIELD, ConsentPage.TICKET_FIELD, "decision");

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
    Map<String, List<String>> query;
    try {
      query = Web.query(request);
    } catch (Web.Malformed e) {
      return page(response, 400, "The authorization request is malformed: its query has a bad percent escape,"
          + " or characters that must be percent-encoded.");
    }
    String clientId = single(query, "client_id");
    String redirect = single(query, "redirect_uri");
    if (clientId == null) {
      return page(response, 400, "The request names no client (client_id is missing or repeated).");
    }
    return Web.either(clients.find(clientId),
            client -> {
              Optional<URI> redirectUri = registeredRedirect(client, redirect);
              if (redirectUri.isEmpty()) {
                return page(response, 400, "The redirect_uri is missing or is not one this client registered.");
              }
              return check(request, query, client, redirectUri.get(), response);
            },
            () -> page(response, 400, "This client is not registered with this server."))
        .onErrorResume(Clients.UnusableClient.class,
            e -> page(response, 400, "The client's metadata document cannot be used: " + e.getMessage()));
  }

  private Mono<Void> check(HttpServerRequest request, Map<String, List<String>> query, OAuthClient client,
      URI redirectUri, HttpServerResponse response) {
    // RFC 6749 §3.1: no parameter may be sent twice. Nimbus would take the first of each.
    if (query.values().stream().anyMatch(values -> values.size() > 1)) {
      return page(response, 400, "The authorization request repeats a parameter; each may appear once.");
    }
    AuthorizationRequest parsed;
    try {
      parsed = AuthorizationRequest.parse(query);
    } catch (ParseException e) {
      return page(response, 400, "The authorization request is malformed: " + safe(e));
    } catch (IllegalArgumentException e) {
      // Nimbus throws this instead when the value it would quote in its description holds
      // characters an OAuth error description may not (quotes, backslashes, control characters).
      return page(response, 400, "The authorization request is malformed.");
    }
    if (!CODE.equals(parsed.getResponseType())) {
      return page(response, 400, "Only response_type=code is supported.");
    }
    CodeChallenge challenge = parsed.getCodeChallenge();
    if (challenge == null) {
      return page(response, 400, "PKCE is required: send code_challenge with code_challenge_method=S256.");
    }
    if (!CodeChallengeMethod.S256.equals(parsed.getCodeChallengeMethod())) {
      return page(response, 400, "Only code_challenge_method=S256 is supported (plain is not).");
    }
    List<URI> resources = parsed.getResources();
    if (resources == null || resources.size() != 1 || !settings.resource().equals(resources.get(0))) {
      return page(response, 400, "resource must be this server's MCP endpoint, " + settings.resource() + ".");
    }
    List<String> requested = parsed.getScope() == null ? List.of() : parsed.getScope().toStringList();
    if (!Scopes.SUPPORTED.containsAll(requested)) {
      return page(response, 400, "The scopes offered are " + Scopes.SUPPORTED + ".");
    }
    // OAuth 2.1 makes state optional once PKCE is used, and MCP clients built on the TypeScript
    // SDK send none: the client's own state, when it has one, is returned as it came.
    Checked checked = new Checked(client, redirectUri, single(query, "state"), challenge.getValue(),
        Scopes.grantFor(requested), settings.resource(), Optional.ofNullable(single(query, "login_hint")));
    if (settings.autoApprove()) {
      return upstream(checked, Optional.empty(), request, response);
    }
    return rememberedConsent(Web.cookie(request, SESSION_COOKIE).map(Hashes::sha256), checked)
        .flatMap(remembered -> remembered
            ? upstream(checked, Optional.empty(), request, response)
            : askConsent(checked, request, response));
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
    PolicyForm choices = PolicyForm.offered(checked.scopes(), settings.ceiling());
    return Web.html(response, 200, ConsentPage.consent(checked.client().clientName(), checked.redirectUri(),
            checked.scopes(), csrf, ticket, choices.fields(choices.defaults(), "")),
        List.of(settings.calendlyAuthBaseUrl(), checked.redirectUri()));
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
      Checked checked = awaiting.checked();
      boolean approved = "approve".equals(Web.first(form, "decision").orElse(""));
      Optional<Policy> chosen = Optional.empty();
      if (approved) {
        try {
          chosen = Optional.of(PolicyForm.offered(checked.scopes(), settings.ceiling()).parse(form, CONSENT_FIELDS));
        } catch (PolicyForm.Invalid e) {
          // Left waiting: the user can go back and post the form again.
          return page(response, 400, "The approval form is not valid: " + e.getMessage());
        }
      }
      if (awaitingConsent.asMap().remove(ticket) == null) {
        return page(response, 400, "This approval form was already used. Start again from your MCP client.");
      }
      if (!approved) {
        return refuse(response, checked.redirectUri(), checked.state(), "access_denied", "The user denied the request.");
      }
      return upstream(checked, chosen, request, response);
    })
        .onErrorResume(Web.Malformed.class, e -> page(response, 400, "The form is malformed."))
        .onErrorResume(Web.TooLarge.class, e -> page(response, 413, "The form is too large."));
  }

  /**
   * Saves the login, bound to this browser, and sends the browser to Calendly, which will come
   * back to our callback.
   *
   * @param chosen the policy the user chose on our consent page just now; empty when the page was
   *     skipped
   */
  private Mono<Void> upstream(Checked checked, Optional<Policy> chosen, HttpServerRequest request,
      HttpServerResponse response) {
    CodeVerifier verifier = new CodeVerifier();
    String id = Secrets.random(24);
    PendingAuthorization pending = new PendingAuthorization(id, checked.client().clientId(), checked.redirectUri(),
        checked.state(), checked.codeChallenge(), checked.scopes(), checked.resource(),
        new PendingAuthorization.UpstreamVerifier(verifier.getValue()), LoginBinding.bind(request, response),
        chosen.isPresent(), settings.clock().instant().plus(AuthSettings.LOGIN_LIFETIME), chosen);
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

  /** Nimbus's description of what is wrong, cut short: it may quote a value. */
  private static String safe(ParseException e) {
    String description = e.getErrorObject() != null ? e.getErrorObject().getDescription() : null;
    if (description == null) {
      return "a parameter is not valid.";
    }
    return description.length() <= 200 ? description : description.substring(0, 200) + "…";
  }
}
