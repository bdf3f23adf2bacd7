package dev.calendlymcp.server;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.tools.CalendlyAccess;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A {@link StdioServer} on in-memory pipes: the production stdio path (screen, SDK transport,
 * server, tools) with a test on the other end, either the SDK's own client or raw lines.
 */
final class InProcessServer implements AutoCloseable {

  /**
   * How long the client waits for an answer. A fresh JVM's first call loads and interprets the
   * whole tool path (and the sandbox's): on a 2-core machine at load 15 a first {@code
   * find_contact} took 8-10 s with either stdio transport, so 10 s failed tests that were only cold.
   */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final Pipe toServer = new Pipe();
  private final Pipe fromServer = new Pipe();
  private final McpJson json = new McpJson();
  private final StdioServer server;
  private LinkedBlockingQueue<String> lines;

  InProcessServer(ServerSettings settings, CalendlyAccess access) {
    this.server = StdioServer.start(toServer.in(), fromServer.out(), settings, access);
  }

  /** The server with resource updates from {@code changes}. */
  InProcessServer(ServerSettings settings, CalendlyAccess access, ChangeFeed changes) {
    this.server = StdioServer.start(toServer.in(), fromServer.out(), settings, access, changes);
  }

  StdioServer server() {
    return server;
  }

  /** An initialized SDK client on this server. */
  McpAsyncClient client() {
    return client(contents -> Mono.empty());
  }

  /**
   * An initialized SDK client that hands {@code updates} what it reads again after each {@code
   * notifications/resources/updated}.
   */
  McpAsyncClient client(Function<List<McpSchema.ResourceContents>, Mono<Void>> updates) {
    McpAsyncClient client =
        McpClient.async(new StreamClientTransport(fromServer.in(), toServer.out(), json.sdk()))
            .clientInfo(McpSchema.Implementation.builder("test-client", "1").build())
            .requestTimeout(REQUEST_TIMEOUT)
            .resourcesUpdateConsumer(updates)
            .build();
    client.initialize().block(REQUEST_TIMEOUT);
    return client;
  }

  /** An initialized SDK client built with {@code customize} (an elicitation handler, say). */
  McpAsyncClient customClient(java.util.function.UnaryOperator<McpClient.AsyncSpec> customize) {
    McpAsyncClient client =
        customize.apply(McpClient.async(new StreamClientTransport(fromServer.in(), toServer.out(), json.sdk()))
            .clientInfo(McpSchema.Implementation.builder("test-client", "1").build())
            .requestTimeout(REQUEST_TIMEOUT))
            .build();
    client.initialize().block(REQUEST_TIMEOUT);
    return client;
  }

  /** Sends one raw line, as a client would write it. */
  void send(String line) {
    try {
      toServer.out().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next line the server wrote, parsed; fails after five seconds of silence. */
  JsonNode receive() {
    startReading();
    try {
      String line = lines.poll(5, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("the server sent nothing within 5 s");
      }
      return json.mapper().readTree(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Whether the server writes anything within {@code wait}. */
  boolean sendsNothingWithin(Duration wait) throws InterruptedException {
    startReading();
    return lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS) == null;
  }

  /** Sends initialize and initialized as raw lines, and returns the initialize result. */
  JsonNode initializeRaw() {
    send("{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    JsonNode result = receive();
    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return result;
  }

  /** Closes the server's stdin. */
  void endInput() {
    try {
      toServer.out().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return server.awaitEndOfInput(timeout);
  }

  private synchronized void startReading() {
    if (lines != null) {
      return;
    }
    lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fromServer.in(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "test-raw-reader");
    reader.setDaemon(true);
    reader.start();
  }

  @Override
  public void close() {
    endInput();
    server.close();
  }
}
