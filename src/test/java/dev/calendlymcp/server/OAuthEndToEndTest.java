package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.structured;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A remote agent's whole life with the server, through real HTTP: the 401 that starts discovery,
 * registration, sign-in through the sandbox's Calendly, the SDK's HTTP client calling tools with
 * the token (book, then cancel), both refreshes (ours, and Calendly's behind it), and revocation.
 */
@Timeout(60)
class OAuthEndToEndTest {

  OAuthServerFixture fixture;

  @BeforeEach
  void start() {
    fixture = newFixture();
  }

  /** The status of GET /users/me at the sandbox's Calendly API with {@code token}. */
  private int calendlyStatus(String token) {
    HttpResponse<String> response = fixture.dance().send(HttpRequest.newBuilder(
            URI.create(fixture.sandbox.apiBaseUrl() + "/users/me"))
        .header("Authorization", "Bearer " + token)
        .GET());
    return response.statusCode();
  }

  OAuthServerFixture newFixture() {
    return new OAuthServerFixture(true);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static Map<String, Object> call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return structured(client.callTool(CallToolRequest.builder(tool).arguments(arguments).build()));
  }

  @Test
  void anAgentSignsInBooksCancelsRefreshesBothWaysAndIsLockedOutOnceRevoked() {
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();
    assertThat(discovery.resource()).isEqualTo(fixture.server.mcpUrl());
    String clientId = dance.register(discovery, "Agent A");
    OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
    assertThat(tokens.response().get("token_type").asString()).isEqualTo("Bearer");
    assertThat(tokens.accessToken()).doesNotContain(fixture.teamsOwner.token());

    try (McpSyncClient client = fixture.client(tokens.accessToken())) {
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("whoami", "book_meeting");
      assertThat(call(client, "whoami", Map.of())).containsEntry("email", fixture.teamsOwner.email());

      String typeUri = thirtyMinuteType(client);
      Instant from = fixture.clock.instant().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
      Map<String, Object> search = new LinkedHashMap<>();
      search.put("event_type", typeUri);
      search.put("start_time", from.toString());
      search.put("end_time", from.plus(Duration.ofDays(14)).toString());
      search.put("max_results", 5);
      String slot = (String) map(list(call(client, "find_available_times", search), "slots").get(0)).get("start_time");

      Map<String, Object> booking = new LinkedHashMap<>();
      booking.put("event_type", typeUri);
      booking.put("start_time", slot);
      booking.put("invitee_name", "Remote Agent Guest");
      booking.put("invitee_email", "guest.oauth@example.org");
      booking.put("invitee_timezone", "Europe/Berlin");
      Map<String, Object> booked = call(client, "book_meeting", booking);
      assertThat(booked.get("outcome")).isEqualTo("booked");
      Map<String, Object> canceled = call(client, "cancel_event", Map.of("event", booked.get("event_uri")));
      assertThat(canceled).containsEntry("status", "canceled");
    }

    // Ours: a new pair; the old refresh token is spent.
    OAuthDance.Tokens refreshed = dance.refreshed(tokens, dance.refresh(discovery, tokens));
    assertThat(refreshed.refreshToken()).isNotEqualTo(tokens.refreshToken());

    // Calendly's: three hours on, the sandbox's two-hour token has expired; the call still works
    // because the server refreshes it first (our access token is re-issued for the new time).
    fixture.clock.advance(Duration.ofHours(3));
    OAuthDance.Tokens later = dance.refreshed(refreshed, dance.refresh(discovery, refreshed));
    try (McpSyncClient client = fixture.client(later.accessToken())) {
      assertThat(call(client, "whoami", Map.of())).containsEntry("email", fixture.teamsOwner.email());
    }

    String calendlyToken = fixture.grantOf(later.accessToken()).calendly().accessToken().reveal();
    assertThat(calendlyStatus(calendlyToken)).as("Calendly's token works before").isEqualTo(200);
    HttpResponse<String> revoked = dance.revoke(discovery, clientId, later.accessToken());
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(calendlyStatus(calendlyToken)).as("and is revoked at Calendly with our grant").isEqualTo(401);
    HttpResponse<String> afterwards = initialize(dance, later.accessToken());
    assertThat(afterwards.statusCode()).isEqualTo(401);
    assertThat(afterwards.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("invalid_token");
    assertThat(dance.refresh(discovery, later).statusCode()).as("the grant's refresh token died with it").isEqualTo(400);
  }

  @Test
  void anAgentThatSendsNoStateSignsInAndCallsToolsLikeOneThatDoes() {
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();

    // Clients on the MCP TypeScript SDK send no state: PKCE alone protects their sign-in.
    OAuthDance.Tokens stateless =
        dance.authorize(discovery, dance.register(discovery, "Stateless Agent"), fixture.teamsOwner.email(), null);
    OAuthDance.Tokens stateful =
        dance.authorize(discovery, dance.register(discovery, "Stateful Agent"), fixture.teamsOwner.email(), "st-1");

    for (OAuthDance.Tokens tokens : List.of(stateless, stateful)) {
      try (McpSyncClient client = fixture.client(tokens.accessToken())) {
        assertThat(call(client, "whoami", Map.of())).containsEntry("email", fixture.teamsOwner.email());
      }
    }
    dance.refreshed(stateless, dance.refresh(discovery, stateless));
  }

  @Test
  void twoAgentsHaveSeparateGrantsAndSessionsAndOneCannotUseTheOthersSession() {
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();
    OAuthDance.Tokens a = dance.authorize(discovery, dance.register(discovery, "Agent A"), fixture.teamsOwner.email());
    OAuthDance.Tokens b = dance.authorize(discovery, dance.register(discovery, "Agent B"), fixture.teamsOwner.email());

    HttpResponse<String> sessionOfA = initialize(dance, a.accessToken());
    assertThat(sessionOfA.statusCode()).isEqualTo(200);
    String sessionId = sessionOfA.headers().firstValue("Mcp-Session-Id").orElseThrow();

    HttpResponse<String> hijack = dance.send(mcpRequest(b.accessToken())
        .header("Mcp-Session-Id", sessionId)
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")));
    assertThat(hijack.statusCode()).isEqualTo(404);

    assertThat(dance.revoke(discovery, a.clientId(), a.refreshToken()).statusCode()).isEqualTo(200);
    assertThat(initialize(dance, a.accessToken()).statusCode()).isEqualTo(401);
    try (McpSyncClient client = fixture.client(b.accessToken())) {
      assertThat(call(client, "whoami", Map.of())).containsEntry("email", fixture.teamsOwner.email());
    }
  }

  @Test
  void aTokenNarrowedToReadingIsOfferedOnlyReadToolsAndCannotBook() {
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();
    OAuthDance.Tokens full = dance.authorize(discovery, dance.register(discovery, "Reader"), fixture.teamsOwner.email());
    HttpResponse<String> narrowed = dance.post(discovery.tokenEndpoint(), Map.of(
        "grant_type", "refresh_token", "refresh_token", full.refreshToken(), "client_id", full.clientId(),
        "scope", "calendly:read"));
    OAuthDance.Tokens reader = dance.refreshed(full, narrowed);

    try (McpSyncClient client = fixture.client(reader.accessToken())) {
      List<McpSchema.Tool> offered = client.listTools().tools();
      assertThat(offered).extracting(McpSchema.Tool::name).contains("whoami", "find_available_times")
          .doesNotContain("book_meeting", "cancel_event");
      assertThat(offered).allMatch(tool -> Boolean.TRUE.equals(tool.annotations().readOnlyHint()));
      assertThat(call(client, "whoami", Map.of())).containsEntry("email", fixture.teamsOwner.email());
      McpSchema.CallToolResult refused = client.callTool(CallToolRequest.builder("cancel_event")
          .arguments(Map.of("event", "https://api.calendly.com/scheduled_events/x")).build());
      assertThat(refused.isError()).isTrue();
      assertThat(((McpSchema.TextContent) refused.content().get(0)).text()).contains("for reading only");
    }
  }

  @Test
  void theDiscoveryDocumentsKeysAndTokensTellAClientWhatItNeeds() throws Exception {
    OAuthDance dance = fixture.dance();
    OAuthDance.Discovery discovery = dance.discover();
    String issuer = discovery.issuer().toString();
    // RFC 9728 at both the root and the path-suffixed location clients try.
    for (String path : List.of("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp")) {
      JsonNode resource = dance.getJson(URI.create(issuer + path));
      assertThat(resource.get("resource").asString()).isEqualTo(fixture.server.mcpUrl().toString());
      assertThat(resource.get("authorization_servers").toString()).isEqualTo("[\"" + issuer + "\"]");
      assertThat(resource.get("bearer_methods_supported").toString()).isEqualTo("[\"header\"]");
      assertThat(resource.get("scopes_supported").toString()).contains("calendly:read", "calendly:write");
    }
    JsonNode server = dance.getJson(URI.create(issuer + "/.well-known/oauth-authorization-server"));
    assertThat(server.get("issuer").asString()).isEqualTo(issuer);
    assertThat(server.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
    assertThat(server.get("grant_types_supported").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
    assertThat(server.get("token_endpoint_auth_methods_supported").toString())
        .contains("\"none\"", "client_secret_basic", "client_secret_post");
    assertThat(server.get("client_id_metadata_document_supported").asBoolean()).isTrue();
    assertThat(server.get("authorization_response_iss_parameter_supported").asBoolean()).isTrue();
    // Clients that only know OpenID discovery find the same document.
    assertThat(dance.getJson(URI.create(issuer + "/.well-known/openid-configuration"))).isEqualTo(server);

    OAuthDance.Tokens tokens = dance.authorize(discovery, dance.register(discovery, "Inspector"), fixture.teamsOwner.email());
    SignedJWT jwt = SignedJWT.parse(tokens.accessToken());
    assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    JsonNode keys = dance.getJson(URI.create(server.get("jwks_uri").asString()));
    assertThat(keys.get("keys").findValuesAsString("kid")).contains(jwt.getHeader().getKeyID());
    assertThat(keys.get("keys").findValues("d")).as("no private key half is published").isEmpty();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(issuer);
    assertThat(claims.getAudience()).containsExactly(fixture.server.mcpUrl().toString());
    assertThat(claims.getSubject()).isEqualTo(fixture.teamsOwner.userUri());
    assertThat(claims.getStringClaim("client_id")).isEqualTo(tokens.clientId());
    // A scope claim is a set: its order means nothing.
    assertThat(claims.getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("calendly:read", "calendly:write");
    assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
        .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void anAgentWhoseClientIdIsTheUrlOfItsMetadataDocumentSignsInWithoutRegistering() {
    Map<String, String> documents = new ConcurrentHashMap<>();
    DisposableServer host = HttpServer.create().host("127.0.0.1").port(0)
        .handle((request, response) -> documents.containsKey(request.path())
            ? response.header("Content-Type", "application/json").sendString(Mono.just(documents.get(request.path()))).then()
            : response.status(404).send())
        .bindNow(Duration.ofSeconds(10));
    try {
      String clientId = "http://127.0.0.1:" + host.port() + "/agent.json";
      String liar = "http://127.0.0.1:" + host.port() + "/liar.json";
      documents.put("agent.json", document(clientId));
      documents.put("liar.json", document("https://elsewhere.example/agent.json"));
      OAuthDance dance = fixture.dance();
      OAuthDance.Discovery discovery = dance.discover();

      OAuthDance.Tokens tokens = dance.authorize(discovery, clientId, fixture.teamsOwner.email());
      try (McpSyncClient client = fixture.client(tokens.accessToken())) {
        assertThat(call(client, "whoami", Map.of())).containsEntry("email", fixture.teamsOwner.email());
      }

      // A document must describe the client at its own URL, or anyone could borrow a name.
      OAuthDance.Landing refused = dance.startAuthorization(discovery,
          dance.authorizationQuery(discovery, liar, new CodeVerifier(), "s1", fixture.teamsOwner.email()));
      assertThat(refused.page().statusCode()).isEqualTo(400);
      assertThat(refused.page().body()).contains("metadata document");
    } finally {
      host.disposeNow(Duration.ofSeconds(5));
    }
  }

  private static String document(String clientId) {
    return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Document Agent\",\"redirect_uris\":[\""
        + OAuthDance.REDIRECT + "\"],\"token_endpoint_auth_method\":\"none\"}";
  }

  private String thirtyMinuteType(McpSyncClient client) {
    return list(call(client, "list_event_types", Map.of("active", true)), "event_types").stream()
        .map(OAuthEndToEndTest::map)
        .filter(type -> "30 Minute Meeting".equals(type.get("name")))
        .map(type -> (String) type.get("uri"))
        .findFirst()
        .orElseThrow();
  }

  private HttpRequest.Builder mcpRequest(String accessToken) {
    return HttpRequest.newBuilder(fixture.server.mcpUrl())
        .header("Authorization", "Bearer " + accessToken)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-11-25");
  }

  private HttpResponse<String> initialize(OAuthDance dance, String accessToken) {
    return dance.send(mcpRequest(accessToken).POST(HttpRequest.BodyPublishers.ofString(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}")));
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Map<String, Object> result, String field) {
    return (List<Object>) result.get(field);
  }

  static Map<String, Object> map(Object value) {
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<?, ?>) value).forEach((key, item) -> copy.put((String) key, item));
    return copy;
  }

}
