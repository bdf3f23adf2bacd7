package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.calendly.AccessToken;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;

/**
 * Our server as Calendly's OAuth client: the authorization it sends the browser to, its
 * callback's answers when Calendly says no or a browser arrives with a login we never started,
 * and Calendly's tokens behind each grant, refreshed once however many calls want them, and the
 * grant ended when Calendly refuses to refresh.
 */
@Timeout(60)
class OAuthCalendlySideTest {

  private OAuthServerFixture fixture;
  private OAuthDance dance;
  private OAuthDance.Discovery discovery;
  private String clientId;

  @BeforeEach
  void start() {
    fixture = new OAuthServerFixture(true);
    dance = fixture.dance();
    discovery = dance.discover();
    clientId = dance.register(discovery, "Calendly Side Agent");
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** The browser's first hop only: where our /authorize sends it at Calendly. */
  private URI toCalendly(CodeVerifier verifier, String state) {
    URI location = dance.firstHop(discovery,
        dance.authorizationQuery(discovery, clientId, verifier, state, fixture.teamsOwner.email()));
    assertThat(location.toString()).startsWith(fixture.sandbox.authBaseUrl() + "/oauth/authorize?");
    return location;
  }

  private static String parameter(URI uri, String name) {
    return OAuthDance.parameter(uri, name);
  }

  /** What Calendly's redirect back to us would be, with {@code query}. */
  private OAuthDance.Landing callback(String query) {
    return dance.browse(URI.create(discovery.issuer() + "/oauth/callback?" + query));
  }

  @Test
  void calendlyIsAskedAsOurAppWithOurOwnPkceAndCallbackNeverTheClients() {
    CodeVerifier verifier = new CodeVerifier();
    URI calendly = toCalendly(verifier, "s1");

    assertThat(parameter(calendly, "client_id")).isEqualTo(fixture.sandbox.oauthApp().clientId());
    assertThat(parameter(calendly, "redirect_uri")).isEqualTo(discovery.issuer() + "/oauth/callback");
    assertThat(parameter(calendly, "code_challenge_method")).isEqualTo("S256");
    assertThat(parameter(calendly, "code_challenge"))
        .isNotEqualTo(CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    // The client's state stays with us; Calendly gets a login id of ours.
    assertThat(parameter(calendly, "state")).isNotEqualTo("s1");
  }

  @Test
  void calendlyDenyingAccessSendsTheClientAccessDeniedWithItsStateAndNoneOfCalendlysWords() {
    String state = parameter(toCalendly(new CodeVerifier(), "s2"), "state");

    OAuthDance.Landing denied = callback("error=access_denied&error_description=Calendly+internal+detail&state=" + state);

    assertThat(denied.redirectedToClient()).as("landed on %s", denied.location()).isTrue();
    assertThat(denied.parameter("error")).isEqualTo("access_denied");
    assertThat(denied.parameter("state")).isEqualTo("s2");
    assertThat(denied.location().toString()).doesNotContain("internal");
    // The login is used up: a replayed answer from Calendly is a page, not a second redirect.
    OAuthDance.Landing replay = callback("code=x&state=" + state);
    assertThat(replay.page().statusCode()).isEqualTo(400);
    assertThat(replay.page().body()).contains("expired or was already completed");
  }

  @Test
  void anyOtherCalendlyErrorOrACodeCalendlyWillNotExchangeIsAServerErrorForTheClient() {
    String failed = parameter(toCalendly(new CodeVerifier(), "s3"), "state");
    OAuthDance.Landing error = callback("error=temporarily_unavailable&state=" + failed);
    assertThat(error.parameter("error")).isEqualTo("server_error");
    assertThat(error.parameter("state")).isEqualTo("s3");

    String forged = parameter(toCalendly(new CodeVerifier(), "s4"), "state");
    OAuthDance.Landing unexchangeable = callback("code=not-a-calendly-code&state=" + forged);
    assertThat(unexchangeable.parameter("error")).isEqualTo("server_error");
    assertThat(unexchangeable.parameter("state")).isEqualTo("s4");
    assertThat(unexchangeable.parameters()).doesNotContainKey("code");
  }

  @Test
  void aCallbackForALoginWeNeverStartedIsAnErrorPageNeverARedirect() {
    for (String query : List.of("code=x&state=never-issued", "code=x", "error=access_denied", "")) {
      OAuthDance.Landing landing = callback(query);
      assertThat(landing.page().statusCode()).as(query).isEqualTo(400);
      assertThat(landing.page().headers().firstValue("Location")).as(query).isEmpty();
      assertThat(landing.page().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
      assertThat(landing.page().body()).as(query).contains("connect again");
    }
  }

  @Test
  void callsArrivingTogetherAfterCalendlysTokenExpiredShareOneRefresh() {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    Grant grant = fixture.grantOf(tokens.accessToken());
    fixture.clock.advance(Duration.ofHours(3));
    long refreshesBefore = fixture.sandbox.stats().count("POST /oauth/token");

    // Calendly's refresh tokens are single use: had both callers refreshed, the second would
    // have ended the grant at Calendly.
    List<AccessToken> both = Mono.zip(
            fixture.authorizationServer().grantTokens().tokenSource(grant.grantId()).token(),
            fixture.authorizationServer().grantTokens().tokenSource(grant.grantId()).token(),
            List::of)
        .block(Duration.ofSeconds(20));

    assertThat(both.get(0)).isEqualTo(both.get(1)).isNotEqualTo(grant.calendly().accessToken());
    assertThat(fixture.sandbox.stats().count("POST /oauth/token")).isEqualTo(refreshesBefore + 1);
    assertThat(fixture.grantOf(tokens.accessToken()).calendly().accessToken()).isEqualTo(both.get(0));
  }

  @Test
  void whenCalendlyRefusesToRefreshOurGrantEndsAndTheToolTellsTheUserToReconnect() {
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    // The user removes the app in Calendly: its refresh token stops working there.
    fixture.calendly.revoke(fixture.grantOf(tokens.accessToken()).calendly().refreshToken()).block(Duration.ofSeconds(5));
    fixture.clock.advance(Duration.ofHours(3));
    // Our own refresh does not ask Calendly, so the agent still gets in...
    OAuthDance.Tokens fresh = dance.refreshed(tokens, dance.refresh(discovery, tokens));

    try (McpSyncClient client = fixture.client(fresh.accessToken())) {
      McpSchema.CallToolResult result = client.callTool(CallToolRequest.builder("whoami").arguments(Map.of()).build());
      // ...but the first call that needs Calendly finds the grant ended, and says what to do.
      assertThat(result.isError()).isTrue();
      assertThat(((McpSchema.TextContent) result.content().get(0)).text()).containsIgnoringCase("reconnect");
    }

    assertThat(fixture.grantOf(tokens.accessToken()).isActive()).isFalse();
    HttpResponse<String> locked = dance.initialize(fresh.accessToken());
    assertThat(locked.statusCode()).isEqualTo(401);
    assertThat(locked.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    assertThat(dance.refresh(discovery, fresh).statusCode()).isEqualTo(400);
  }
}
