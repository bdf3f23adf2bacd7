package dev.calendlymcp.server;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.transport.ConnectionGuard;
import dev.calendlymcp.transport.NettyStreamableServerTransportProvider;
import dev.calendlymcp.transport.RequestInterceptor;
import dev.calendlymcp.webhooks.ChangeSources;
import dev.calendlymcp.webhooks.WebhookRegistrar;
import dev.calendlymcp.webhooks.WebhookSigningKeys;
import dev.calendlymcp.webhooks.WebhookReceiver;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.modelcontextprotocol.server.transport.ServerHttpHeaderValidator;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The MCP server on Streamable HTTP: one Reactor Netty server with the MCP endpoint ({@code /mcp}
 * behind the {@link HttpGate}), the gate's own endpoints (OAuth), and the operator's {@code
 * /healthz}, {@code /readyz} and {@code /metrics}. Every request's {@code Host} must name this
 * server (DNS-rebinding protection), once; MCP requests must also come from no browser origin but
 * ours. {@code /metrics} moves to a management port of its own when one is set, and otherwise
 * needs the metrics token unless the server is reachable from this machine only.
 */
public final class HttpMcpServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HttpMcpServer.class);

  /** The MCP endpoint's path. */
  public static final String MCP_PATH = "/mcp";

  private static final String SESSION_HEADER = "Mcp-Session-Id";
  private static final String STARTING =
      "{\"error\":\"starting\",\"error_description\":\"The server is starting; retry in a second.\"}";
  private static final String ONE_HOST =
      "{\"error\":\"invalid_request\",\"error_description\":\"A request must carry exactly one Host header.\"}";

  private final DisposableServer server;
  private final Optional<DisposableServer> management;
  private final URI publicUrl;
  private final NettyStreamableServerTransportProvider transport;
  private final McpAsyncServer mcp;
  private final Duration shutdownGrace;
  private final AtomicBoolean draining;
  private final ChangeSources sources;
  private final WebhookSigningKeys signingKeys;

  private HttpMcpServer(
      DisposableServer server,
      Optional<DisposableServer> management,
      URI publicUrl,
      NettyStreamableServerTransportProvider transport,
      McpAsyncServer mcp,
      Duration shutdownGrace,
      AtomicBoolean draining,
      ChangeSources sources,
      WebhookSigningKeys signingKeys) {
    this.server = server;
    this.management = management;
    this.publicUrl = publicUrl;
    this.transport = transport;
    this.mcp = mcp;
    this.shutdownGrace = shutdownGrace;
    this.draining = draining;
    this.sources = sources;
    this.signingKeys = signingKeys;
  }

  /**
   * Binds and starts serving.
   *
   * @param gate builds the gate for the server's public URL, which is known only once bound when
   *     the OS chose the port
   * @param metrics where {@code /metrics} reads from; also receives this server's own meters
   */
  public static HttpMcpServer start(
      HttpSettings http, ServerSettings settings, Function<URI, HttpGate> gate, PrometheusMeterRegistry metrics) {
    return start(http, settings, gate, metrics, new ChangeFeed(new InMemoryChangeStore()));
  }

  /**
   * Binds and starts serving, with resource updates from {@code changes} (which webhooks and the
   * poller feed).
   */
  public static HttpMcpServer start(
      HttpSettings http,
      ServerSettings settings,
      Function<URI, HttpGate> gate,
      PrometheusMeterRegistry metrics,
      ChangeFeed changes) {
    return start(http, settings, gate, metrics, changes, LiveSettings.defaults(), Optional.empty());
  }

  /**
   * Binds and starts serving, with resource updates from {@code changes}, fed by the webhooks or
   * pollers {@code live} describes for the accounts that sessions watch; Calendly's deliveries are
   * taken at {@link WebhookReceiver#PATH} when {@code webhooks} is present (404 there otherwise).
   */
  public static HttpMcpServer start(
      HttpSettings http,
      ServerSettings settings,
      Function<URI, HttpGate> gate,
      PrometheusMeterRegistry metrics,
      ChangeFeed changes,
      LiveSettings live,
      Optional<WebhookReceiver> webhooks) {
    Objects.requireNonNull(gate, "gate");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(webhooks, "webhooks");
    AtomicReference<Function<HttpServerRequest, Function<HttpServerResponse, Mono<Void>>>> routes =
        new AtomicReference<>();
    ConnectionGuard connections = new ConnectionGuard(http.limits().connections(), metrics);
    HttpServer listener =
        connections.applyTo(HttpServer.create())
            .host(http.host())
            .port(http.port())
            .httpRequestDecoder(spec -> spec.maxHeaderSize(16 * 1024))
            .handle((request, response) -> {
              if (hostRepeated(request)) {
                return refuseRepeatedHost(response);
              }
              var handler = routes.get();
              return handler == null ? starting(response) : handler.apply(request).apply(response);
            });
    if (!http.trustedProxies().isEmpty()) {
      listener = listener.forwarded(new TrustedProxies(http.trustedProxies()));
    }
    DisposableServer server = listener.bindNow();
    AtomicBoolean draining = new AtomicBoolean();
    Optional<DisposableServer> management = Optional.empty();
    if (http.managementPort().isPresent()) {
      try {
        management = Optional.of(managementServer(http, metrics, draining));
      } catch (RuntimeException e) {
        server.disposeNow();
        throw new IllegalStateException("cannot listen on --management-port " + http.managementPort().getAsInt()
            + " at " + http.host() + ": " + e.getMessage(), e);
      }
    }
    try {
      return serve(http, settings, gate, metrics, changes, live, webhooks, server, management, routes, draining);
    } catch (RuntimeException e) {
      management.ifPresent(DisposableServer::disposeNow);
      server.disposeNow();
      throw e;
    }
  }

  /** Everything after binding: the gate, the MCP server, and the routes that replace "starting". */
  private static HttpMcpServer serve(
      HttpSettings http,
      ServerSettings settings,
      Function<URI, HttpGate> gate,
      PrometheusMeterRegistry metrics,
      ChangeFeed changes,
      LiveSettings liveSettings,
      Optional<WebhookReceiver> receiver,
      DisposableServer server,
      Optional<DisposableServer> management,
      AtomicReference<Function<HttpServerRequest, Function<HttpServerResponse, Mono<Void>>>> routes,
      AtomicBoolean draining) {
    URI publicUrl = http.publicUrl().orElseGet(() -> URI.create("http://" + hostForUrl(http.host()) + ":" + server.port()));
    HttpGate guard = gate.apply(publicUrl);
    settings = settings.withPolicies(guard.policies(settings.policies()));
    McpJson json = new McpJson();
    LiveResources live = new LiveResources(changes, settings.catalog());
    // Calendly can deliver webhooks only where --public-url says it can reach us.
    AuthStore store = guard.store().orElseGet(InMemoryAuthStore::new);
    Optional<WebhookRegistrar> webhooks = http.publicUrl()
        .map(url -> new WebhookRegistrar(store, url, liveSettings.clock(), liveSettings.random()));
    ChangeSources sources = new ChangeSources(webhooks, changes, live.subscriptions()::watched,
        liveSettings.pollingShare(), liveSettings.scheduler(), liveSettings.clock());
    guard.onAccountEnded((account, stillValid) -> {
      live.accountEnded(account);
      return sources.ended(account, stillValid);
    });
    WebhookSigningKeys signingKeys = webhooks.<WebhookSigningKeys>map(registrar -> registrar)
        .orElse(WebhookSigningKeys.of(List.of()));
    RequestInterceptor subscriptions = live.httpSubscriptions(guard.accesses(), sources);
    RequestInterceptor toolList = new PolicyToolList(settings.catalog(), guard.accesses(), settings.policies());
    AgentPolicies policies = settings.policies();
    RequestInterceptor resourceList = PolicyResources.listing(live.resources(),
        AuditResource.specification(settings.audit(), policies, json.mapper()).resource(), policies);
    // Each session's latest request context: whose policy its resource notifications follow.
    Map<String, McpTransportContext> sessionContexts = new ConcurrentHashMap<>();
    NettyStreamableServerTransportProvider transport =
        NettyStreamableServerTransportProvider.builder()
            .jsonMapper(json.sdk())
            .securityValidator(originAndHost(publicUrl, http, server.port()))
            .maxRequestBytes(http.maxRequestBytes())
            .sessionIdleTimeout(http.sessionIdleTimeout())
            .sessionLimits(http.limits().sessions())
            .messageLimits(http.limits().messages())
            .meterRegistry(metrics)
            .onSessionEnded(session -> {
              sessionContexts.remove(session);
              live.sessionEnded(session, sources);
            })
            .requestInterceptor((request, context) -> {
              if (context.get(LiveResources.SESSION_ID) instanceof String session) {
                sessionContexts.put(session, context);
              }
              return subscriptions.intercept(request, context)
                  .or(() -> toolList.intercept(request, context))
                  .or(() -> resourceList.intercept(request, context));
            })
            .build();
    McpAsyncServer mcp =
        CalendlyMcpServer.create(transport, json, settings, guard.accesses(), new InFlightCalls(), metrics, live);
    // A policy changed on the consents page: every session re-reads its list, each seeing its own.
    settings.policies().changes()
        .concatMap(changed -> mcp.notifyToolsListChanged().onErrorResume(error -> Mono.empty()))
        .subscribe();
    // An update reaches a session only if its agent may read the resource; a session whose
    // context is gone has ended, and hears nothing.
    live.notifyThrough((session, uri) -> Mono.justOrEmpty(sessionContexts.get(session))
        .flatMap(policies::of)
        .filter(agent -> PolicyResources.readable(agent.policy(), uri, live.resources()))
        .flatMap(agent -> transport.notifyClient(
            session, McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED, new McpSchema.ResourcesUpdatedNotification(uri))));
    Gauge.builder("mcp.sessions", transport, NettyStreamableServerTransportProvider::sessionCount)
        .description("Open MCP sessions")
        .register(metrics);
    ServerHttpHeaderValidator hostOnly = hostOnly(publicUrl, http, server.port());
    BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> metricsOnMainPort = metricsOnMainPort(http, metrics);
    // Deliveries for subscriptions this server made are signed with keys it keeps; an operator's own
    // subscription's key comes in with the receiver.
    Optional<WebhookReceiver> deliveries = receiver.map(r -> r.alsoAccepting(signingKeys));
    routes.set(request -> response ->
        route(request, response, hostOnly, guard, transport, metricsOnMainPort, draining, deliveries));
    if (http.publicUrlIsCleartextOffMachine()) {
      log.warn("--public-url {} is plain http on another machine: OAuth codes and tokens would cross the network"
          + " unencrypted. Terminate TLS in a proxy and pass its https URL.", publicUrl);
    }
    if (http.trustedProxies().isEmpty() && http.bindsLoopback() && http.publishedElsewhere()) {
      log.info("Clients reach this loopback server at {} through a proxy on this machine: pass --trusted-proxy"
          + " with its address, or every agent shares the proxy's address for the per-address limits", publicUrl);
    }
    log.info("Serving MCP at {}{}", publicUrl, MCP_PATH);
    management.ifPresent(bound ->
        log.info("Serving metrics at http://{}:{}/metrics", hostForUrl(http.host()), bound.port()));
    return new HttpMcpServer(server, management, publicUrl, transport, mcp, http.shutdownGrace(), draining, sources,
        signingKeys);
  }

  /**
   * {@code /metrics} on the port that faces clients: never when a management port is set; with the
   * metrics token when one is set; else only on a server no one else reaches, and never for a
   * request that says it was forwarded.
   */
  private static BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> metricsOnMainPort(
      HttpSettings http, PrometheusMeterRegistry metrics) {
    if (http.managementPort().isPresent()) {
      return (request, response) -> notFound(response);
    }
    if (http.metricsToken().isPresent()) {
      return (request, response) -> metrics(request, response, http.metricsToken(), metrics);
    }
    if (http.metricsOnMainPortWithoutToken()) {
      return (request, response) -> forwarded(request)
          ? notFound(response)
          : metrics(request, response, Optional.empty(), metrics);
    }
    log.info("/metrics is not served: this server is reachable from other machines; set --management-port or {}",
        MetricsToken.ENV);
    return (request, response) -> notFound(response);
  }

  private static boolean forwarded(HttpServerRequest request) {
    return request.requestHeaders().contains("Forwarded") || request.requestHeaders().contains("X-Forwarded-For");
  }

  /**
   * The operator's own port: {@code /metrics}, {@code /healthz} and {@code /readyz} and nothing
   * else, bound to the same address as the main port. Any Host is answered (scrapers name pods and
   * services by whatever address they have), but only one.
   */
  private static DisposableServer managementServer(HttpSettings http, PrometheusMeterRegistry metrics, AtomicBoolean draining) {
    return HttpServer.create()
        .host(http.host())
        .port(http.managementPort().getAsInt())
        .httpRequestDecoder(spec -> spec.maxHeaderSize(16 * 1024))
        .handle((request, response) -> {
          if (hostRepeated(request)) {
            return refuseRepeatedHost(response);
          }
          return switch (new QueryStringDecoder(request.uri()).path()) {
            case "/metrics" -> metrics(request, response, http.metricsToken(), metrics);
            case "/healthz" -> plain(response, 200, "{\"status\":\"ok\"}");
            case "/readyz" -> readiness(response, draining);
            default -> notFound(response);
          };
        })
        .bindNow();
  }

  private static Mono<Void> metrics(
      HttpServerRequest request, HttpServerResponse response, Optional<MetricsToken> token, PrometheusMeterRegistry metrics) {
    if (token.isPresent() && !token.get().admits(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
      return plain(response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"metrics\""), 401,
          "{\"error\":\"invalid_token\",\"error_description\":\"/metrics needs the metrics bearer token.\"}");
    }
    return response.status(200)
        .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .sendString(Mono.fromCallable(metrics::scrape))
        .then();
  }

  /** Two Host headers could name two servers, and each reader of the request might believe another. */
  private static boolean hostRepeated(HttpServerRequest request) {
    return request.requestHeaders().getAll(HttpHeaderNames.HOST).size() > 1;
  }

  private static Mono<Void> refuseRepeatedHost(HttpServerResponse response) {
    return plain(response.keepAlive(false), 400, ONE_HOST);
  }

  /** Before the routes are in place: a client that connects this early is told to come back at once. */
  private static Mono<Void> starting(HttpServerResponse response) {
    return plain(response.header(HttpHeaderNames.RETRY_AFTER, "1"), 503, STARTING);
  }

  private static Mono<Void> notFound(HttpServerResponse response) {
    return plain(response, 404, "{\"error\":\"not_found\"}");
  }

  private static Mono<Void> readiness(HttpServerResponse response, AtomicBoolean draining) {
    return draining.get()
        ? plain(response, 503, "{\"status\":\"draining\"}")
        : plain(response, 200, "{\"status\":\"ready\"}");
  }

  private static Mono<Void> route(
      HttpServerRequest request,
      HttpServerResponse response,
      ServerHttpHeaderValidator hostOnly,
      HttpGate gate,
      NettyStreamableServerTransportProvider transport,
      BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> metrics,
      AtomicBoolean draining,
      Optional<WebhookReceiver> webhooks) {
    try {
      hostOnly.validate(headers(request));
    } catch (ServerTransportSecurityException e) {
      return plain(response, e.getStatusCode(), "{\"error\":\"invalid_host\",\"error_description\":\"" + e.getMessage() + "\"}");
    }
    String path = new QueryStringDecoder(request.uri()).path();
    switch (path) {
      case MCP_PATH:
        return gate.guard(request, response, context -> mcp(request, response, context, transport));
      case "/healthz":
        return plain(response, 200, "{\"status\":\"ok\"}");
      case "/readyz":
        return readiness(response, draining);
      case "/metrics":
        return metrics.apply(request, response);
      case WebhookReceiver.PATH:
        // Calendly signs its deliveries; the OAuth gate has nothing to say about them.
        return webhooks.map(receiver -> receiver.handle(request, response)).orElseGet(() -> notFound(response));
      default:
        if (gate.handles(path)) {
          return gate.handle(request, response);
        }
        return notFound(response);
    }
  }

  /**
   * The MCP endpoint, with the request's session id in the context (subscriptions are kept per
   * session); the transport says when a session ends, however it ends.
   */
  private static Mono<Void> mcp(HttpServerRequest request, HttpServerResponse response, McpTransportContext context,
      NettyStreamableServerTransportProvider transport) {
    String session = request.requestHeaders().get(SESSION_HEADER);
    if (session == null) {
      return transport.handle(request, response, context);
    }
    return transport.handle(request, response, context.putAll(Map.of(LiveResources.SESSION_ID, session)));
  }

  private static Mono<Void> plain(HttpServerResponse response, int status, String json) {
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendString(Mono.just(json))
        .then();
  }

  private static HeaderAccessor headers(HttpServerRequest request) {
    return new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return request.requestHeaders().getAll(name);
      }

      @Override
      public List<String> getHeaderNames() {
        return List.copyOf(request.requestHeaders().names());
      }
    };
  }

  /** For {@code /mcp}: a browser page on another origin must not drive the user's agent session. */
  private static DefaultServerTransportSecurityValidator originAndHost(URI publicUrl, HttpSettings http, int port) {
    DefaultServerTransportSecurityValidator.Builder builder = DefaultServerTransportSecurityValidator.builder();
    for (String authority : authorities(publicUrl, http, port)) {
      builder.allowedHost(authority);
    }
    builder.allowedOrigin(origin(publicUrl));
    if (http.bindsLoopback()) {
      for (String authority : loopbackAuthorities(port)) {
        builder.allowedOrigin("http://" + authority);
      }
    }
    return builder.build();
  }

  /** For every other path: the OAuth endpoints serve browsers and clients on other sites, so any Origin. */
  private static ServerHttpHeaderValidator hostOnly(URI publicUrl, HttpSettings http, int port) {
    DefaultServerTransportSecurityValidator.Builder builder = DefaultServerTransportSecurityValidator.builder();
    for (String authority : authorities(publicUrl, http, port)) {
      builder.allowedHost(authority);
    }
    DefaultServerTransportSecurityValidator hosts = builder.build();
    return headers -> hosts.validate(new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return "origin".equalsIgnoreCase(name) ? List.of() : headers.getHeader(name);
      }

      @Override
      public List<String> getHeaderNames() {
        return headers.getHeaderNames().stream().filter(name -> !"origin".equalsIgnoreCase(name)).toList();
      }
    });
  }

  /** The Host values this server answers to: its public URL's, and its bound address's. */
  private static Set<String> authorities(URI publicUrl, HttpSettings http, int port) {
    Set<String> authorities = new LinkedHashSet<>();
    authorities.add(publicUrl.getAuthority());
    if (publicUrl.getPort() == -1) {
      authorities.add(publicUrl.getHost() + ":" + ("https".equals(publicUrl.getScheme()) ? 443 : 80));
    }
    authorities.add(hostForUrl(http.host()) + ":" + port);
    if (http.bindsLoopback()) {
      authorities.addAll(loopbackAuthorities(port));
    }
    return authorities;
  }

  private static List<String> loopbackAuthorities(int port) {
    List<String> names = new ArrayList<>();
    for (String host : List.of("127.0.0.1", "localhost", "[::1]")) {
      names.add(host + ":" + port);
    }
    return names;
  }

  private static String origin(URI url) {
    return url.getScheme() + "://" + url.getAuthority();
  }

  private static String hostForUrl(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  public int port() {
    return server.port();
  }

  /** The management port as bound, when {@code /metrics} has one. */
  public OptionalInt managementPort() {
    return management.map(bound -> OptionalInt.of(bound.port())).orElse(OptionalInt.empty());
  }

  public URI publicUrl() {
    return publicUrl;
  }

  public URI mcpUrl() {
    return URI.create(publicUrl + MCP_PATH);
  }

  /** Where each watched account's changes come from: its webhook subscription or its poller. */
  public ChangeSources changeSources() {
    return sources;
  }

  /** The signing keys of the Calendly webhook subscriptions this server keeps, for the receiver. */
  public WebhookSigningKeys webhookSigningKeys() {
    return signingKeys;
  }

  /** How many MCP sessions are open. */
  public int sessionCount() {
    return transport.sessionCount();
  }

  /** Blocks until the server's channel closes. */
  public void awaitClosed() {
    server.onDispose().block();
  }

  /**
   * Stops taking new work ({@code /readyz} answers 503), lets calls in flight finish for up to the
   * shutdown grace, then closes every session and the listening socket. Safe to call twice.
   */
  @Override
  public void close() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    // First: the sessions closing below must not delete webhook subscriptions a restart will reuse.
    sources.close();
    try {
      mcp.closeGracefully().block(shutdownGrace);
    } catch (RuntimeException e) {
      log.debug("Sessions did not close within {} ms", shutdownGrace.toMillis(), e);
    }
    server.disposeNow(shutdownGrace);
    management.ifPresent(bound -> bound.disposeNow(shutdownGrace));
  }

}
