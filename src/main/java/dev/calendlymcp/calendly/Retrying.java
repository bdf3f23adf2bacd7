package dev.calendlymcp.calendly;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Applies {@link RetrySettings} to one Calendly call. The decision rests on two facts every
 * {@link CalendlyException} knows: whether the failure is transient, and whether Calendly may
 * already have performed the request.
 */
final class Retrying {

  private final RetrySettings settings;
  private final Scheduler scheduler;

  Retrying(RetrySettings settings, Scheduler scheduler) {
    this.settings = settings;
    this.scheduler = scheduler;
  }

  /**
   * {@code call} resubscribed after each retryable failure, within {@code deadline}. A wait for
   * Calendly's rate limit longer than a second is told to the {@link RateLimitWaits} listener of
   * the subscriber's context before it starts.
   */
  <T> Mono<T> apply(Mono<T> call, Endpoint endpoint, Instant deadline) {
    if (settings.maxAttempts() == 1) {
      return call;
    }
    return Mono.deferContextual(
        context ->
            call.retryWhen(
                Retry.from(
                    signals ->
                        signals.concatMap(
                            signal -> {
                              Throwable failure = signal.failure();
                              long attempt = signal.totalRetries() + 1;
                              if (!(failure instanceof CalendlyException e)
                                  || !isRetryable(e, endpoint)
                                  || attempt >= settings.maxAttempts()) {
                                return Mono.error(failure);
                              }
                              Duration wait = waitBefore(e, attempt);
                              Instant now = Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
                              if (now.plus(wait).isAfter(deadline)) {
                                return Mono.error(failure);
                              }
                              if (e instanceof CalendlyException.RateLimited
                                  && wait.compareTo(RateLimitWaits.WORTH_TELLING) > 0) {
                                RateLimitWaits.from(context).ifPresent(listener -> listener.accept(wait));
                              }
                              return wait.isZero() ? Mono.just(0L) : Mono.delay(wait, scheduler);
                            }))));
  }

  static boolean isRetryable(CalendlyException e, Endpoint endpoint) {
    if (!e.isTransient()) {
      return false;
    }
    return !endpoint.isWrite() || !e.mayHaveBeenPerformed();
  }

  /**
   * A 429 waits for the window Calendly reports, but never less than the backoff: a reset of 0 (the
   * window ends about now, by a clock that may run behind Calendly's) must not turn into a burst of
   * immediate retries.
   */
  private Duration waitBefore(CalendlyException e, long attempt) {
    Duration backoff = backoff(attempt);
    if (e instanceof CalendlyException.RateLimited limited && limited.waitHint().isPresent()) {
      Duration hint = limited.waitHint().get();
      return hint.compareTo(backoff) > 0 ? hint : backoff;
    }
    return backoff;
  }

  private Duration backoff(long attempt) {
    long base = settings.firstBackoff().toMillis() << Math.min(attempt - 1, 20);
    long capped = Math.min(base, settings.maxBackoff().toMillis());
    long jitterRange = (long) (capped * settings.jitter());
    long jittered = capped - jitterRange + (jitterRange == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterRange + 1));
    return Duration.ofMillis(Math.max(0, jittered));
  }
}
