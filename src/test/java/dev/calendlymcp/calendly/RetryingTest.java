package dev.calendlymcp.calendly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/** Which failures are retried, how long between tries, and that writes are never resent blindly. */
class RetryingTest {

  private final AtomicInteger attempts = new AtomicInteger();

  private Mono<String> failingThen(List<CalendlyException> failures) {
    Deque<CalendlyException> queue = new ArrayDeque<>(failures);
    return Mono.defer(
        () -> {
          attempts.incrementAndGet();
          CalendlyException next = queue.poll();
          return next == null ? Mono.just("ok") : Mono.error(next);
        });
  }

  private static CalendlyException rateLimited(Duration retryAfter) {
    return new CalendlyException.RateLimited(
        Endpoint.CREATE_INVITEE, "Too Many Requests", null,
        new RateLimitHeaders(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.of(retryAfter)));
  }

  /** Calendly's documented 429: the three X-RateLimit headers and no Retry-After. */
  private static CalendlyException calendlysTooManyRequests(Endpoint endpoint, int limit, Duration reset) {
    return new CalendlyException.RateLimited(
        endpoint, "Too Many Requests", null,
        new RateLimitHeaders(OptionalInt.of(limit), OptionalInt.of(0), Optional.of(reset), Optional.empty()));
  }

  private static CalendlyException serverError(Endpoint endpoint) {
    return new CalendlyException.ServerError(endpoint, 503, null, null);
  }

  private static CalendlyException timeout(Endpoint endpoint) {
    return new CalendlyException.Timeout(endpoint, Duration.ofSeconds(20), null);
  }

  private static Retrying retrying(VirtualTimeScheduler scheduler) {
    return new Retrying(RetrySettings.defaults().withJitter(0), scheduler);
  }

  private static Instant at(VirtualTimeScheduler scheduler, Duration after) {
    return Instant.ofEpochMilli(scheduler.now(java.util.concurrent.TimeUnit.MILLISECONDS)).plus(after);
  }

  @Test
  void aReadIsRetriedWithExponentialBackoffOnServerErrors() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> call =
        retrying(scheduler)
            .apply(
                failingThen(List.of(serverError(Endpoint.LIST_EVENT_TYPES), serverError(Endpoint.LIST_EVENT_TYPES))),
                Endpoint.LIST_EVENT_TYPES,
                at(scheduler, Duration.ofSeconds(30)));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(249))
        .thenAwait(Duration.ofMillis(1))
        .expectNoEvent(Duration.ofMillis(499))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
    assertThat(attempts).hasValue(3);
  }

  @Test
  void aRateLimitedCallWaitsForRetryAfter() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> call =
        retrying(scheduler)
            .apply(failingThen(List.of(rateLimited(Duration.ofSeconds(7)))), Endpoint.CREATE_INVITEE, at(scheduler, Duration.ofSeconds(30)));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(6_999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
    assertThat(attempts).as("a 429'd booking was not performed, so it is sent again").hasValue(2);
  }

  @Test
  void aTooManyRequestsWithoutRetryAfterIsRetriedWhenTheReportedWindowResets() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> call =
        retrying(scheduler)
            .apply(
                failingThen(List.of(calendlysTooManyRequests(Endpoint.LIST_EVENT_TYPES, 500, Duration.ofSeconds(23)))),
                Endpoint.LIST_EVENT_TYPES,
                at(scheduler, Duration.ofSeconds(30)));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(22_999))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
    assertThat(attempts).as("not retried on a backoff while the window is still used up").hasValue(2);
  }

  @Test
  void aResetOfZeroStillWaitsTheBackoffRatherThanRetryingAtOnce() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> call =
        retrying(scheduler)
            .apply(
                failingThen(List.of(calendlysTooManyRequests(Endpoint.LIST_EVENT_TYPES, 500, Duration.ZERO))),
                Endpoint.LIST_EVENT_TYPES,
                at(scheduler, Duration.ofSeconds(30)));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(249))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void aWaitForTheRateLimitIsToldToTheCallersListenerBeforeItStarts() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    List<Duration> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    Mono<String> call =
        retrying(scheduler)
            .apply(
                failingThen(List.of(calendlysTooManyRequests(Endpoint.LIST_EVENT_TYPES, 60, Duration.ofSeconds(12)))),
                Endpoint.LIST_EVENT_TYPES,
                at(scheduler, Duration.ofSeconds(30)))
            .contextWrite(RateLimitWaits.notify(told::add));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectSubscription()
        .then(() -> assertThat(told).containsExactly(Duration.ofSeconds(12)))
        .thenAwait(Duration.ofSeconds(12))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void aWriteThatTimedOutIsNeverResent() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> call =
        retrying(scheduler)
            .apply(failingThen(List.of(timeout(Endpoint.CREATE_INVITEE))), Endpoint.CREATE_INVITEE, at(scheduler, Duration.ofSeconds(30)));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectError(CalendlyException.Timeout.class)
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aWriteThatGotAServerErrorIsNotResentButARefusedConnectionIs() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> serverError =
        retrying(scheduler)
            .apply(failingThen(List.of(serverError(Endpoint.CANCEL_SCHEDULED_EVENT))), Endpoint.CANCEL_SCHEDULED_EVENT, at(scheduler, Duration.ofSeconds(30)));
    StepVerifier.withVirtualTime(() -> serverError, () -> scheduler, Long.MAX_VALUE)
        .expectError(CalendlyException.ServerError.class)
        .verify();
    assertThat(attempts).hasValue(1);

    attempts.set(0);
    VirtualTimeScheduler fresh = VirtualTimeScheduler.create();
    Mono<String> refused =
        retrying(fresh)
            .apply(
                failingThen(List.of(new CalendlyException.ConnectionFailed(Endpoint.CANCEL_SCHEDULED_EVENT, false, "refused", null))),
                Endpoint.CANCEL_SCHEDULED_EVENT,
                at(fresh, Duration.ofSeconds(30)));
    StepVerifier.withVirtualTime(() -> refused, () -> fresh, Long.MAX_VALUE)
        .thenAwait(Duration.ofSeconds(1))
        .expectNext("ok")
        .verifyComplete();
    assertThat(attempts).hasValue(2);
  }

  @Test
  void permanentErrorsAreNotRetried() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> call =
        retrying(scheduler)
            .apply(
                failingThen(List.of(new CalendlyException.NotFound(Endpoint.GET_EVENT_TYPE, null, null))),
                Endpoint.GET_EVENT_TYPE,
                at(scheduler, Duration.ofSeconds(30)));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectError(CalendlyException.NotFound.class)
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void aRetryThatWouldOverrunTheDeadlineFailsAtOnceWithTheOriginalError() {
    VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    Mono<String> call =
        retrying(scheduler)
            .apply(failingThen(List.of(rateLimited(Duration.ofSeconds(45)))), Endpoint.LIST_EVENT_TYPES, at(scheduler, Duration.ofSeconds(30)));

    StepVerifier.withVirtualTime(() -> call, () -> scheduler, Long.MAX_VALUE)
        .expectError(CalendlyException.RateLimited.class)
        .verify(Duration.ofSeconds(5));
    assertThat(attempts).hasValue(1);
  }

  @Test
  void attemptsAreBounded() {
    Mono<String> call =
        new Retrying(RetrySettings.defaults().withBackoff(Duration.ZERO, Duration.ZERO), Schedulers.immediate())
            .apply(
                failingThen(List.of(
                    serverError(Endpoint.GET_CURRENT_USER), serverError(Endpoint.GET_CURRENT_USER),
                    serverError(Endpoint.GET_CURRENT_USER), serverError(Endpoint.GET_CURRENT_USER),
                    serverError(Endpoint.GET_CURRENT_USER))),
                Endpoint.GET_CURRENT_USER,
                Instant.now().plusSeconds(30));

    StepVerifier.create(call).expectError(CalendlyException.ServerError.class).verify();
    assertThat(attempts).hasValue(RetrySettings.defaults().maxAttempts());
  }
}
