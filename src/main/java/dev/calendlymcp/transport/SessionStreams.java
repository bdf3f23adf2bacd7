package dev.calendlymcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The SSE streams of one session and its recent events. Every outgoing event gets its id here and
 * is kept in a bounded history, so that a client reconnecting with {@code Last-Event-ID} gets
 * exactly the events it missed, on the stream it lost, and never another session's.
 *
 * <p>One lock guards all of it, including the hand-over of events to connections, so a stream's
 * events reach its connection in id order and a reconnect cannot fall between replay and live
 * events. Nothing called under the lock takes another lock.
 */
final class SessionStreams {

  /** The number of the listening stream (the one {@code GET} opens); request streams count from 1. */
  static final long LISTENING = 0;

  /** A new request stream, with the connection that carries it. */
  record Opened(EventStream stream, Flux<SseEvent> events) {}

  private final McpJsonMapper mapper;
  private final int historySize;
  private final boolean primes;
  private final ArrayDeque<SseEvent> history = new ArrayDeque<>();
  private final Map<Long, EventStream> live = new HashMap<>();
  private final EventStream listening;
  private long lastSequence;
  private long nextStream = LISTENING + 1;
  private boolean closed;

  /**
   * @param historySize how many recent events are kept for replay
   * @param primes whether a new connection starts with a priming event (an id and no data), which
   *     clients of 2025-11-25 expect and older ones would take for a broken message
   */
  SessionStreams(McpJsonMapper mapper, int historySize, boolean primes) {
    this.mapper = mapper;
    this.historySize = historySize;
    this.primes = primes;
    this.listening = new EventStream(this, LISTENING, mapper);
    live.put(LISTENING, listening);
  }

  EventStream listening() {
    return listening;
  }

  /** Opens a stream for a request, or returns empty once the session is closed. */
  synchronized Optional<Opened> open() {
    if (closed) {
      return Optional.empty();
    }
    EventStream stream = new EventStream(this, nextStream++, mapper);
    live.put(stream.number, stream);
    return Optional.of(new Opened(stream, connect(stream, List.of(), true)));
  }

  /**
   * A connection for the listening stream, replacing any earlier one (which ends): a client that
   * lost its connection without noticing can always come back, and no event goes out twice.
   */
  synchronized Optional<Flux<SseEvent>> listen() {
    return closed ? Optional.empty() : Optional.of(connect(listening, List.of(), true));
  }

  /**
   * The events after {@code last} on its stream, then, if that stream is still going, its further
   * events on this connection (replacing any earlier one). Empty when the session is closed or the
   * id is not one it issued.
   */
  synchronized Optional<Flux<SseEvent>> resume(EventId last) {
    if (closed || last.sequence() > lastSequence || last.stream() >= nextStream) {
      return Optional.empty();
    }
    List<SseEvent> missed = new ArrayList<>();
    for (SseEvent event : history) {
      if (event.id().stream() == last.stream() && event.id().sequence() > last.sequence()) {
        missed.add(event);
      }
    }
    EventStream stream = live.get(last.stream());
    return Optional.of(stream == null ? Flux.fromIterable(missed) : connect(stream, missed, false));
  }

  synchronized void publish(EventStream stream, String json) {
    if (stream.finished) {
      return;
    }
    SseEvent event = new SseEvent(new EventId(stream.number, ++lastSequence), json);
    if (historySize > 0) {
      history.addLast(event);
      if (history.size() > historySize) {
        history.removeFirst();
      }
    }
    if (stream.connection != null && stream.connection.tryEmitNext(event).isFailure()) {
      stream.connection = null;
    }
  }

  /** Ends the stream: its connection completes, and later messages for it are dropped. */
  synchronized void finish(EventStream stream) {
    if (stream.finished) {
      return;
    }
    stream.finished = true;
    live.remove(stream.number);
    if (stream.connection != null) {
      stream.connection.tryEmitComplete();
      stream.connection = null;
    }
  }

  /** Ends every stream; from now on nothing opens or resumes. */
  synchronized void close() {
    closed = true;
    List.copyOf(live.values()).forEach(this::finish);
  }

  private Flux<SseEvent> connect(EventStream stream, List<SseEvent> replay, boolean fresh) {
    List<SseEvent> head = replay;
    if (fresh && primes) {
      head = new ArrayList<>(replay.size() + 1);
      head.add(SseEvent.primer(new EventId(stream.number, ++lastSequence)));
      head.addAll(replay);
    }
    if (stream.finished) {
      return Flux.fromIterable(head);
    }
    // Unicast with a buffer: events published before the connection subscribes wait for it.
    Sinks.Many<SseEvent> sink = Sinks.many().unicast().onBackpressureBuffer();
    Sinks.Many<SseEvent> replaced = stream.connection;
    stream.connection = sink;
    if (replaced != null) {
      replaced.tryEmitComplete();
    }
    return Flux.fromIterable(head).concatWith(sink.asFlux()).doFinally(signal -> detach(stream, sink));
  }

  private synchronized void detach(EventStream stream, Sinks.Many<SseEvent> sink) {
    if (stream.connection == sink) {
      stream.connection = null;
    }
  }
}
