package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.webhooks.ChangePoller;
import dev.calendlymcp.webhooks.ChangeSources;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Resource update notifications follow the policy of each session's agent: of two agents of one
 * user watching the upcoming meetings, only the one allowed to read them (meetings with their
 * invitees) hears of a change.
 */
@Timeout(120)
class OAuthPolicyNotificationsTest {

  private static final String UPCOMING = "calendly://me/upcoming";

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
    OAuthServerFixture.await(() -> sources.mode(user.userUri()) == ChangeSources.Mode.POLLING, "the account is polled");
    ChangePoller poller = sources.poller(user.userUri()).orElseThrow();
    OAuthServerFixture.await(() -> poller.polls() >= 1, "the poller took its baseline");

    fixture.cancelAtSandbox(user, fixture.firstUpcomingEvent(user));

    OAuthServerFixture.await(() -> allowedHeard.contains(UPCOMING), "the allowed agent's session hears of the cancellation");
    long polls = poller.polls();
    OAuthServerFixture.await(() -> poller.polls() >= polls + 2, "the poller looked twice since");
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
}
