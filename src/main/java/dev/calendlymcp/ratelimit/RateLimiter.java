package dev.calendlymcp.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import reactor.core.publisher.Mono;

/**
 * Keeps every call to Calendly inside its user's budgets, so that an agent never sees a 429 it
 * could have avoided: calls that do not fit wait their turn, and a call that would wait past its
 * deadline is refused at once with the wait in the message.
 */
public interface RateLimiter {

  /**
   * Completes when one call of {@code kind} fits every budget of {@code key} (FIFO per key), or
   * fails at once with {@link RateLimitWaitTooLongException} when the call could not start before
   * {@code deadline}. Cancelling the returned Mono removes the call from the queue and gives its
   * place to the next one. Nothing happens until subscription.
   */
  Mono<Permit> acquire(BudgetKey key, CallKind kind, Instant deadline);

  /**
   * What a response said (any status incl. 429): learns the real limit and resynchronises the
   * window. Call it once for every response to a call that {@link #acquire} let through; it must
   * be quick and never blocks.
   */
  void observe(
      BudgetKey key,
      CallKind kind,
      int status,
      OptionalInt limit,
      OptionalInt remaining,
      Optional<Duration> reset,
      Optional<Duration> retryAfter);

  /**
   * Sets the booking tier of a key when it is known (for instance from the organization's plan),
   * instead of the default or the tier guessed from the learned limit. Forgotten with the rest of
   * the key's budget once the key has been idle for the idle expiry.
   */
  void setBookingTier(BudgetKey key, BookingTier tier);

  /** For status displays ("rate limit: 42 of 60 left, resets in 13 s") and metrics. */
  BudgetSnapshot snapshot(BudgetKey key);
}
