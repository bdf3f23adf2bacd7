package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.webhooks.ChangePoller;
import dev.calendlymcp.webhooks.ChangeSources;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resource update notifications follow the policy of each session's agent: of two agents of one
 * user watching the upcoming meetings, only the one allowed to read them (meetings with their
 * invitees) hears of a change.
 */
@Timeout(120)
class OAuthPolicyNotificationsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String UPCOMING = "calendly://me/upcoming";

  private final JsonMapper json = JsonMapper.builder().build();
  private final List<McpSyncClient> clients = new CopyOnWriteArrayList<>();
  // A poll every fraction of a second, so the test waits for seconds, not minutes.
  private final OAuthServerFixture fixture = new OAuthServerFixture(false, new InMemoryAuthStore(),
      UnaryOperator.identity(), LiveSettings.defaults().withPollingShare(0.5));

  @AfterEach
  void stop() {
    clients.forEach(McpSyncClient::closeGracefully);
    fixture.close();
  }

  @Test
  void anUpdateReachesOnlyTheSessionWhoseAgentMayReadTheResource() throws Exception {
    SeededUser user = fixture.teamsOwner;
    OAuthDance browser = fixture.dance();
    OAuthDance.Discovery discovery = browser.discover();
    List<String> allowedHeard = new CopyOnWriteArrayList<>();
    List<String> blindHeard = new CopyOnWriteArrayList<>();
    McpSyncClient allowed = session(approve(browser, discovery, "Invitee Agent", Map.of("policy.invitees", "read")),
        allowedHeard);
    McpSyncClient blind = session(approve(browser, discovery, "Blind Agent", Map.of()), blindHeard);
    allowed.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
    blind.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build());
    ChangeSources sources = fixture.server.changeSources();
    await(() -> sources.mode(user.userUri()) == ChangeSources.Mode.POLLING, "the account is polled");
    ChangePoller poller = sources.poller(user.userUri()).orElseThrow();
    await(() -> poller.polls() >= 1, "the poller took its baseline");

    cancel(user, firstUpcomingEvent(user));

    await(() -> allowedHeard.contains(UPCOMING), "the allowed agent's session hears of the cancellation");
    long polls = poller.polls();
    await(() -> poller.polls() >= polls + 2, "the poller looked twice since");
    blind.ping();
    assertThat(blindHeard).isEmpty();
  }

  private String approve(OAuthDance browser, OAuthDance.Discovery discovery, String name, Map<String, String> changes) {
    String clientId = browser.register(discovery, name);
    CodeVerifier verifier = new CodeVerifier();
    OAuthDance.Landing page = browser.startAuthorization(discovery,
        browser.authorizationQuery(discovery, clientId, verifier, "s", fixture.teamsOwner.email()));
    OAuthDance.Landing landed = browser.decide(page, "approve", changes);
    assertThat(landed.redirectedToClient()).as("landed on %s", landed.location()).isTrue();
    return browser.tokens(clientId, browser.exchange(discovery, clientId, landed.parameter("code"), verifier.getValue()))
        .accessToken();
  }

  private McpSyncClient session(String accessToken, List<String> heard) {
    McpSyncClient client = fixture.client(accessToken,
        spec -> spec.resourcesUpdateConsumer(contents -> contents.forEach(c -> heard.add(c.uri()))));
    clients.add(client);
    return client;
  }

  private String firstUpcomingEvent(SeededUser user) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(fixture.sandbox.apiBaseUrl() + "/scheduled_events?user=" + user.userUri()
                + "&status=active&sort=start_time:asc&min_start_time=" + Instant.now().plus(Duration.ofHours(1))))
            .header("Authorization", "Bearer " + user.token())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode page = json.readTree(response.body());
    return page.path("collection").get(0).path("uri").asString();
  }

  private void cancel(SeededUser user, String eventUri) throws Exception {
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
  private static void await(BooleanSupplier condition, String what) {
    Long met = Flux.interval(Duration.ZERO, Duration.ofMillis(20))
        .filter(tick -> condition.getAsBoolean())
        .next()
        .timeout(WAIT, Mono.empty())
        .block();
    assertThat(met).as("waited %s s for: %s", WAIT.toSeconds(), what).isNotNull();
  }
}
