package dev.calendlymcp.transport;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One MCP session as the HTTP side keeps it: the SDK's session, the principal it belongs to, its
 * SSE streams, the requests it is running and when it was last used.
 *
 * <p>Requests run detached from the HTTP exchange that brought them: a client that loses the
 * connection has not cancelled (the specification says so), and can resume the stream to get the
 * answer. They stop when they finish, when the client cancels them with {@code
 * notifications/cancelled}, or when the session closes.
 */
final class HttpSession {

  private static final Logger log = LoggerFactory.getLogger(HttpSession.class);

  private final McpStreamableServerSession sdk;
  private final Object principal;
  private final Object client;
  private final SessionStreams streams;
  private final Clock clock;
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<Call> calls = new HashSet<>();
  private boolean accepting = true;
  private volatile Instant lastActive;

  HttpSession(McpStreamableServerSession sdk, Object principal, Object client, SessionStreams streams, Clock clock) {
    this.sdk = sdk;
    this.principal = principal;
    this.client = client;
    this.streams = streams;
    this.clock = clock;
    this.lastActive = clock.instant();
    // Registered at once and for good, so server-initiated messages are kept for replay even
    // while no GET is connected.
    sdk.listeningStream(streams.listening());
  }

  String id() {
    return sdk.getId();
  }

  /** Enough of the id to tell sessions apart in a debug log, not enough to use it. */
  String logId() {
    return id().substring(0, Math.min(8, id().length()));
  }

  boolean belongsTo(Object candidate) {
    return Objects.equals(principal, candidate);
  }

  Object principal() {
    return principal;
  }

  /** The client the session counts against, or null. */
  Object client() {
    return client;
  }

  Instant lastActive() {
    return lastActive;
  }

  /** The bytes of events kept for replay. */
  long historyBytes() {
    return streams.historyBytes();
  }

  McpStreamableServerSession sdk() {
    return sdk;
  }

  /**
   * Starts answering {@code request} (with {@code intercepted} when present, else by the SDK) and
   * returns the events of its stream, or empty when the session no longer takes requests.
   */
  Optional<Flux<SseEvent>> call(McpSchema.JSONRPCRequest request, McpTransportContext context,
      Optional<Mono<McpSchema.JSONRPCResponse>> intercepted) {
    Optional<SessionStreams.Opened> opened = streams.open();
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    Call call = new Call(RequestIds.key(request.id()), opened.get().stream());
    boolean admitted;
    synchronized (this) {
      admitted = accepting && calls.add(call);
    }
    if (!admitted) {
      opened.get().stream().close();
      return Optional.empty();
    }
    Runnable ended = once(() -> finished(call));
    EventStream stream = opened.get().stream();
    Mono<Void> answering = intercepted
        .map(answer -> answer.flatMap(stream::sendMessage))
        .orElseGet(() -> sdk.responseStream(new EndedByTheCall(stream)).handle(request))
        // The SDK answers most failures itself, but not a handler that throws instead of returning
        // an error: the client still gets an answer, without the exception's text.
        .onErrorResume(e -> {
          log.debug("Request {} of session {} failed: {}", request.method(), logId(), e.toString());
          return stream.sendMessage(McpSchema.JSONRPCResponse.error(request.id(),
              new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error", null)));
        })
        .then(stream.closeGracefully());
    call.subscription.update(
        answering
            .contextWrite(c -> c.put(McpTransportContext.KEY, context))
            .doOnTerminate(ended)
            .doOnCancel(ended)
            .subscribe(null, e -> log.debug("Request {} of session {} failed: {}", request.method(), logId(), e.toString())));
    return Optional.of(track(opened.get().events()));
  }

  /**
   * Stops the request the client sent with this id, if it is still running, and ends its stream
   * without an answer, as the specification asks. Unknown and finished ids are ignored: the
   * cancellation may have crossed the answer.
   */
  void cancel(Object requestId) {
    String key = RequestIds.key(requestId);
    List<Call> cancelled;
    synchronized (this) {
      cancelled = calls.stream().filter(call -> call.requestKey.equals(key)).toList();
    }
    for (Call call : cancelled) {
      log.debug("Request {} of session {} cancelled by the client", key, logId());
      call.subscription.dispose();
      call.stream.close();
    }
  }

  /** A connection for the listening stream, or empty once the session is closed. */
  Optional<Flux<SseEvent>> listen() {
    return streams.listen().map(this::track);
  }

  /** A connection resuming the stream of {@code last}, or empty if this session did not issue it. */
  Optional<Flux<SseEvent>> resume(EventId last) {
    return streams.resume(last).map(this::track);
  }

  /**
   * Counts {@code exchange} as use of the session while it runs. The count drops as it ends, before
   * the end travels downstream (where the answer goes out), so a client that has its answer never
   * finds the session still busy.
   */
  <T> Mono<T> track(Mono<T> exchange) {
    return Mono.defer(() -> {
      Runnable ended = once(this::closed);
      return exchange.doOnSubscribe(s -> opened()).doOnTerminate(ended).doOnCancel(ended);
    });
  }

  private <T> Flux<T> track(Flux<T> connection) {
    return Flux.defer(() -> {
      Runnable ended = once(this::closed);
      return connection.doOnSubscribe(s -> opened()).doOnTerminate(ended).doOnCancel(ended);
    });
  }

  /** Whether nothing has used the session for {@code timeout}: no request, no open stream. */
  boolean idleFor(Duration timeout, Instant now) {
    synchronized (this) {
      if (!calls.isEmpty()) {
        return false;
      }
    }
    return connections.get() == 0 && !lastActive.plus(timeout).isAfter(now);
  }

  /** Takes no more requests and completes when the running ones have finished. */
  Mono<Void> drained() {
    List<Call> running;
    synchronized (this) {
      accepting = false;
      running = List.copyOf(calls);
    }
    return Mono.when(running.stream().map(call -> call.done.asMono()).toList());
  }

  /** Cancels what still runs, ends every stream and closes the SDK's session. */
  Mono<Void> closeGracefully() {
    return Mono.defer(() -> {
      stop();
      return sdk.closeGracefully();
    });
  }

  /** As {@link #closeGracefully()}, without waiting. */
  void close() {
    stop();
    sdk.close();
  }

  private void stop() {
    List<Call> running;
    synchronized (this) {
      accepting = false;
      running = List.copyOf(calls);
    }
    running.forEach(call -> call.subscription.dispose());
    streams.close();
  }

  private void finished(Call call) {
    synchronized (this) {
      calls.remove(call);
    }
    lastActive = clock.instant();
    call.done.tryEmitEmpty();
  }

  private void opened() {
    connections.incrementAndGet();
    lastActive = clock.instant();
  }

  private void closed() {
    lastActive = clock.instant();
    connections.decrementAndGet();
  }

  /** {@code action}, run the first time only: a publisher may both terminate and be cancelled. */
  private static Runnable once(Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  /**
   * A request's stream as the SDK sees it: the SDK ends it as its handling ends, failures included,
   * before the call can answer a failure the SDK did not; so the call ends it instead, once answered.
   */
  private record EndedByTheCall(EventStream stream) implements McpStreamableServerTransport {

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
      return stream.sendMessage(message);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
      return stream.sendMessage(message, messageId);
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
      return stream.unmarshalFrom(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }

    @Override
    public void close() {
      // The call ends the stream.
    }
  }

  /** A request being answered. */
  private static final class Call {
    final String requestKey;
    final EventStream stream;
    final Disposable.Swap subscription = Disposables.swap();
    final Sinks.Empty<Void> done = Sinks.empty();

    Call(String requestKey, EventStream stream) {
      this.requestKey = requestKey;
      this.stream = stream;
    }
  }
}
