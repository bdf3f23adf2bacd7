package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.auth.AuthSettings;
import dev.calendlymcp.auth.AuthorizationServer;
import dev.calendlymcp.auth.IpRateLimits;
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
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.webhooks.InMemoryWebhookInbox;
import dev.calendlymcp.webhooks.WebhookAccounts;
import dev.calendlymcp.webhooks.WebhookProcessor;
import dev.calendlymcp.webhooks.WebhookReceiver;
import dev.calendlymcp.webhooks.WebhookSigningKey;
import dev.calendlymcp.webhooks.WebhookSigningKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The remote server with OAuth, two Calendly users signed in: a webhook about one user's booking
 * notifies that user's session and never the other's.
 */
class WebhooksPerAccountTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String KEY = "per-account-signing-key-77";
  private static final String UPCOMING = "calendly://me/upcoming";

  private final MutableClock clock = new MutableClock(Instant.now());
  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final InMemoryAuthStore store = new InMemoryAuthStore();
  private Sandbox sandbox;
  private CalendlyHttp calendlyHttp;
  private WebhookProcessor processor;
  private HttpMcpServer server;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.builder().clock(clock).autoApprove(true)
        .webhookDelivery(WebhookDeliverySettings.defaults()).build());
    CalendlyConfig config = CalendlyConfig.defaults()
        .withApiBaseUrl(URI.create(sandbox.apiBaseUrl()))
        .withAuthBaseUrl(URI.create(sandbox.authBaseUrl()));
    calendlyHttp = CalendlyHttp.create(config, new RequestMeters(new SimpleMeterRegistry()));
    OAuthApp app = sandbox.oauthApp();
    OAuthClientCredentials credentials = OAuthClientCredentials.confidential(app.clientId(), app.clientSecret());
    CalendlyOAuth calendly = CalendlyOAuth.create(calendlyHttp, credentials, clock);
    ChangeFeed feed = new ChangeFeed(new InMemoryChangeStore());
    InMemoryWebhookInbox inbox = new InMemoryWebhookInbox(clock);
    processor = new WebhookProcessor(inbox, feed, WebhookAccounts.perUser()).start();
    WebhookReceiver receiver =
        new WebhookReceiver(WebhookSigningKeys.of(List.of(new WebhookSigningKey(KEY))), inbox, processor::wake, clock);
    ServerSettings settings = new ServerSettings(ToolCatalog.build(ToolOptions.defaults()), "test", WAIT, clock);
    server = HttpMcpServer.start(HttpSettings.of("127.0.0.1", 0, Optional.empty()), settings, publicUrl -> {
      AuthSettings auth = AuthSettings.defaults(publicUrl, config.authBaseUrl(), credentials, true, true).withClock(clock);
      return OAuthGate.create(AuthorizationServer.create(auth, store, calendly, new IpRateLimits(clock)), calendlyHttp,
          ClientOptions.defaults());
    }, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), feed, LiveSettings.defaults(), Optional.of(receiver));
  }

  @AfterEach
  void stop() {
    server.close();
    processor.close();
    calendlyHttp.close();
    sandbox.close();
    store.close();
  }

  @Test
  void aBookingOfOneUserNotifiesThatUsersSessionAndNotAnotherUsers() throws InterruptedException {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    SeededUser other = sandbox.user(Plan.TEAMS, Role.USER);
    LinkedBlockingQueue<String> ownerUpdates = new LinkedBlockingQueue<>();
    LinkedBlockingQueue<String> otherUpdates = new LinkedBlockingQueue<>();
    McpSyncClient ownerSession = session(owner, ownerUpdates);
    McpSyncClient otherSession = session(other, otherUpdates);
    try {
      ownerSession.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
      otherSession.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
      subscribeAtCalendly(owner);

      book(owner);

      assertThat(ownerUpdates.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(UPCOMING);
      // The change was published before the owner heard of it; a ping answered means anything sent
      // to the other session before it has arrived too.
      otherSession.ping();
      assertThat(otherUpdates).isEmpty();
      assertThat(processor.processed()).isEqualTo(1);
    } finally {
      ownerSession.closeGracefully();
      otherSession.closeGracefully();
    }
  }

  private McpSyncClient session(SeededUser user, LinkedBlockingQueue<String> updates) {
    String token = new OAuthDance(server.mcpUrl()).signIn("webhooks-" + user.email(), user.email()).accessToken();
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.publicUrl().toString())
            .endpoint("/mcp")
            .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                builder.setHeader("Authorization", "Bearer " + token))
            .build())
        .clientInfo(McpSchema.Implementation.builder("webhooks-per-account", "1").build())
        .requestTimeout(WAIT)
        .resourcesUpdateConsumer(contents -> contents.forEach(content -> updates.add(content.uri())))
        .build();
    client.initialize();
    return client;
  }

  private void subscribeAtCalendly(SeededUser user) {
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/webhook_subscriptions"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"url": "%s", "events": ["invitee.created", "invitee.canceled"], "organization": "%s", "scope": "user",
             "user": "%s", "signing_key": "%s"}
            """.formatted(server.publicUrl() + WebhookReceiver.PATH, user.organizationUri(), user.userUri(), KEY))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private void book(SeededUser user) {
    String eventType = json.readTree(get(user, "/event_types?user=" + q(user.userUri()))).path("collection")
        .valueStream().filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    Instant now = clock.instant();
    JsonNode slots = json.readTree(get(user, "/event_type_available_times?event_type=" + q(eventType) + "&start_time="
        + q(now.plus(Duration.ofHours(1)).toString()) + "&end_time=" + q(now.plus(Duration.ofDays(6)).toString())));
    HttpResponse<String> booked = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/invitees"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"event_type": "%s", "start_time": "%s", "invitee": {"name": "Pat Doe", "email": "pat@example.org", "timezone": "UTC"}}
            """.formatted(eventType, slots.path("collection").get(0).path("start_time").asString()))));
    assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
  }

  private String get(SeededUser user, String pathAndQuery) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + pathAndQuery))
        .header("Authorization", "Bearer " + user.token()).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
