package dev.calendlymcp.server;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The SDK client's side of a stdio connection over in-memory streams: newline-delimited JSON-RPC,
 * exactly what {@code StdioClientTransport} speaks to a child process, without the process.
 */
final class StreamClientTransport implements McpClientTransport {

  private final InputStream fromServer;
  private final OutputStream toServer;
  private final McpJsonMapper json;
  private final Sinks.Many<JSONRPCMessage> inbound = Sinks.many().unicast().onBackpressureBuffer();

  StreamClientTransport(InputStream fromServer, OutputStream toServer, McpJsonMapper json) {
    this.fromServer = fromServer;
    this.toServer = toServer;
    this.json = json;
  }

  @Override
  public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
    return Mono.fromRunnable(() -> {
      inbound.asFlux().flatMap(message -> Mono.just(message).transform(handler)).subscribe();
      Thread reader = new Thread(this::readLines, "test-client-reader");
      reader.setDaemon(true);
      reader.start();
    });
  }

  private void readLines() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(fromServer, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        inbound.tryEmitNext(McpSchema.deserializeJsonRpcMessage(json, line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      inbound.tryEmitComplete();
    }
  }

  @Override
  public Mono<Void> sendMessage(JSONRPCMessage message) {
    return Mono.fromRunnable(() -> {
      try {
        byte[] bytes = json.writeValueAsBytes(message);
        synchronized (toServer) {
          toServer.write(bytes);
          toServer.write('\n');
          toServer.flush();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Closes the server's stdin, as a client does when it shuts down. */
  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(() -> {
      try {
        toServer.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }
}
