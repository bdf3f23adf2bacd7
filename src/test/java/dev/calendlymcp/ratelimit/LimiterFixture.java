package dev.calendlymcp.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A limiter on a virtual clock that starts at {@link #START}, and calls made through it. */
final class LimiterFixture {

  /** Half a minute into a minute, so that minute windows and user windows do not line up. */
  static final Instant START = Instant.parse("2026-11-24T16:47:30Z");

  static final BudgetKey ALICE = BudgetKey.ofUser("https://api.calendly.com/users/ALICE");
  static final BudgetKey BOB = BudgetKey.ofUser("https://api.calendly.com/users/BOB");

  final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  final InMemoryBudgetStore store;
  final DefaultRateLimiter limiter;
  private final AtomicInteger releases = new AtomicInteger();

  LimiterFixture() {
    this(builder -> builder);
  }

  LimiterFixture(UnaryOperator<DefaultRateLimiter.Builder> customise) {
    this(RateLimitSettings.defaults(), customise);
  }

  LimiterFixture(RateLimitSettings settings, UnaryOperator<DefaultRateLimiter.Builder> customise) {
    clock.advanceTimeTo(START);
    store = new InMemoryBudgetStore(settings.idleExpiry(), clock);
    limiter =
        customise
            .apply(DefaultRateLimiter.builder().settings(settings).scheduler(clock).store(store))
            .build();
  }

  Instant now() {
    return Instant.ofEpochMilli(clock.now(java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  /** Seconds since {@link #START}. */
  double elapsed(Instant at) {
    return Duration.between(START, at).toMillis() / 1000.0;
  }

  void advance(Duration by) {
    clock.advanceTimeBy(by);
  }

  void advanceTo(Instant at) {
    clock.advanceTimeTo(at);
  }

  Call acquire(BudgetKey key, CallKind kind, Duration deadlineFromNow) {
    Call call = new Call();
    call.subscription =
        limiter
            .acquire(key, kind, now().plus(deadlineFromNow))
            .subscribe(
                permit -> {
                  call.permit = permit;
                  call.releasedAt = now();
                  call.releaseOrder = releases.getAndIncrement();
                },
                error -> call.error = error);
    return call;
  }

  List<Call> acquire(int count, BudgetKey key, CallKind kind, Duration deadlineFromNow) {
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(acquire(key, kind, deadlineFromNow));
    }
    return calls;
  }

  /** A response with the given headers; null means the header was absent. */
  void observe(
      BudgetKey key,
      CallKind kind,
      int status,
      Integer limit,
      Integer remaining,
      Duration reset,
      Duration retryAfter) {
    limiter.observe(
        key,
        kind,
        status,
        limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
        remaining == null ? OptionalInt.empty() : OptionalInt.of(remaining),
        Optional.ofNullable(reset),
        Optional.ofNullable(retryAfter));
  }

  static long released(List<Call> calls) {
    return calls.stream().filter(Call::isReleased).count();
  }

  /** One call's fate. */
  static final class Call {
    volatile Permit permit;
    volatile Instant releasedAt;
    volatile int releaseOrder = -1;
    volatile Throwable error;
    Disposable subscription;

    boolean isReleased() {
      return permit != null;
    }

    boolean isWaiting() {
      return permit == null && error == null && !subscription.isDisposed();
    }

    RateLimitWaitTooLongException rejection() {
      return (RateLimitWaitTooLongException) error;
    }
  }
}
