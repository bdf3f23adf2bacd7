package dev.calendlymcp.calendly;

import java.util.concurrent.atomic.AtomicInteger;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Counts the requests one tool call sends to Calendly, retries included, carried in the Reactor
 * context like {@link Deadline}: the audit puts a counter in ({@code
 * mono.contextWrite(UpstreamCalls.countInto(counter))}) and reads it when the call ends. A read
 * answered from the cache, or joined to another call's identical request, sends nothing.
 */
public final class UpstreamCalls {

  private static final Object KEY = UpstreamCalls.class;

  private UpstreamCalls() {}

  public static Context countInto(AtomicInteger counter) {
    return Context.of(KEY, counter);
  }

  static void sending(ContextView context) {
    context.<AtomicInteger>getOrEmpty(KEY).ifPresent(AtomicInteger::incrementAndGet);
  }
}
