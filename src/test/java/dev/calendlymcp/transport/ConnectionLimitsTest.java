package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The limits on HTTP connections, seen from raw sockets: a request that does not arrive whole in
 * time, a keep-alive connection left idle, and one connection too many are closed; a response
 * being streamed is not.
 */
@Timeout(60)
class ConnectionLimitsTest {

  /** Far longer than any limit under test: a connection still open after it was never closed. */
  private static final Duration GENEROUS = Duration.ofSeconds(20);
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LONG = Duration.ofMinutes(5);
  /**
   * The timeouts of the tests where a client keeps using the server: long enough that its pooled
   * connections are not closed under it between two requests on a loaded machine.
   */
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  /** Keep-alive comments come this often: two of them prove a stream outlived a timeout of a second. */
  private static final Duration KEEP_ALIVE = Duration.ofMillis(2500);

  private McpHttpFixture fixture;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    fixture.close();
  }

  private void start(ConnectionLimits limits) {
    fixture = new McpHttpFixture(builder -> builder.keepAliveInterval(KEEP_ALIVE), limits);
  }

  @Test
  void aRequestWhoseHeadersStopHalfWayIsClosedAfterTheReadTimeout() throws IOException {
    start(new ConnectionLimits(16, SHORT, LONG));
    Socket socket = connect();

    write(socket, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: applic");

    assertThat(closedByServer(socket)).isTrue();
    assertThat(fixture.meters.get("mcp.http.requests.read.timeouts").counter().count()).isEqualTo(1);
  }

  @Test
  void aRequestWhoseBodyStopsHalfWayIsClosedAfterTheReadTimeout() throws IOException {
    start(new ConnectionLimits(16, SHORT, LONG));
    Socket socket = connect();

    write(socket, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Accept: application/json, text/event-stream\r\nContent-Length: 100\r\n\r\n{\"jsonrpc\":");

    assertThat(closedByServer(socket)).isTrue();
  }

  @Test
  void aKeepAliveConnectionWithNoRequestIsClosedAfterTheIdleTimeout() throws IOException {
    start(new ConnectionLimits(16, LONG, SHORT));
    Socket socket = connect();
    write(socket, "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
    assertThat(readResponse(socket)).startsWith("HTTP/1.1 406");

    assertThat(closedByServer(socket)).isTrue();
  }

  @Test
  void aStreamOutlivesBothTimeoutsWhileItsRequestRuns() {
    start(new ConnectionLimits(16, ONE_SECOND, ONE_SECOND));
    String session = fixture.initialize("alice");

    try (SseConnection call = fixture.stream(fixture.post("alice", session, fixture.toolCall("probe_gate")).build())) {
      call.next(); // primer
      call.next(); // progress
      // Two keep-alives: the stream has run five times each timeout.
      call.nextComment();
      call.nextComment();
      fixture.gate.tryEmitValue("opened");

      assertThat(fixture.parse(call.next().data()).path("result").path("content").get(0).path("text").asString())
          .isEqualTo("opened");
    }
    assertThat(fixture.meters.get("mcp.http.requests.read.timeouts").counter().count()).isZero();
  }

  @Test
  void aListeningStreamOutlivesTheIdleTimeout() {
    start(new ConnectionLimits(16, ONE_SECOND, ONE_SECOND));
    String session = fixture.initialize("alice");

    try (SseConnection listening = fixture.stream(fixture.listen("alice", session, null))) {
      listening.next(); // primer
      listening.nextComment();
      listening.nextComment();
      fixture.provider.notifyClient(session, McpSchema.METHOD_NOTIFICATION_MESSAGE,
              McpSchema.LoggingMessageNotification.builder(McpSchema.LoggingLevel.INFO, "still here").build())
          .block(Duration.ofSeconds(5));

      assertThat(fixture.parse(listening.next().data()).path("params").path("data").asString()).isEqualTo("still here");
    }
  }

  @Test
  void theConnectionOverTheLimitIsClosedWhileTheOthersAreHeldAndTakesTheirPlaceOnceOneCloses() throws IOException {
    start(new ConnectionLimits(3, LONG, LONG));
    List<Socket> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Socket socket = connect();
      write(socket, "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
      assertThat(readResponse(socket)).as("connection %d is served", i + 1).startsWith("HTTP/1.1 406");
      held.add(socket);
    }

    Socket oneTooMany = connect();

    assertThat(closedByServer(oneTooMany)).isTrue();
    assertThat(fixture.meters.get("mcp.http.connections.refused").counter().count()).isEqualTo(1);
    assertThat(fixture.meters.get("mcp.http.connections.open").gauge().value()).isEqualTo(3);
    for (Socket socket : held) {
      write(socket, "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
      assertThat(readResponse(socket)).as("the held connections still work").startsWith("HTTP/1.1 406");
    }

    held.get(0).close();
    long deadline = System.nanoTime() + GENEROUS.toNanos();
    String answer = null;
    while (answer == null && System.nanoTime() < deadline) {
      // The server counts the closed connection out once it has read its end.
      Socket next = connect();
      try {
        write(next, "GET /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n");
        answer = readResponse(next);
      } catch (IOException refused) {
        next.close();
      }
    }
    assertThat(answer).as("a new connection is served once one closed").startsWith("HTTP/1.1 406");
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("127.0.0.1", fixture.port());
    socket.setSoTimeout((int) GENEROUS.toMillis());
    sockets.add(socket);
    return socket;
  }

  private static void write(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /**
   * Whether the server closes the connection, seen as the end of the stream (or a reset) before
   * the generous bound; any answer it sends first is read and ignored.
   */
  private static boolean closedByServer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // an error answer before the close
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** One whole response with a Content-Length: its status line, headers and body. */
  private static String readResponse(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the response: " + head.toString(StandardCharsets.US_ASCII));
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    int length = headers.lines()
        .filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new UncheckedIOException(new IOException("no Content-Length: " + headers)));
    byte[] body = in.readNBytes(length);
    return headers + new String(body, StandardCharsets.UTF_8);
  }
}
