import dev.calendlymcp.transport.NettyStreamableServerTransportProvider;
import dev.calendlymcp.transport.SessionLimits;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline for bench/http.sh: the MCP Java SDK's server on calendly-mcp's Netty Streamable HTTP
 * transport (its defaults, but no limit of sessions: no Host/Origin check, 30 min idle timeout) behind
 * a bare Reactor Netty server, with one tool, {@code noop}, that answers a constant. No auth, no
 * Calendly, no schema validation, no metrics. What calendly-mcp adds per call and per session is
 * measured against this. Prints the same {@code MCP endpoint: <url>} line as {@code calendly-mcp
 * http} once listening, then serves until killed.
 *
 * <p>Usage: {@code java -cp target/calendly-mcp.jar:target/bench-classes BareHttpServer [port]}
 */
public final class BareHttpServer {

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    // The bare SDK holds any number of sessions: the transport's limit per principal (16, and every
    // session here is the same null principal) is calendly-mcp's, and would evict the baseline's
    // own sessions past 16.
    SessionLimits unlimited = new SessionLimits(Integer.MAX_VALUE, Integer.MAX_VALUE,
        SessionLimits.DEFAULTS.historyBytesPerSession(), SessionLimits.DEFAULTS.historyBytesPerStream());
    NettyStreamableServerTransportProvider transport =
        NettyStreamableServerTransportProvider.builder().jsonMapper(json).sessionLimits(unlimited).build();
    McpSchema.CallToolResult constant = McpSchema.CallToolResult.builder().addTextContent("ok").isError(false).build();
    McpAsyncServer mcp = McpServer.async(transport)
        .serverInfo("bare-http-server", "1")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(json)
        .tools(McpServerFeatures.AsyncToolSpecification.builder()
            .tool(McpSchema.Tool.builder("noop", Map.of("type", "object")).description("Answers ok.").build())
            .callHandler((exchange, request) -> Mono.just(constant))
            .build())
        .build();
    DisposableServer http = HttpServer.create()
        .host("127.0.0.1")
        .port(port)
        .route(routes -> routes.route(request -> request.uri().startsWith("/mcp"),
            (request, response) -> transport.handle(request, response, McpTransportContext.EMPTY)))
        .bindNow();
    System.out.println("MCP endpoint: http://127.0.0.1:" + http.port() + "/mcp");
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      mcp.closeGracefully().timeout(Duration.ofSeconds(5)).onErrorResume(e -> Mono.fromRunnable(mcp::close)).block();
      http.disposeNow(Duration.ofSeconds(5));
      stopped.countDown();
    }, "bare-http-server-shutdown"));
    stopped.await();
  }

  private BareHttpServer() {}
}
