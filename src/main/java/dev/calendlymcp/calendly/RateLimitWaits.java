package dev.calendlymcp.calendly;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Who to tell when a call is about to wait for Calendly's rate limit, carried in the Reactor context
 * like {@link Deadline}: a tool sets it once ({@code mono.contextWrite(RateLimitWaits.notify(w ->
 * …))}) and learns of every wait longer than a second with its expected length, to pass on as
 * progress ("waiting 12 s for Calendly's rate limit").
 */
public final class RateLimitWaits {

  private static final Object KEY = RateLimitWaits.class;

  /** Shorter waits are not worth a message. */
  static final Duration WORTH_TELLING = Duration.ofSeconds(1);

  private RateLimitWaits() {}

  public static Context notify(Consumer<Duration> listener) {
    return Context.of(KEY, listener);
  }

  @SuppressWarnings("unchecked") // only notify() puts a value under this key
  static Optional<Consumer<Duration>> from(ContextView context) {
    return context.getOrEmpty(KEY).map(listener -> (Consumer<Duration>) listener);
  }
}
