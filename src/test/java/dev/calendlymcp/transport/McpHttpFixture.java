package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Reactor Netty server on 127.0.0.1 (port chosen by the OS) routing {@code /mcp} to the
 * transport, with an SDK server carrying probe tools, and a raw HTTP client to poke at it. The
 * test header {@code X-Test-Principal} stands in for authentication: its value becomes the
 * context's principal.
 */
final class McpHttpFixture implements AutoCloseable {

  static final String PRINCIPAL_HEADER = "X-Test-Principal";
  static final String ACCEPT_BOTH = "application/json, text/event-stream";

  final JsonMapper json = JsonMapper.builder().build();
  final McpJsonMapper mapper = new JacksonMcpJsonMapper(json);
  final NettyStreamableServerTransportProvider provider;
  final McpAsyncServer server;

  /** probe_gate answers with the value emitted here. */
  final Sinks.One<String> gate = Sinks.one();

  /** How many probe_gate calls were stopped before they answered. */
  final AtomicInteger gateCancellations = new AtomicInteger();

  private final DisposableServer http;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private int nextId = 1;

  McpHttpFixture() {
    this(builder -> {});
  }

  // SDK 2.2 deprecates the logging capability (the next MCP revision drops it); the tests still use a
  // log message as the simplest notification a server pushes on the listening stream.
  @SuppressWarnings("deprecation")
  McpHttpFixture(Consumer<NettyStreamableServerTransportProvider.Builder> settings) {
    NettyStreamableServerTransportProvider.Builder builder = NettyStreamableServerTransportProvider.builder().jsonMapper(mapper);
    settings.accept(builder);
    provider = builder.build();
    server = McpServer.async(provider)
        .serverInfo("transport-test", "1")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
        .jsonMapper(mapper)
        .requestTimeout(Duration.ofSeconds(10))
        .tools(probe(), gated())
        .build();
    http = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .route(routes -> routes.route(request -> request.uri().startsWith("/mcp"),
            (request, response) -> provider.handle(request, response, context(request.requestHeaders().get(PRINCIPAL_HEADER)))))
        .bindNow();
  }

  private static McpTransportContext context(String principal) {
    return McpTransportContext.create(
        principal == null ? Map.of() : Map.of(NettyStreamableServerTransportProvider.PRINCIPAL, principal));
  }

  /** Reports progress when asked to, then answers with the principal its handler saw. */
  private static McpServerFeatures.AsyncToolSpecification probe() {
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(McpSchema.Tool.builder("probe", Map.of("type", "object")).description("Reports progress, then answers.").build())
        .callHandler((exchange, request) -> {
          Object token = request.progressToken();
          Mono<Void> progress = token == null
              ? Mono.empty()
              : exchange.progressNotification(McpSchema.ProgressNotification.builder(token, 1).total(2.0).message("half way").build());
          Object principal = exchange.transportContext().get(NettyStreamableServerTransportProvider.PRINCIPAL);
          return progress.thenReturn(
              McpSchema.CallToolResult.builder().addTextContent("principal=" + principal).build());
        })
        .build();
  }

  /** Reports progress, then answers when the test opens {@link #gate}. */
  private McpServerFeatures.AsyncToolSpecification gated() {
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(McpSchema.Tool.builder("probe_gate", Map.of("type", "object")).description("Answers when the test says so.")
            .build())
        .callHandler((exchange, request) -> exchange
            .progressNotification(McpSchema.ProgressNotification.builder(request.progressToken(), 1).total(2.0).message("waiting").build())
            .then(gate.asMono())
            .map(value -> McpSchema.CallToolResult.builder().addTextContent(value).build())
            .doOnCancel(gateCancellations::incrementAndGet))
        .build();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + http.port();
  }

  URI endpoint() {
    return URI.create(baseUrl() + "/mcp");
  }

  /** A request to the endpoint with the principal (if any) and the session (if any) set. */
  HttpRequest.Builder request(String principal, String sessionId) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(10));
    if (principal != null) {
      request.header(PRINCIPAL_HEADER, principal);
    }
    if (sessionId != null) {
      request.header("Mcp-Session-Id", sessionId);
    }
    return request;
  }

  /** A JSON POST as a well-behaved client sends it. */
  HttpRequest.Builder post(String principal, String sessionId, String body) {
    return request(principal, sessionId)
        .header("Content-Type", "application/json")
        .header("Accept", ACCEPT_BOTH)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    return send(request.build());
  }

  /** Opens an SSE response and reads it in the background. */
  SseConnection stream(HttpRequest request) {
    return SseConnection.open(client, request);
  }

  /** Initializes a session at protocol 2025-11-25 as {@code principal} and returns its id. */
  String initialize(String principal) {
    return initialize(principal, "2025-11-25");
  }

  String initialize(String principal, String protocolVersion) {
    HttpResponse<String> response = send(post(principal, null,
        "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + protocolVersion
            + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"));
    assertThat(response.statusCode()).isEqualTo(200);
    String sessionId = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
    assertThat(send(post(principal, sessionId, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
        .statusCode()).isEqualTo(202);
    return sessionId;
  }

  /** A tools/call of {@code tool} with a progress token, as a JSON-RPC request body. */
  String toolCall(String tool) {
    int id = nextId++;
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
        + "\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p" + id + "\"}}}";
  }

  /** A GET of the listening stream, or of a stream to resume when {@code lastEventId} is set. */
  HttpRequest listen(String principal, String sessionId, String lastEventId) {
    HttpRequest.Builder request = request(principal, sessionId).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return request.build();
  }

  JsonNode parse(String body) {
    return json.readTree(body);
  }

  @Override
  public void close() {
    provider.close();
    http.disposeNow(Duration.ofSeconds(5));
  }
}
