package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.testing.CapturedLogs;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local HTTP server ({@code --auth none}) end to end in one process: the SDK's own Streamable
 * HTTP client against {@link HttpMcpServer} on a loopback port, acting on a sandbox; and the front
 * door's own paths and checks with a plain HTTP client.
 */
class HttpServerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Sandbox sandbox;
  private LazyCalendlyAccess access;
  private HttpMcpServer server;
  private PrometheusMeterRegistry metrics;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.defaults());
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    LazyCalendlyAccess.Target target = new LazyCalendlyAccess.Target(
        CalendlyConfig.defaults().withApiBaseUrl(URI.create(sandbox.apiBaseUrl())),
        AccessToken.of(owner.token()), Optional.of(Scopes.ALL), () -> {});
    access = new LazyCalendlyAccess(() -> target, ClientOptions::defaults, "Restart.");
    access.connectNow();
    ServerSettings settings = new ServerSettings(
        ToolCatalog.build(ToolOptions.defaults()), "9.9.9-test", Duration.ofSeconds(20), Clock.systemUTC());
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = HttpMcpServer.start(
        HttpSettings.of("127.0.0.1", 0, Optional.empty()), settings,
        publicUrl -> HttpGate.open(AccessResolver.fixed(access)), metrics);
  }

  @AfterEach
  void stop() {
    server.close();
    access.close();
    sandbox.close();
  }

  private McpSyncClient client() {
    McpSyncClient client = McpClient.sync(
            HttpClientStreamableHttpTransport.builder(server.publicUrl().toString()).endpoint("/mcp").build())
        .clientInfo(McpSchema.Implementation.builder("http-test", "1").build())
        .requestTimeout(Duration.ofSeconds(20))
        .build();
    client.initialize();
    return client;
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.publicUrl() + path)).GET();
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theSdksHttpClientListsToolsAndCallsThemOnTheSandbox() {
    try (McpSyncClient client = client()) {
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).contains("whoami", "book_meeting");

      CallToolResult whoami = client.callTool(CallToolRequest.builder("whoami").arguments(Map.of()).build());

      assertThat(whoami.isError()).isFalse();
      assertThat(whoami.structuredContent().toString()).contains(sandbox.user(Plan.TEAMS, Role.OWNER).email());
      assertThat(server.sessionCount()).isEqualTo(1);
    }
  }

  @Test
  void toolCallsAreCountedOnMetricsWithTheOpenSessions() throws Exception {
    try (McpSyncClient client = client()) {
      client.callTool(CallToolRequest.builder("whoami").arguments(Map.of()).build());

      HttpResponse<String> scrape = get("/metrics", Map.of());

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
      assertThat(scrape.body())
          .contains("mcp_sessions 1.0")
          .contains("mcp_tool_calls_seconds_count{outcome=\"ok\",tool=\"whoami\"} 1");
    }
  }

  @Test
  @Timeout(30)
  void aCallTheClientCancelsStopsWithoutAnAnswerAndIsCountedAsCancelled() throws Exception {
    sandbox.faults().latency("GET /event_types", Duration.ofSeconds(60));
    String session = initializeFrom(null).headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    HttpResponse<Stream<String>> call = http.send(
        mcpPost(session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"list_event_types\",\"arguments\":{}}}").build(),
        HttpResponse.BodyHandlers.ofLines());
    Iterator<String> lines = call.body().iterator();
    // The priming event comes once the transport holds the call, so the cancellation finds it.
    while (!lines.next().isEmpty()) {
      // the primer's fields
    }

    HttpResponse<String> cancelled = post(session,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");

    assertThat(cancelled.statusCode()).isEqualTo(202);
    List<String> rest = new ArrayList<>();
    lines.forEachRemaining(rest::add);
    assertThat(rest).as("the stream ended with no answer").noneMatch(line -> line.startsWith("data:") && line.length() > 6);
    assertThat(get("/metrics", Map.of()).body())
        .contains("mcp_tool_calls_seconds_count{outcome=\"cancelled\",tool=\"list_event_types\"} 1");
  }

  @Test
  void healthAndReadinessAnswerUntilShutdownBegins() throws Exception {
    assertThat(get("/healthz", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get("/readyz", Map.of()).body()).contains("ready");
    assertThat(get("/nothing-here", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void aRequestNamingAnotherHostIsRefusedAgainstDnsRebinding() throws Exception {
    // java.net.http refuses to set Host; Reactor Netty's client sends what it is given.
    int status = reactor.netty.http.client.HttpClient.create()
        .headers(headers -> headers.set("Host", "attacker.example:" + server.port()))
        .get()
        .uri(server.publicUrl() + "/healthz")
        .response()
        .map(response -> response.status().code())
        .block(Duration.ofSeconds(5));

    assertThat(status).isEqualTo(421);
  }

  @Test
  void anMcpRequestFromAForeignOriginIsRefused() throws Exception {
    HttpResponse<String> response = initializeFrom("https://evil.example");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void anMcpRequestFromThisServersOwnOriginIsServed() throws Exception {
    HttpResponse<String> response = initializeFrom("http://localhost:" + server.port());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Mcp-Session-Id")).isPresent();
  }

  @Test
  void closingDrainsAndThenStopsListening() throws Exception {
    server.close();

    assertThat(server.sessionCount()).isZero();
    try {
      get("/healthz", Map.of());
      throw new AssertionError("the server still answers after close");
    } catch (IOException expected) {
      // refused: the socket is closed
    }
  }

  @Test
  @Timeout(60)
  void everyMalformedCallGetsAJsonRpcErrorWithACleanMessageNoStackTraceAndTheSessionGoesOn() throws Exception {
    String session = openSession();
    String[] malformed = {
      "\"params\":\"x\"",
      "\"params\":{\"name\":\"whoami\",\"arguments\":\"x\"}",
      "\"params\":{\"name\":\"whoami\",\"arguments\":[1]}",
      "\"params\":{\"name\":{}}",
      "\"params\":{\"name\":\"whoami\",\"_meta\":\"x\"}",
    };
    List<ILoggingEvent> logged;
    try (CapturedLogs logs = CapturedLogs.start()) {
      int id = 100;
      for (String params : malformed) {
        assertCleanError(post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + ++id + ",\"method\":\"tools/call\"," + params + "}"),
            id, params);
      }
      assertCleanError(post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + ++id
          + ",\"method\":\"logging/setLevel\",\"params\":{\"level\":{}}}"), id, "level {}");
      logged = logs.events();
    }

    assertThat(logged).as("no WARN, no stack trace per malformed call")
        .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN) || event.getThrowableProxy() != null);
    HttpResponse<String> whoami = post(session,
        "{\"jsonrpc\":\"2.0\",\"id\":200,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\",\"arguments\":{}}}");
    assertThat(whoami.body()).as("the session goes on").contains("\"id\":200", "structuredContent");
  }

  @Test
  void idsOutsideTheSigned64BitRangeOrWithAFractionAreRefusedWithANullId() throws Exception {
    String session = openSession();

    for (String id : new String[] {"9223372036854775808", "-9223372036854775809", "1.5", "1e3"}) {
      HttpResponse<String> response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");

      assertThat(response.statusCode()).as(id).isEqualTo(400);
      JsonNode answer = JSON.readTree(response.body());
      assertThat(answer.path("id").isNull()).as(id).isTrue();
      assertThat(answer.path("error").path("code").asInt()).as(id).isEqualTo(-32600);
      assertThat(answer.path("error").path("message").asString()).as(id).contains("signed 64-bit integer");
    }
    assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":9223372036854775807,\"method\":\"ping\"}").body())
        .contains("\"id\":9223372036854775807");
  }

  @Test
  void initializeWithParamsTheSdkCannotReadIsRefusedWithoutItsText() throws Exception {
    HttpResponse<String> response = http.send(mcpPost(null,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{\"roots\":\"all\"},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertCleanMessage(JSON.readTree(response.body()), 1, "roots");
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void theLimitsAreOnMetrics() throws Exception {
    String session = openSession();
    post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\"x\"}");

    assertThat(get("/metrics", Map.of()).body())
        .contains("mcp_messages_refused_total{reason=\"invalid_params\"} 1.0")
        .contains("mcp_replay_bytes ")
        .contains("mcp_sessions_per_principal_max 1.0")
        .contains("mcp_http_connections_open ")
        .contains("mcp_http_connections_refused_total 0.0")
        .contains("mcp_http_requests_read_timeouts_total 0.0");
  }

  /** The answer is the JSON-RPC error of request {@code id}, in the session (200), with a message of our own. */
  private static void assertCleanError(HttpResponse<String> response, int id, String what) {
    assertThat(response.statusCode()).as(what).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/json");
    assertCleanMessage(JSON.readTree(response.body()), id, what);
  }

  private static void assertCleanMessage(JsonNode answer, int id, String what) {
    assertThat(answer.path("id").asInt()).as(what).isEqualTo(id);
    assertThat(answer.path("error").path("code").asInt()).as(what).isEqualTo(-32602);
    assertThat(answer.path("error").path("message").asString()).as(what)
        .startsWith("Invalid params: ")
        .doesNotContain("jackson", "Exception", "io.modelcontextprotocol", "$", "\tat ");
    assertThat(answer.path("error").has("data")).as(what).isFalse();
  }

  /** Initializes a session with raw requests and returns its id. */
  private String openSession() throws IOException, InterruptedException {
    String session = initializeFrom(null).headers().firstValue("Mcp-Session-Id").orElseThrow();
    post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return session;
  }

  /** Sends initialize, with {@code origin} as the Origin header unless it is null. */
  private HttpResponse<String> initializeFrom(String origin) throws IOException, InterruptedException {
    HttpRequest.Builder request = mcpPost(null,
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"x\",\"version\":\"1\"}}}");
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String session, String body) throws IOException, InterruptedException {
    return http.send(mcpPost(session, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder mcpPost(String session, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.mcpUrl())
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
    }
    return request;
  }
}
