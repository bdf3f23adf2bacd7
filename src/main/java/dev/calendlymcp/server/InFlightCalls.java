package dev.calendlymcp.server;

import dev.calendlymcp.transport.RequestIds;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The tool calls that have been received and not yet answered, by JSON-RPC id, so that a client's
 * {@code notifications/cancelled} can stop the right one. The SDK neither handles that
 * notification nor tells a tool handler its request id, so {@link RequestScreen} opens an entry as
 * it forwards a {@code tools/call} and tags the call's {@code _meta} with the id; the handler looks
 * its entry up by that tag.
 */
final class InFlightCalls {

  /** The {@code _meta} key the screen puts the JSON-RPC id under; it overwrites any client value. */
  static final String REQUEST_ID_META = "dev.calendlymcp/request-id";

  private final ConcurrentMap<String, Sinks.Empty<Void>> calls = new ConcurrentHashMap<>();

  /** A call with this id was forwarded to the server. */
  void opened(Object id) {
    calls.put(RequestIds.key(id), Sinks.empty());
  }

  /** The client cancelled the call; unknown or finished ids are ignored, as the spec asks. */
  void cancel(Object id) {
    Sinks.Empty<Void> signal = calls.get(RequestIds.key(id));
    if (signal != null) {
      signal.tryEmitEmpty();
    }
  }

  /** Completes when the call is cancelled; never, for an id that was not opened. */
  Mono<Void> cancellation(Object id) {
    Sinks.Empty<Void> signal = id == null ? null : calls.get(RequestIds.key(id));
    return signal == null ? Mono.never() : signal.asMono();
  }

  /** Whether the call was cancelled already, so that a handler need not even start. */
  boolean isCancelled(Object id) {
    Sinks.Empty<Void> signal = id == null ? null : calls.get(RequestIds.key(id));
    return signal != null && Boolean.TRUE.equals(signal.scan(Scannable.Attr.TERMINATED));
  }

  void finished(Object id) {
    if (id != null) {
      calls.remove(RequestIds.key(id));
    }
  }

  int size() {
    return calls.size();
  }

}
