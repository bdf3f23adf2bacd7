package dev.calendlymcp.transport;

import io.modelcontextprotocol.json.McpJsonMapper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 * <p>The history is bounded by count and by bytes, for the session and for each stream, so that
 * what one agent can make the server hold does not depend on the size of what it sends or asks
 * for: the oldest events go first, and an event over a stream's share is sent but not kept.
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

  /** An event of the history, with its weight in it. */
  private record Kept(SseEvent event, long size) {
    long stream() {
      return event.id().stream();
    }
  }

  private final McpJsonMapper mapper;
  private final int historySize;
  private final long sessionBytes;
  private final long streamBytes;
  private final boolean primes;
  private final ArrayDeque<Kept> history = new ArrayDeque<>();
  /** The bytes each stream has in {@link #history}; streams with none are absent. */
  private final Map<Long, Long> bytesByStream = new HashMap<>();
  private long historyBytes;
  private final Map<Long, EventStream> live = new HashMap<>();
  private final EventStream listening;
  private long lastSequence;
  private long nextStream = LISTENING + 1;
  private boolean closed;

  /**
   * @param historySize how many recent events are kept for replay
   * @param sessionBytes how many bytes of events are kept, all streams together
   * @param streamBytes how many bytes of events one stream may keep
   * @param primes whether a new connection starts with a priming event (an id and no data), which
   *     clients of 2025-11-25 expect and older ones would take for a broken message
   */
  SessionStreams(McpJsonMapper mapper, int historySize, long sessionBytes, long streamBytes, boolean primes) {
    this.mapper = mapper;
    this.historySize = historySize;
    this.sessionBytes = sessionBytes;
    this.streamBytes = streamBytes;
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
    for (Kept kept : history) {
      if (kept.stream() == last.stream() && kept.event().id().sequence() > last.sequence()) {
        missed.add(kept.event());
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
    keep(event);
    if (stream.connection != null && stream.connection.tryEmitNext(event).isFailure()) {
      stream.connection = null;
    }
  }

  /** The bytes of events kept for replay. */
  synchronized long historyBytes() {
    return historyBytes;
  }

  private void keep(SseEvent event) {
    Kept added = new Kept(event, event.size());
    if (historySize == 0 || added.size() > streamBytes || added.size() > sessionBytes) {
      return;
    }
    history.addLast(added);
    historyBytes += added.size();
    long stream = bytesByStream.merge(added.stream(), added.size(), Long::sum);
    // The stream's own oldest first, so that one busy stream cannot push out the others' events.
    for (Iterator<Kept> oldest = history.iterator(); stream > streamBytes; ) {
      Kept kept = oldest.next();
      if (kept.stream() == added.stream()) {
        oldest.remove();
        forget(kept);
        stream -= kept.size();
      }
    }
    while (history.size() > historySize || historyBytes > sessionBytes) {
      forget(history.removeFirst());
    }
  }

  private void forget(Kept kept) {
    historyBytes -= kept.size();
    bytesByStream.computeIfPresent(kept.stream(), (stream, bytes) -> bytes == kept.size() ? null : bytes - kept.size());
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
