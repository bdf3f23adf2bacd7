package dev.calendlymcp.server;

import dev.calendlymcp.auth.AuthChallenge;
import dev.calendlymcp.auth.AuthorizationServer;
import dev.calendlymcp.auth.ConsentedPolicies;
import dev.calendlymcp.auth.Principal;
import dev.calendlymcp.auth.ResourceServer;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.policy.Granter;
import dev.calendlymcp.transport.NettyStreamableServerTransportProvider;
import io.modelcontextprotocol.common.McpTransportContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The gate of a remote server: our OAuth authorization server answers its endpoints, and every MCP
 * request needs one of its access tokens. A session belongs to the client and user that opened it,
 * so another agent's token can never drive it.
 */
public final class OAuthGate implements HttpGate {

  /** Context key of the request's {@link Principal}, read by {@link GrantAccesses}. */
  public static final String PRINCIPAL = "calendly-mcp.grant";

  /**
   * Context key of the {@code client_name} the request's OAuth client registered: who the audit
   * says acted, rather than the name the client gives itself in {@code initialize}.
   */
  public static final String CLIENT_NAME = "calendly-mcp.client-name";

  /** What an MCP session is bound to: the same agent acting for the same user. */
  record SessionOwner(String clientId, String userUri) {}

  private final AuthorizationServer authorizationServer;
  private final ResourceServer resourceServer;
  private final GrantAccesses accesses;
  private final Optional<AuthStore> store;

  public OAuthGate(AuthorizationServer authorizationServer, ResourceServer resourceServer, GrantAccesses accesses) {
    this(authorizationServer, resourceServer, accesses, Optional.empty());
  }

  private OAuthGate(AuthorizationServer authorizationServer, ResourceServer resourceServer, GrantAccesses accesses,
      Optional<AuthStore> store) {
    this.authorizationServer = Objects.requireNonNull(authorizationServer, "authorizationServer");
    this.resourceServer = Objects.requireNonNull(resourceServer, "resourceServer");
    this.accesses = Objects.requireNonNull(accesses, "accesses");
    this.store = store;
  }

  /** The gate of {@code server}, acting at Calendly over {@code http} with the process's shared client options. */
  public static OAuthGate create(AuthorizationServer server, CalendlyHttp http, ClientOptions options) {
    return new OAuthGate(server, server.resourceServer(), new GrantAccesses(http, options, server.grantTokens()));
  }

  /** The same, keeping the server's Calendly webhook subscriptions in {@code store} (the grants' store). */
  public static OAuthGate create(AuthorizationServer server, CalendlyHttp http, ClientOptions options, AuthStore store) {
    return new OAuthGate(server, server.resourceServer(), new GrantAccesses(http, options, server.grantTokens()),
        Optional.of(Objects.requireNonNull(store, "store")));
  }

  @Override
  public Optional<AuthStore> store() {
    return store;
  }

  @Override
  public void onAccountEnded(AccountEnded listener) {
    Objects.requireNonNull(listener, "listener");
    authorizationServer.onLastGrantEnded(
        (userUri, token) -> listener.ended(userUri, token.map(accesses::clientWith)));
  }

  @Override
  public boolean handles(String path) {
    return authorizationServer.handles(path);
  }

  @Override
  public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    return authorizationServer.handle(request, response);
  }

  @Override
  public Mono<Void> guard(
      HttpServerRequest request, HttpServerResponse response, Function<McpTransportContext, Mono<Void>> next) {
    return resourceServer.authenticate(request)
        .<Object>map(principal -> principal)
        .onErrorResume(AuthChallenge.class, Mono::just)
        .flatMap(outcome -> outcome instanceof Principal principal
            ? next.apply(context(principal, authorizationServer.policies().knownClientName(principal.clientId()),
                authorizationServer.isSharedClient(principal.clientId())))
            : refuse(response, (AuthChallenge) outcome));
  }

  @Override
  public AccessResolver accesses() {
    return accesses;
  }

  /**
   * The request's context; the client's registered name when it is at hand already (it is after the
   * session's {@code initialize}), since waiting for the store here would move the request, and the
   * SSE stream it may open, off its event loop.
   */
  private static McpTransportContext context(Principal principal, Optional<String> clientName, boolean sharedClient) {
    Map<String, Object> values = new HashMap<>(Map.of(
        NettyStreamableServerTransportProvider.PRINCIPAL, new SessionOwner(principal.clientId(), principal.userUri()),
        PRINCIPAL, principal));
    // A client known by its metadata document's URL is every user of that product: counting their
    // sessions together would let one busy team's sessions refuse everyone else's. Each user still
    // has the per-principal cap, and the server its connection cap.
    if (!sharedClient) {
      values.put(NettyStreamableServerTransportProvider.CLIENT, principal.clientId());
    }
    clientName.ifPresent(name -> values.put(CLIENT_NAME, name));
    return McpTransportContext.create(values);
  }

  /**
   * Each agent follows the policy its user chose for it; {@code configured} applies only to a call
   * that carries no grant, which the guard lets through to no tool.
   */
  @Override
  public AgentPolicies policies(AgentPolicies configured) {
    ConsentedPolicies consented = authorizationServer.policies();
    Granter granter = Granter.consentsPage(consented.consentsUrl());
    return new AgentPolicies() {
      @Override
      public Mono<AgentPolicy> of(McpTransportContext context) {
        if (!(context.get(PRINCIPAL) instanceof Principal principal)) {
          return configured.of(context);
        }
        return consented.policyOf(principal.userUri(), principal.clientId())
            .map(policy -> new AgentPolicy(policy, granter));
      }

      @Override
      public Flux<String> changes() {
        return consented.changes();
      }
    };
  }

  private static Mono<Void> refuse(HttpServerResponse response, AuthChallenge challenge) {
    return response.status(challenge.status())
        .header(HttpHeaderNames.WWW_AUTHENTICATE, challenge.wwwAuthenticate())
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendString(Mono.just(challenge.body()))
        .then();
  }
}
