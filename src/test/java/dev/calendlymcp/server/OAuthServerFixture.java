package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.auth.AuthSettings;
import dev.calendlymcp.auth.AuthorizationServer;
import dev.calendlymcp.auth.IpRateLimits;
import com.nimbusds.jwt.SignedJWT;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.CalendlyOAuth;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.OAuthClientCredentials;
import dev.calendlymcp.calendly.RequestMeters;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.sandbox.MutableClock;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.oauth.OAuthApp;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.util.function.UnaryOperator;

/**
 * The remote server as {@code http --sandbox} builds it, in one process: the sandbox as Calendly
 * (approving its own consent by itself), our authorization server on an in-memory store, and the
 * MCP endpoint behind it, all on one clock that tests move.
 */
final class OAuthServerFixture implements AutoCloseable {

  final MutableClock clock = new MutableClock(Instant.now());
  final Sandbox sandbox;
  final AuthStore store;
  final HttpMcpServer server;
  final SeededUser teamsOwner;
  /** Where the server records tool calls, and what {@code /audit} reads. */
  final AuditSettings audit = AuditSettings.inMemory();
  /** Our server's own client of Calendly's OAuth endpoints, as the sandbox's registered app. */
  final CalendlyOAuth calendly;
  private final CalendlyHttp http;
  private final AtomicReference<AuthorizationServer> authorizationServer = new AtomicReference<>();

  /** @param autoApprove whether our consent page is skipped (Calendly's always is) */
  OAuthServerFixture(boolean autoApprove) {
    this(autoApprove, new InMemoryAuthStore());
  }

  /** @param store the store, which the fixture closes */
  OAuthServerFixture(boolean autoApprove, AuthStore store) {
    this(autoApprove, store, UnaryOperator.identity());
  }

  /** @param listener changes to the loopback listener's settings (trusted proxies, say) */
  OAuthServerFixture(boolean autoApprove, AuthStore store, UnaryOperator<HttpSettings> listener) {
    this(autoApprove, store, listener, LiveSettings.defaults());
  }

  /** @param live how the server learns of changes at Calendly (a larger polling share, say) */
  OAuthServerFixture(boolean autoApprove, AuthStore store, UnaryOperator<HttpSettings> listener, LiveSettings live) {
    this.store = store;
    sandbox = Sandbox.start(SandboxConfig.builder().clock(clock).autoApprove(true).build());
    teamsOwner = sandbox.user(Plan.TEAMS, Role.OWNER);
    CalendlyConfig config = CalendlyConfig.defaults()
        .withApiBaseUrl(URI.create(sandbox.apiBaseUrl()))
        .withAuthBaseUrl(URI.create(sandbox.authBaseUrl()));
    http = CalendlyHttp.create(config, new RequestMeters(new SimpleMeterRegistry()));
    OAuthApp app = sandbox.oauthApp();
    OAuthClientCredentials credentials = OAuthClientCredentials.confidential(app.clientId(), app.clientSecret());
    calendly = CalendlyOAuth.create(http, credentials, clock);
    // Tool deadlines are read off this frozen clock but the rate limiter waits in real time, so a
    // short tool timeout expired whenever a loaded machine took longer than it to run a test class.
    ServerSettings settings = new ServerSettings(
        ToolCatalog.build(ToolOptions.defaults()), "9.9.9-test", Duration.ofMinutes(10), clock).withAudit(audit);
    server = HttpMcpServer.start(listener.apply(HttpSettings.of("127.0.0.1", 0, Optional.empty())), settings, publicUrl -> {
      AuthSettings auth = AuthSettings.defaults(publicUrl, config.authBaseUrl(), credentials, true, autoApprove)
          .withClock(clock);
      AuthorizationServer built = AuthorizationServer.create(auth, store, calendly, new IpRateLimits(clock), audit.log());
      authorizationServer.set(built);
      return OAuthGate.create(built, http, ClientOptions.defaults(), store);
    }, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), new ChangeFeed(new InMemoryChangeStore()), live,
        Optional.empty());
  }

  AuthorizationServer authorizationServer() {
    return authorizationServer.get();
  }

  /** The stored grant one of our access tokens names (its {@code gid} claim). */
  Grant grantOf(String accessToken) {
    try {
      Grant grant = store.findGrant(SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("gid"))
          .block(Duration.ofSeconds(5));
      assertThat(grant).isNotNull();
      return grant;
    } catch (ParseException e) {
      throw new AssertionError("not a JWT: " + e.getMessage(), e);
    }
  }

  OAuthDance dance() {
    return new OAuthDance(server.mcpUrl());
  }

  /** The SDK's own Streamable HTTP client, sending {@code accessToken} on every request. */
  McpSyncClient client(String accessToken) {
    return client(accessToken, UnaryOperator.identity());
  }

  /** The same, with more of the client set by {@code spec} (a tools-changed listener, say). */
  McpSyncClient client(String accessToken, UnaryOperator<McpClient.SyncSpec> spec) {
    McpSyncClient client = spec.apply(McpClient.sync(HttpClientStreamableHttpTransport.builder(server.publicUrl().toString())
            .endpoint("/mcp")
            .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                builder.setHeader("Authorization", "Bearer " + accessToken))
            .build())
        .clientInfo(McpSchema.Implementation.builder("oauth-test", "1").build())
        .requestTimeout(Duration.ofSeconds(20)))
        .build();
    client.initialize();
    return client;
  }

  @Override
  public void close() {
    server.close();
    http.close();
    sandbox.close();
    store.close();
  }

  /** How long the helpers below wait for what a test expects. */
  static final Duration WAIT = Duration.ofSeconds(60);

  /** The user's next active meeting at least an hour ahead, asked of the sandbox directly. */
  String firstUpcomingEvent(SeededUser user) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/scheduled_events?user=" + user.userUri()
                + "&status=active&sort=start_time:asc&min_start_time=" + Instant.now().plus(Duration.ofHours(1))))
            .header("Authorization", "Bearer " + user.token())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode page = JsonMapper.shared().readTree(response.body());
    return page.path("collection").get(0).path("uri").asString();
  }

  /** Cancels a meeting at the sandbox, as its host would outside any agent. */
  void cancelAtSandbox(SeededUser user, String eventUri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(eventUri + "/cancellation"))
            .header("Authorization", "Bearer " + user.token())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"test\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  /** Checks {@code condition} every 20 ms until it holds, failing after {@link #WAIT}. */
  static void await(BooleanSupplier condition, String what) {
    Long met = Flux.interval(Duration.ZERO, Duration.ofMillis(20))
        .filter(tick -> condition.getAsBoolean())
        .next()
        .timeout(WAIT, Mono.empty())
        .block();
    assertThat(met).as("waited %s s for: %s", WAIT.toSeconds(), what).isNotNull();
  }
}
