package dev.calendlymcp.auth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import dev.calendlymcp.audit.AuditLog;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.OAuthClient;
import dev.calendlymcp.calendly.CalendlyOAuth;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Our OAuth 2.1 authorization server for MCP clients, federated to Calendly: discovery documents,
 * dynamic registration and client ID metadata documents, authorization with PKCE and consent,
 * Calendly's callback, tokens, revocation, keys, and the user's list of approvals. Built with the
 * {@link ResourceServer} and {@link GrantTokens} that share its keys and grant cache, so a
 * revocation here is seen by the MCP endpoint at once. With an audit log, also the user's page of
 * their agents' calls.
 */
public final class AuthorizationServer {

  /** The endpoints browsers on other sites and browser-based clients may call (CORS). */
  private static final Set<String> CROSS_ORIGIN = Set.of(
      ServerMetadata.PROTECTED_RESOURCE, ServerMetadata.PROTECTED_RESOURCE + "/mcp",
      ServerMetadata.AUTHORIZATION_SERVER, ServerMetadata.OPENID_CONFIGURATION,
      ServerMetadata.Endpoints.REGISTER, ServerMetadata.Endpoints.TOKEN, ServerMetadata.Endpoints.REVOKE,
      ServerMetadata.Endpoints.JWKS);

  private static final Set<String> PATHS = Set.of(
      ServerMetadata.PROTECTED_RESOURCE, ServerMetadata.PROTECTED_RESOURCE + "/mcp",
      ServerMetadata.AUTHORIZATION_SERVER, ServerMetadata.OPENID_CONFIGURATION,
      ServerMetadata.Endpoints.REGISTER, ServerMetadata.Endpoints.AUTHORIZE, ServerMetadata.Endpoints.CONSENT,
      ServerMetadata.Endpoints.CALLBACK, ServerMetadata.Endpoints.TOKEN, ServerMetadata.Endpoints.REVOKE,
      ServerMetadata.Endpoints.JWKS, ServerMetadata.Endpoints.CONSENTS);

  /** The endpoints people's browsers open: they answer with pages, the others with JSON. */
  private static final Set<String> BROWSER_PAGES = Set.of(
      ServerMetadata.Endpoints.AUTHORIZE, ServerMetadata.Endpoints.CONSENT, ServerMetadata.Endpoints.CALLBACK,
      ServerMetadata.Endpoints.CONSENTS, AuditEndpoint.PATH);

  private static final Logger log = LoggerFactory.getLogger(AuthorizationServer.class);

  private final AuthSettings settings;
  private final SigningKeys keys;
  private final ResourceServer resourceServer;
  private final GrantTokens grantTokens;
  private final IpRateLimits limits;
  private final ClientRegistration registration;
  private final AuthorizeEndpoint authorize;
  private final CallbackEndpoint callback;
  private final TokenEndpoint token;
  private final RevocationEndpoint revocation;
  private final ConsentsEndpoint consents;
  private final Optional<AuditEndpoint> audit;
  private final Grants grants;
  private final ConsentedPolicies policies;
  private final Clients.Documents documents;
  private final String protectedResourceDocument;
  private final String authorizationServerDocument;

  private AuthorizationServer(AuthSettings settings, AuthStore store, CalendlyOAuth calendly, IpRateLimits limits,
      Optional<AuditLog> auditLog) {
    this.settings = settings;
    this.limits = limits;
    this.keys = new SigningKeys(store, settings.clock());
    Grants grants = new Grants(store, calendly::revoke);
    this.grants = grants;
    AccessTokens tokens = new AccessTokens(settings, keys);
    Clients.Documents documents = documents(store, settings);
    this.documents = documents;
    Clients clients = new Clients(store, documents);
    ClientAuthenticator authenticator = new ClientAuthenticator(clients);
    this.resourceServer = new ResourceServer(settings, tokens, grants);
    this.grantTokens = new GrantTokens(store, calendly, grants, settings.clock());
    this.registration = new ClientRegistration(store, settings.clock());
    this.authorize = new AuthorizeEndpoint(settings, store, clients);
    this.policies = new ConsentedPolicies(store, settings);
    this.callback = new CallbackEndpoint(settings, store, calendly, authorize, policies);
    this.token = new TokenEndpoint(settings, store, tokens, grants, authenticator);
    this.revocation = new RevocationEndpoint(settings, store, tokens, grants, authenticator);
    this.consents = new ConsentsEndpoint(settings, store, grants, policies);
    this.audit = auditLog.map(log -> new AuditEndpoint(settings, store, log));
    this.protectedResourceDocument = ServerMetadata.protectedResource(settings);
    this.authorizationServerDocument = ServerMetadata.authorizationServer(settings);
  }

  /**
   * Whether {@code clientId} names a product rather than one registration: a client ID metadata
   * document's URL is the same for every user of that client (every Claude user, say), where a
   * registered client's id is its registrant's alone.
   */
  public boolean isSharedClient(String clientId) {
    return documents.isDocumentUrl(clientId);
  }

  public static AuthorizationServer create(AuthSettings settings, AuthStore store, CalendlyOAuth calendly) {
    return create(settings, store, calendly, new IpRateLimits(settings.clock()));
  }

  public static AuthorizationServer create(
      AuthSettings settings, AuthStore store, CalendlyOAuth calendly, IpRateLimits limits) {
    return new AuthorizationServer(
        Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(calendly, "calendly"), Objects.requireNonNull(limits, "limits"), Optional.empty());
  }

  /** The same, with the page at {@code /audit} where signed-in users read their own agents' calls in {@code audit}. */
  public static AuthorizationServer create(
      AuthSettings settings, AuthStore store, CalendlyOAuth calendly, IpRateLimits limits, AuditLog audit) {
    return new AuthorizationServer(
        Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(store, "store"),
        Objects.requireNonNull(calendly, "calendly"), Objects.requireNonNull(limits, "limits"),
        Optional.of(Objects.requireNonNull(audit, "audit")));
  }

  private static Clients.Documents documents(AuthStore store, AuthSettings settings) {
    ClientMetadataDocuments documents = new ClientMetadataDocuments(store, settings.clock(), settings.sandbox());
    return new Clients.Documents() {
      @Override
      public boolean isDocumentUrl(String clientId) {
        return documents.isDocumentUrl(clientId);
      }

      @Override
      public Mono<OAuthClient> resolve(String clientId) {
        return documents.resolve(clientId);
      }
    };
  }

  /** Checks the access tokens this server issues. */
  public ResourceServer resourceServer() {
    return resourceServer;
  }

  /** Each client's policy, as its user chose it, under the organization's ceiling. */
  public ConsentedPolicies policies() {
    return policies;
  }

  /** The Calendly tokens of the grants this server made. */
  public GrantTokens grantTokens() {
    return grantTokens;
  }

  /**
   * Calls {@code listener} when a Calendly user's last active grant ends (revoked by the client,
   * its consent withdrawn, or ended by Calendly), before its Calendly tokens are revoked.
   */
  public void onLastGrantEnded(LastGrantEnded listener) {
    grants.onLastGrantEnded(Objects.requireNonNull(listener, "listener"));
  }

  /** Makes a new key sign tokens; the old one verifies those already issued until they expire. */
  public Mono<Void> rotateSigningKey() {
    return keys.rotate(settings.accessTokenLifetime().plus(Duration.ofMinutes(5)));
  }

  public boolean handles(String path) {
    return PATHS.contains(path) || (audit.isPresent() && path.equals(AuditEndpoint.PATH));
  }

  /**
   * Answers one request to one of our paths. Whatever fails unexpectedly is answered here with a
   * bare error, and logged by its type and place only: the message of an exception may quote the
   * query or the form (codes, state, CSRF tokens), and neither may reach a log.
   */
  public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    String path = new QueryStringDecoder(request.uri()).path();
    return Mono.defer(() -> route(path, request, response))
        .onErrorResume(e -> {
          StackTraceElement[] where = e.getStackTrace();
          log.error("Unexpected {} answering {} {} (at {})", e.getClass().getName(), request.method(), path,
              where.length > 0 ? where[0] : "an unknown place");
          if (response.hasSentHeaders()) {
            return Mono.empty();
          }
          return BROWSER_PAGES.contains(path)
              ? Web.html(response, 500, ConsentPage.error("Something went wrong on our side."))
              : Web.json(response, 500, Json.object("error", "server_error", "error_description",
                  "The server could not answer this request."));
        });
  }

  private Mono<Void> route(String path, HttpServerRequest request, HttpServerResponse response) {
    HttpMethod method = request.method();
    if (CROSS_ORIGIN.contains(path)) {
      response.header("Access-Control-Allow-Origin", "*");
      if (HttpMethod.OPTIONS.equals(method)) {
        return response.status(204)
            .header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            .header("Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version")
            .header("Access-Control-Max-Age", "600")
            .send();
      }
    }
    boolean get = HttpMethod.GET.equals(method);
    boolean post = HttpMethod.POST.equals(method);
    switch (path) {
      case ServerMetadata.PROTECTED_RESOURCE, ServerMetadata.PROTECTED_RESOURCE + "/mcp":
        return get ? Web.json(response, 200, protectedResourceDocument) : notAllowed(response, "GET");
      case ServerMetadata.AUTHORIZATION_SERVER, ServerMetadata.OPENID_CONFIGURATION:
        return get ? Web.json(response, 200, authorizationServerDocument) : notAllowed(response, "GET");
      case ServerMetadata.Endpoints.JWKS:
        return get
            ? keys.publicKeys().flatMap(set -> Web.json(response, 200, set.toString()))
            : notAllowed(response, "GET");
      case ServerMetadata.Endpoints.REGISTER:
        return post
            ? limited(request, response, IpRateLimits.Endpoint.REGISTER, () -> registration.register(request, response))
            : notAllowed(response, "POST");
      case ServerMetadata.Endpoints.AUTHORIZE:
        return get
            ? limited(request, response, IpRateLimits.Endpoint.AUTHORIZE, () -> authorize.authorize(request, response))
            : notAllowed(response, "GET");
      case ServerMetadata.Endpoints.CONSENT:
        return post ? authorize.decide(request, response) : notAllowed(response, "POST");
      case ServerMetadata.Endpoints.CALLBACK:
        return get ? callback.callback(request, response) : notAllowed(response, "GET");
      case ServerMetadata.Endpoints.TOKEN:
        return post
            ? limitedPerClient(request, response, IpRateLimits.Endpoint.TOKEN, body -> token.token(request, body, response))
            : notAllowed(response, "POST");
      case ServerMetadata.Endpoints.REVOKE:
        return post
            ? limitedPerClient(request, response, IpRateLimits.Endpoint.REVOKE,
                body -> revocation.revoke(request, body, response))
            : notAllowed(response, "POST");
      case ServerMetadata.Endpoints.CONSENTS:
        return get ? consents.list(request, response) : post ? consents.post(request, response) : notAllowed(response, "GET, POST");
      case AuditEndpoint.PATH:
        return audit.isEmpty() ? Web.json(response, 404, Json.object("error", "not_found"))
            : get ? audit.get().page(request, response) : notAllowed(response, "GET");
      default:
        return Web.json(response, 404, Json.object("error", "not_found"));
    }
  }

  private Mono<Void> limited(HttpServerRequest request, HttpServerResponse response, IpRateLimits.Endpoint endpoint,
      Supplier<Mono<Void>> handler) {
    Optional<Duration> wait = limits.check(endpoint, Web.clientAddress(request));
    return wait.isPresent() ? Web.tooMany(response, wait.get()) : handler.get();
  }

  /**
   * The address's budget first, before the body is read; then, from the body, the budget of the
   * client the request names, so that one agent's bad requests do not spend another's.
   */
  private Mono<Void> limitedPerClient(HttpServerRequest request, HttpServerResponse response,
      IpRateLimits.Endpoint endpoint, Function<Mono<String>, Mono<Void>> handler) {
    InetAddress address = Web.clientAddress(request);
    Optional<Duration> wait = limits.check(endpoint, address);
    if (wait.isPresent()) {
      return Web.tooMany(response, wait.get());
    }
    // Cached so the endpoint reads the same body, or meets the same error (too large, say).
    Mono<String> body = Web.body(request).cache();
    return body.map(form -> namedClient(request, form))
        .onErrorReturn(Optional.empty())
        .flatMap(clientId -> limits.checkClient(endpoint, address, clientId)
            .map(clientWait -> Web.tooMany(response, clientWait))
            .orElseGet(() -> handler.apply(body)));
  }

  /** The client a token or revocation request names: HTTP Basic's user, else the form's client_id. */
  private static Optional<String> namedClient(HttpServerRequest request, String form) {
    String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        return Optional.of(ClientSecretBasic.parse(authorization).getClientID().getValue());
      } catch (ParseException | IllegalArgumentException e) {
        // Not a usable Basic header: the endpoint refuses it; count the request by its form.
      }
    }
    try {
      return Web.first(Web.form(form), "client_id");
    } catch (Web.Malformed e) {
      // The endpoint answers it with a 400; it counts as naming no client.
      return Optional.empty();
    }
  }

  private static Mono<Void> notAllowed(HttpServerResponse response, String allowed) {
    return response.status(405).header(HttpHeaderNames.ALLOW, allowed).send();
  }
}
