package dev.calendlymcp.calendly;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * How long a caller is prepared to wait for a Calendly call, including time queued for rate
 * budget and retries. Travels in the Reactor {@link Context}, so a tool handler sets it once
 * ({@code mono.contextWrite(Deadline.at(t))}) and every call it makes honours it.
 */
public final class Deadline {

  private static final Object KEY = Deadline.class;

  private Deadline() {}

  /** A context entry that sets the deadline for everything upstream of it. */
  public static Context at(Instant deadline) {
    return Context.of(KEY, deadline);
  }

  static Optional<Instant> from(ContextView context) {
    return context.getOrEmpty(KEY);
  }

  static Instant orDefault(ContextView context, Instant now, Duration fallback) {
    return from(context).orElseGet(() -> now.plus(fallback));
  }
}
