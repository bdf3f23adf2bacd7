package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server's front door, whatever gate stands behind it: one Host per request, what an early
 * client hears while it starts, where {@code /metrics} is served and to whom, and the warning about
 * a public URL in clear text. Real HTTP on loopback ports the OS chose; no tool is called, so no
 * Calendly is needed.
 */
@Timeout(60)
class HttpFrontDoorTest {

  private static final String TOKEN = "metrics-token-0123456789abcdef";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<HttpMcpServer> servers = new ArrayList<>();
  private final LazyCalendlyAccess access = new LazyCalendlyAccess(
      () -> {
        throw new IllegalStateException("no tool is called in these tests");
      },
      ClientOptions::defaults, "n/a");

  @AfterEach
  void stop() {
    servers.forEach(HttpMcpServer::close);
    access.close();
  }

  private HttpMcpServer start(HttpSettings settings) {
    return start(settings, url -> HttpGate.open(AccessResolver.fixed(access)));
  }

  private HttpMcpServer start(HttpSettings settings, Function<URI, HttpGate> gate) {
    ServerSettings server = new ServerSettings(
        ToolCatalog.build(ToolOptions.defaults()), "9.9.9-test", Duration.ofSeconds(20), Clock.systemUTC());
    HttpMcpServer started = HttpMcpServer.start(settings, server, gate, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    servers.add(started);
    return started;
  }

  private static HttpSettings loopback() {
    return HttpSettings.of("127.0.0.1", 0, Optional.empty());
  }

  private static HttpSettings publishedAt(String publicUrl) {
    return HttpSettings.of("127.0.0.1", 0, Optional.of(URI.create(publicUrl)));
  }

  private HttpResponse<String> get(int port, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).GET();
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** What java.net.http will not send: a request written byte for byte; the whole answer, read to its end. */
  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String twoHosts(String method, String path, int port, String second) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: " + second + "\r\n"
        + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\nConnection: close\r\n"
        + "Content-Length: 2\r\n\r\n{}";
  }

  // One Host per request

  @Test
  void aRequestWithTwoHostHeadersIsRefusedWith400OnEveryPath() throws IOException {
    HttpMcpServer server = start(loopback());
    int port = server.port();

    for (String path : List.of("/healthz", "/readyz", "/metrics", "/mcp", "/nothing-here")) {
      String answer = raw(port, twoHosts("/mcp".equals(path) ? "POST" : "GET", path, port, "attacker.example"));
      assertThat(answer).as(path).startsWith("HTTP/1.1 400").contains("exactly one Host header");
    }
    String mcp = raw(port, twoHosts("POST", "/mcp", port, "127.0.0.1:" + port));
    assertThat(mcp).as("even twice the same").startsWith("HTTP/1.1 400");
    assertThat(server.sessionCount()).isZero();
  }

  @Test
  void aRequestWithOneHostHeaderStillPasses() throws IOException {
    HttpMcpServer server = start(loopback());

    String answer = raw(server.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
        + "\r\nConnection: close\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 200");
  }

  // Starting

  @Test
  void aClientThatConnectsWhileTheServerStartsIsToldToRetryInASecond() {
    AtomicReference<HttpResponse<String>> early = new AtomicReference<>();
    HttpMcpServer server = start(loopback(), url -> {
      // The port is bound, the routes are not in place yet: a client could connect right now.
      try {
        early.set(http.send(HttpRequest.newBuilder(URI.create(url + "/mcp")).timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()));
      } catch (IOException e) {
        throw new AssertionError(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return HttpGate.open(AccessResolver.fixed(access));
    });

    HttpResponse<String> response = early.get();
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body()).contains("\"error\":\"starting\"");
    assertThat(server.port()).isPositive();
  }

  @Test
  void aServerThatFailsToStartReleasesItsPorts() throws Exception {
    AtomicReference<URI> bound = new AtomicReference<>();

    try {
      start(loopback().withManagementPort(0), url -> {
        bound.set(url);
        throw new IllegalStateException("the gate cannot be built");
      });
      throw new AssertionError("started anyway");
    } catch (IllegalStateException expected) {
      // the gate's failure, passed on
    }

    try {
      get(bound.get().getPort(), "/healthz", Map.of());
      throw new AssertionError("the port still answers after a failed start");
    } catch (IOException expected) {
      // refused: the socket is closed
    }
  }

  // Metrics

  @Test
  void aServerReachableOnlyFromThisMachineServesMetricsButNotToAForwardedRequest() throws Exception {
    HttpMcpServer server = start(loopback());

    assertThat(get(server.port(), "/metrics", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get(server.port(), "/metrics", Map.of("X-Forwarded-For", "203.0.113.7")).statusCode()).isEqualTo(404);
    assertThat(get(server.port(), "/metrics", Map.of("Forwarded", "for=203.0.113.7")).statusCode()).isEqualTo(404);
  }

  @Test
  void aServerPublishedToOtherMachinesServesNoMetricsWithoutATokenOrManagementPort() throws Exception {
    HttpMcpServer published = start(publishedAt("https://mcp.example.com"));
    HttpMcpServer proxied = start(loopback().withTrustedProxies(List.of(Cidr.parse("127.0.0.1"))));

    assertThat(get(published.port(), "/metrics", Map.of()).statusCode()).isEqualTo(404);
    assertThat(get(proxied.port(), "/metrics", Map.of()).statusCode()).isEqualTo(404);
    assertThat(get(published.port(), "/healthz", Map.of()).statusCode()).isEqualTo(200);
  }

  @Test
  void withTheMetricsTokenSetMetricsNeedsItAsABearerToken() throws Exception {
    HttpMcpServer server = start(publishedAt("https://mcp.example.com").withMetricsToken(MetricsToken.of(TOKEN)));

    HttpResponse<String> none = get(server.port(), "/metrics", Map.of());
    HttpResponse<String> wrong = get(server.port(), "/metrics", Map.of("Authorization", "Bearer " + TOKEN + "x"));
    HttpResponse<String> basic = get(server.port(), "/metrics", Map.of("Authorization", "Basic " + TOKEN));
    HttpResponse<String> right = get(server.port(), "/metrics", Map.of("Authorization", "Bearer " + TOKEN));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"metrics\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(basic.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(right.body()).contains("mcp_sessions");
  }

  @Test
  void withAManagementPortMetricsLeaveTheMainPort() throws Exception {
    HttpMcpServer server = start(loopback().withManagementPort(0));
    int management = server.managementPort().orElseThrow();

    assertThat(management).isNotEqualTo(server.port());
    assertThat(get(server.port(), "/metrics", Map.of()).statusCode()).isEqualTo(404);
    HttpResponse<String> scrape = get(management, "/metrics", Map.of());
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("mcp_sessions");
    assertThat(get(management, "/healthz", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get(management, "/readyz", Map.of()).statusCode()).isEqualTo(200);
    assertThat(get(management, "/mcp", Map.of()).statusCode()).isEqualTo(404);
    assertThat(raw(management, twoHosts("GET", "/metrics", management, "other.example"))).startsWith("HTTP/1.1 400");
  }

  @Test
  void theManagementPortAlsoNeedsTheMetricsTokenWhenOneIsSet() throws Exception {
    HttpMcpServer server = start(loopback().withManagementPort(0).withMetricsToken(MetricsToken.of(TOKEN)));
    int management = server.managementPort().orElseThrow();

    assertThat(get(management, "/metrics", Map.of()).statusCode()).isEqualTo(401);
    assertThat(get(management, "/metrics", Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
    assertThat(get(server.port(), "/metrics", Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(404);
  }

  @Test
  void closingStopsTheManagementPortToo() throws Exception {
    HttpMcpServer server = start(loopback().withManagementPort(0));
    int management = server.managementPort().orElseThrow();

    server.close();

    try {
      get(management, "/healthz", Map.of());
      throw new AssertionError("the management port still answers after close");
    } catch (IOException expected) {
      // refused: the socket is closed
    }
  }

  // Clear text

  @Test
  void aPlainHttpPublicUrlOnAnotherMachineIsWarnedAboutAtStartUp() {
    Logger logger = (Logger) LoggerFactory.getLogger(HttpMcpServer.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    logger.addAppender(captured);
    try {
      start(publishedAt("https://mcp.example.com"));
      start(publishedAt("http://localhost:8080"));
      start(publishedAt("http://127.0.0.1:8080"));
      assertThat(captured.list).noneMatch(event -> event.getLevel() == Level.WARN);

      start(publishedAt("http://mcp.example.com"));

      assertThat(captured.list)
          .filteredOn(event -> event.getLevel() == Level.WARN)
          .singleElement()
          .satisfies(event -> assertThat(event.getFormattedMessage())
              .contains("http://mcp.example.com", "plain http", "https"));
      assertThat(captured.list).as("a loopback server published elsewhere sits behind a proxy")
          .anyMatch(event -> event.getFormattedMessage().contains("--trusted-proxy"));
    } finally {
      logger.detachAppender(captured);
    }
  }
}
