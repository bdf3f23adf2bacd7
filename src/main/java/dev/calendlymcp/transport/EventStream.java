package dev.calendlymcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One logical SSE stream of a session, as the SDK sees it: the listening stream, or the stream
 * answering one request. It outlives the HTTP connection that carries it, so that a client that
 * lost the connection can pick the stream up again with {@code Last-Event-ID}; {@link
 * SessionStreams} owns its state and numbers its events.
 */
final class EventStream implements McpStreamableServerTransport {

  final long number;
  private final SessionStreams owner;
  private final McpJsonMapper mapper;

  /** Where events go right now; null while no connection carries the stream. Guarded by owner. */
  Sinks.Many<SseEvent> connection;

  /** Set once the stream has ended (response sent, or session closed). Guarded by owner. */
  boolean finished;

  EventStream(SessionStreams owner, long number, McpJsonMapper mapper) {
    this.owner = owner;
    this.number = number;
    this.mapper = mapper;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return sendMessage(message, null);
  }

  /**
   * The SDK's message id is not used: ours name the stream so that a {@code Last-Event-ID} finds it
   * again, and the SDK gives none to the final response, which a resuming client needs most.
   */
  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
    return Mono.fromCallable(() -> mapper.writeValueAsString(message))
        .doOnNext(json -> owner.publish(this, json))
        .then();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return mapper.convertValue(data, typeRef);
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    owner.finish(this);
  }
}
