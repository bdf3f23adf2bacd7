package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.webhooks.ChangePoller;
import dev.calendlymcp.webhooks.ChangeSources;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP server's change sources with two Calendly users signed in through our OAuth server: each
 * account that a session watches gets its own poller (no public URL, so no webhooks), a change
 * reaches only its own account's sessions, and a poller stops when its last session goes.
 */
@Timeout(120)
class LiveSourcesOverHttpTest {

  private static final String UPCOMING = "calendly://me/upcoming";

  private OAuthServerFixture fixture;
  private final List<McpSyncClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    fixture.close();
  }

  private void start(UnaryOperator<HttpSettings> listener) {
    // Half of each budget: a poll every fraction of a second, so the test waits for seconds, not minutes.
    fixture = new OAuthServerFixture(true, new InMemoryAuthStore(), listener, LiveSettings.defaults().withPollingShare(0.5));
  }

  @Test
  void aChangeForOneSignedInUserIsNotifiedToThatUsersSessionAndNeverToTheOthers() throws Exception {
    start(UnaryOperator.identity());
    SeededUser alice = fixture.teamsOwner;
    SeededUser bob = fixture.sandbox.user(Plan.TEAMS, Role.USER);
    List<String> aliceHeard = new CopyOnWriteArrayList<>();
    List<String> bobHeard = new CopyOnWriteArrayList<>();
    McpSyncClient aliceSession = session(fixture.dance().signIn("Alice's agent", alice.email()).accessToken(), aliceHeard);
    McpSyncClient bobSession = session(fixture.dance().signIn("Bob's agent", bob.email()).accessToken(), bobHeard);
    aliceSession.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
    bobSession.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
    ChangeSources sources = fixture.server.changeSources();
    OAuthServerFixture.await(() -> sources.mode(alice.userUri()) == ChangeSources.Mode.POLLING
        && sources.mode(bob.userUri()) == ChangeSources.Mode.POLLING, "both accounts polled");
    ChangePoller alicePoller = sources.poller(alice.userUri()).orElseThrow();
    ChangePoller bobPoller = sources.poller(bob.userUri()).orElseThrow();
    OAuthServerFixture.await(() -> alicePoller.polls() >= 1 && bobPoller.polls() >= 1, "both pollers took their baseline");

    fixture.cancelAtSandbox(alice, fixture.firstUpcomingEvent(alice));

    OAuthServerFixture.await(() -> aliceHeard.contains(UPCOMING), "Alice's session hears of her cancellation");
    long bobPolls = bobPoller.polls();
    OAuthServerFixture.await(() -> bobPoller.polls() >= bobPolls + 2, "Bob's poller looked twice since");
    bobSession.ping();
    assertThat(bobHeard).isEmpty();
  }

  @Test
  void anAccountsPollerStopsWhenItsOnlySubscribedSessionExpiresIdle() throws Exception {
    start(settings -> new HttpSettings(settings.host(), settings.port(), settings.publicUrl(),
        settings.maxRequestBytes(), Duration.ofSeconds(2), settings.shutdownGrace(), settings.trustedProxies(),
        settings.managementPort(), settings.metricsToken(), settings.limits()));
    SeededUser alice = fixture.teamsOwner;
    String token = fixture.dance().signIn("Idle agent", alice.email()).accessToken();
    // Plain requests: the SDK's client keeps a stream open, and a session with one never idles.
    HttpResponse<String> initialized = post(token, null,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"idle\",\"version\":\"1\"}}}");
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    HttpResponse<String> subscribed = post(token, session,
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"" + UPCOMING + "\"}}");
    assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(200);
    ChangeSources sources = fixture.server.changeSources();
    OAuthServerFixture.await(() -> sources.mode(alice.userUri()) == ChangeSources.Mode.POLLING, "the account is polled");

    OAuthServerFixture.await(() -> fixture.server.sessionCount() == 0, "the session expired");

    OAuthServerFixture.await(() -> sources.mode(alice.userUri()) == ChangeSources.Mode.NONE && sources.settled(alice.userUri()),
        "the poller stopped with the session's subscription");
  }

  @Test
  void revokingTheLastGrantOfAUserStopsItsPoller() throws Exception {
    start(UnaryOperator.identity());
    SeededUser alice = fixture.teamsOwner;
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();
    String clientId = dance.register(discovery, "Revoking agent");
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, alice.email());
    McpSyncClient session = session(tokens.accessToken(), new CopyOnWriteArrayList<>());
    session.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
    ChangeSources sources = fixture.server.changeSources();
    OAuthServerFixture.await(() -> sources.mode(alice.userUri()) == ChangeSources.Mode.POLLING, "the account is polled");

    assertThat(dance.revoke(discovery, clientId, tokens.refreshToken()).statusCode()).isEqualTo(200);

    OAuthServerFixture.await(() -> sources.mode(alice.userUri()) == ChangeSources.Mode.NONE, "the poller stopped");
    assertThat(sources.poller(alice.userUri())).isEmpty();
  }

  @Test
  void withAPublicUrlAWatchedAccountGetsAWebhookSignedWithOurKeyThatRevokingItsLastGrantDeletes() throws Exception {
    int port = freePort();
    URI publicUrl = URI.create("http://127.0.0.1:" + port);
    start(settings -> new HttpSettings(settings.host(), port, Optional.of(publicUrl), settings.maxRequestBytes(),
        settings.sessionIdleTimeout(), settings.shutdownGrace(), settings.trustedProxies(), settings.managementPort(),
        settings.metricsToken(), settings.limits()));
    SeededUser alice = fixture.teamsOwner;
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();
    String clientId = dance.register(discovery, "Webhook agent");
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, alice.email());
    session(tokens.accessToken(), new CopyOnWriteArrayList<>())
        .subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
    ChangeSources sources = fixture.server.changeSources();
    OAuthServerFixture.await(() -> sources.mode(alice.userUri()) == ChangeSources.Mode.WEBHOOK, "the account has a webhook");

    var atCalendly = fixture.sandbox.model().webhookSubscriptions();
    assertThat(atCalendly).singleElement().satisfies(subscription -> {
      assertThat(subscription.callbackUrl()).isEqualTo(publicUrl + "/webhooks/calendly");
      assertThat(fixture.server.webhookSigningKeys().candidates()).singleElement()
          .satisfies(key -> assertThat(key.reveal()).isEqualTo(subscription.signingKey()));
    });

    assertThat(dance.revoke(discovery, clientId, tokens.refreshToken()).statusCode()).isEqualTo(200);

    OAuthServerFixture.await(() -> fixture.sandbox.model().webhookSubscriptions().isEmpty(), "the webhook is deleted at Calendly");
    assertThat(fixture.server.webhookSigningKeys().candidates()).isEmpty();
  }

  /** A port the OS just chose: the public URL must name the port before the server binds it. */
  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private McpSyncClient session(String accessToken, List<String> heard) {
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(fixture.server.publicUrl().toString())
            .endpoint("/mcp")
            .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                builder.setHeader("Authorization", "Bearer " + accessToken))
            .build())
        .clientInfo(McpSchema.Implementation.builder("live-test", "1").build())
        .requestTimeout(Duration.ofSeconds(30))
        .resourcesUpdateConsumer(contents -> contents.forEach(c -> heard.add(c.uri())))
        .build();
    client.initialize();
    clients.add(client);
    return client;
  }

  private HttpResponse<String> post(String token, String session, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(fixture.server.mcpUrl())
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-11-25")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
