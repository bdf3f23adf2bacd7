package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.auth.store.InMemoryAuthStore;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.transport.SessionLimits;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The per-client session cap counts the sessions of one registration, not of one product: a
 * client known by its metadata document's URL (every Claude user shares one) is capped per user
 * only, while all users of one registered client still count together.
 */
class SharedClientSessionsTest {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<HttpResponse<InputStream>> streams = new ArrayList<>();
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private OAuthServerFixture fixture;
  private DisposableServer documentHost;

  @BeforeEach
  void start() {
    // One session per client: a second user's session would need a room only eviction could make.
    fixture = new OAuthServerFixture(true, new InMemoryAuthStore(),
        settings -> settings.withLimits(HttpLimits.DEFAULTS.withSessions(new SessionLimits(16, 1, 1 << 20, 1 << 19))));
    documentHost = HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> documents.containsKey(request.path())
            ? response.header("Content-Type", "application/json").sendString(Mono.just(documents.get(request.path()))).then()
            : response.status(404).send())
        .bindNow(WAIT);
  }

  @AfterEach
  void stop() throws Exception {
    for (HttpResponse<InputStream> stream : streams) {
      stream.body().close();
    }
    documentHost.disposeNow(WAIT);
    fixture.close();
  }

  @Test
  void usersOfAClientKnownByItsMetadataDocumentEachGetTheirOwnSessions() {
    String clientId = "http://127.0.0.1:" + documentHost.port() + "/agent.json";
    documents.put("agent.json", "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Document Agent\","
        + "\"redirect_uris\":[\"" + OAuthDance.REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}");

    busySession(clientId, fixture.teamsOwner.email());
    HttpResponse<String> second = initialize(clientId, fixture.sandbox.user(Plan.TEAMS, Role.USER).email());

    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
  }

  @Test
  void usersOfOneRegisteredClientStillCountTogether() {
    OAuthDance dance = fixture.dance();
    String clientId = dance.register(dance.discover(), "Registered Agent");

    busySession(clientId, fixture.teamsOwner.email());
    HttpResponse<String> second = initialize(clientId, fixture.sandbox.user(Plan.TEAMS, Role.USER).email());

    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.body()).contains("Too many sessions: this client has 1");
  }

  private HttpResponse<String> initialize(String clientId, String email) {
    OAuthDance dance = fixture.dance();
    return dance.initialize(dance.authorize(dance.discover(), clientId, email).accessToken());
  }

  /** A session of {@code email} through {@code clientId} with its event stream open, so no eviction can end it. */
  private void busySession(String clientId, String email) {
    OAuthDance dance = fixture.dance();
    String token = dance.authorize(dance.discover(), clientId, email).accessToken();
    HttpResponse<String> initialized = dance.initialize(token);
    assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
    String session = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
    HttpRequest listen = HttpRequest.newBuilder(fixture.server.mcpUrl())
        .header("Authorization", "Bearer " + token)
        .header("Mcp-Session-Id", session)
        .header("MCP-Protocol-Version", "2025-11-25")
        .header("Accept", "text/event-stream")
        .GET()
        .build();
    try {
      HttpResponse<InputStream> stream =
          http.sendAsync(listen, HttpResponse.BodyHandlers.ofInputStream()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      streams.add(stream);
      assertThat(stream.statusCode()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError("the session's event stream did not open", e);
    }
  }
}
