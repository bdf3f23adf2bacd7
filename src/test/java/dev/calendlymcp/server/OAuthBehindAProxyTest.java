package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.auth.store.InMemoryAuthStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The authorization server's limits when every agent reaches it through one reverse proxy: with
 * {@code --trusted-proxy} each is counted under the address the proxy names, a proxy that is not
 * declared (or a client writing the headers itself) changes nothing, and either way one agent's
 * bad token requests never stop another from refreshing or signing out.
 */
@Timeout(120)
class OAuthBehindAProxyTest {

  private static final String HONEST_ADDRESS = "198.51.100.20";
  private static final String ATTACKER_ADDRESS = "203.0.113.66";

  private OAuthServerFixture fixture;
  private OAuthDance dance;
  private OAuthDance.Discovery discovery;

  private void start(UnaryOperator<HttpSettings> http) {
    fixture = new OAuthServerFixture(true, new InMemoryAuthStore(), http);
    dance = fixture.dance();
    discovery = dance.discover();
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** A form post as the proxy forwards it: with the client's address appended to X-Forwarded-For (when given). */
  private HttpResponse<String> postVia(String forwardedFor, URI endpoint, Map<String, String> fields) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(OAuthDance.form(fields)));
    if (forwardedFor != null) {
      request.header("X-Forwarded-For", forwardedFor);
    }
    return dance.send(request);
  }

  /** {@code count} refresh requests with a refresh token that was never issued; their statuses. */
  private List<Integer> badTokenCalls(String forwardedFor, String clientId, int count) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(postVia(forwardedFor, discovery.tokenEndpoint(),
          Map.of("grant_type", "refresh_token", "refresh_token", "never-issued-" + i, "client_id", clientId)).statusCode());
    }
    return statuses;
  }

  /** The honest agent's refresh and sign-out, both through the proxy; asserts each worked. */
  private void refreshAndRevokeStillWork(String forwardedFor, OAuthDance.Tokens tokens) {
    HttpResponse<String> refreshed = postVia(forwardedFor, discovery.tokenEndpoint(),
        Map.of("grant_type", "refresh_token", "refresh_token", tokens.refreshToken(), "client_id", tokens.clientId()));
    assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    OAuthDance.Tokens next = dance.refreshed(tokens, refreshed);

    HttpResponse<String> revoked = postVia(forwardedFor, discovery.revocationEndpoint(),
        Map.of("token", next.refreshToken(), "client_id", next.clientId()));
    assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
    assertThat(dance.initialize(next.accessToken()).statusCode()).as("signed out").isEqualTo(401);
  }

  @Test
  void aLegitimateRefreshAndRevokeStillWorkAfter65BadTokenCallsFromAnotherClientThroughTheSameProxy() {
    start(http -> http.withTrustedProxies(List.of(Cidr.parse("127.0.0.1"))));
    OAuthDance.Tokens honest = dance.authorize(discovery, dance.register(discovery, "Honest Agent"),
        fixture.teamsOwner.email());
    String attacker = dance.register(discovery, "Noisy Agent");

    List<Integer> statuses = badTokenCalls(ATTACKER_ADDRESS, attacker, 65);

    assertThat(statuses.subList(0, 60)).containsOnly(400);
    assertThat(statuses.subList(60, 65)).as("the noisy agent is still limited").containsOnly(429);
    refreshAndRevokeStillWork(HONEST_ADDRESS, honest);
  }

  @Test
  void behindAProxyThatIsNotDeclaredEachClientStillKeepsItsOwnTokenAndRevocationBudget() {
    start(UnaryOperator.identity());
    OAuthDance.Tokens honest = dance.authorize(discovery, dance.register(discovery, "Honest Agent"),
        fixture.teamsOwner.email());
    String attacker = dance.register(discovery, "Noisy Agent");

    List<Integer> statuses = badTokenCalls(null, attacker, 65);

    assertThat(statuses.subList(60, 65)).containsOnly(429);
    refreshAndRevokeStillWork(null, honest);
  }

  @Test
  void forwardedHeadersFromAPeerThatIsNotATrustedProxyAreIgnored() {
    start(http -> http.withTrustedProxies(List.of(Cidr.parse("10.0.0.0/8"))));
    List<Integer> statuses = new ArrayList<>();

    // One agent hopping through invented addresses: all of them are this peer's.
    for (int i = 0; i < 61; i++) {
      statuses.add(postVia("203.0.113." + (i + 1), discovery.tokenEndpoint(),
          Map.of("grant_type", "refresh_token", "refresh_token", "never-issued", "client_id", "same-agent")).statusCode());
    }

    assertThat(statuses.subList(0, 60)).doesNotContain(429);
    assertThat(statuses.get(60)).isEqualTo(429);
  }

  @Test
  void withoutTrustedProxiesForwardedHeadersAreIgnored() {
    start(UnaryOperator.identity());
    String metadata = "{\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"]}";
    List<Integer> statuses = new ArrayList<>();

    for (int i = 0; i < 21; i++) {
      statuses.add(dance.send(HttpRequest.newBuilder(discovery.registrationEndpoint())
          .header("Content-Type", "application/json")
          .header("X-Forwarded-For", "203.0.113." + (i + 1))
          .header("Forwarded", "for=203.0.113." + (i + 1))
          .POST(HttpRequest.BodyPublishers.ofString(metadata))).statusCode());
    }

    assertThat(statuses.subList(0, 20)).containsOnly(201);
    assertThat(statuses.get(20)).isEqualTo(429);
  }

  @Test
  void throughATrustedProxyEachForwardedAddressHasItsOwnRegistrationBudget() {
    start(http -> http.withTrustedProxies(List.of(Cidr.parse("127.0.0.0/8"))));
    String metadata = "{\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"]}";

    for (int i = 0; i < 21; i++) {
      HttpResponse<String> response = dance.send(HttpRequest.newBuilder(discovery.registrationEndpoint())
          .header("Content-Type", "application/json")
          .header("Forwarded", "for=\"[2001:db8:" + (i + 1) + "::7]:4711\"")
          .POST(HttpRequest.BodyPublishers.ofString(metadata)));
      assertThat(response.statusCode()).as("agent %d", i + 1).isEqualTo(201);
    }
  }
}
