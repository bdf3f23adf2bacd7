package dev.calendlymcp.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.calendlymcp.ratelimit.Planner.Slot;
import dev.calendlymcp.ratelimit.RateLimitRules.Observation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The rate limiter: per key, a FIFO queue of waiting calls in front of the budgets kept in a {@link
 * BudgetStore}.
 *
 * <p>Whenever anything changes for a key (a call asks, a response is observed, a call is cancelled,
 * a timer fires) the key's queue is planned again from the current budgets: each waiting call, in
 * order, gets the earliest start at which all its budgets have a place (see {@link Planner}). Calls
 * whose start is now are let through; a call whose start lies past its deadline fails at once; one
 * timer on the {@link Scheduler} wakes the key at the next planned start. No thread ever waits: a
 * queued call is only a subscriber waiting for its Mono.
 *
 * <p>Time is the scheduler's clock ({@code scheduler.now}), so a virtual-time scheduler drives the
 * whole limiter in tests. Keys are independent: each has its own lock, queue and timer. Queues are
 * kept in a Caffeine cache and forgotten after the idle expiry, but never while calls wait in them;
 * the budgets themselves expire in the store.
 */
public final class DefaultRateLimiter implements RateLimiter {

  private static final Logger log = LoggerFactory.getLogger(DefaultRateLimiter.class);

  private static final Instant LATEST = Instant.ofEpochMilli(Long.MAX_VALUE);
  private static final Instant EARLIEST = Instant.ofEpochMilli(Long.MIN_VALUE);

  private final RateLimitSettings settings;
  private final RateLimitRules rules;
  private final Scheduler scheduler;
  private final BudgetStore store;
  private final Optional<MeterRegistry> registry;
  private final Cache<BudgetKey, Lane> lanes;

  private DefaultRateLimiter(Builder builder) {
    this.settings = builder.settings;
    this.rules = new RateLimitRules(settings);
    this.scheduler = builder.scheduler;
    this.store =
        builder.store != null
            ? builder.store
            : new InMemoryBudgetStore(settings.idleExpiry(), builder.scheduler);
    this.registry = Optional.ofNullable(builder.registry);
    this.lanes =
        Caffeine.newBuilder()
            .ticker(() -> scheduler.now(TimeUnit.NANOSECONDS))
            .executor(Runnable::run)
            .expireAfter(new PinWhileQueued(settings.idleExpiry().toNanos()))
            // The eviction listener runs inside the eviction, before a new queue for the same key
            // can register its meters, so it never removes the meters of the queue that follows.
            .evictionListener(
                (BudgetKey key, Lane lane, RemovalCause cause) -> {
                  if (lane != null) {
                    lane.retire();
                  }
                })
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Mono<Permit> acquire(BudgetKey key, CallKind kind, Instant deadline) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    long deadlineMs = epochMillis(Objects.requireNonNull(deadline, "deadline"));
    return Mono.create(
        sink -> {
          Waiter waiter = new Waiter(kind, deadlineMs, now(), sink);
          sink.onCancel(
              () -> {
                waiter.cancelled = true;
                withLane(key, false, (lane, now) -> {});
              });
          withLane(key, true, (lane, now) -> lane.queue.add(waiter));
        });
  }

  @Override
  public void observe(
      BudgetKey key,
      CallKind kind,
      int status,
      OptionalInt limit,
      OptionalInt remaining,
      Optional<Duration> reset,
      Optional<Duration> retryAfter) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(remaining, "remaining");
    Objects.requireNonNull(reset, "reset");
    Objects.requireNonNull(retryAfter, "retryAfter");
    // A limit below one would stop the key for good; no real Calendly answer says that.
    OptionalInt usableLimit =
        limit.isPresent() && limit.getAsInt() >= 1 ? limit : OptionalInt.empty();
    Observation seen =
        new Observation(
            status,
            usableLimit,
            remaining,
            reset.filter(d -> !d.isNegative()),
            retryAfter.filter(d -> !d.isNegative()));
    withLane(
        key,
        true,
        (lane, now) -> {
          store.update(key, state -> rules.observe(state, kind, seen, now));
          if (seen.isTooManyRequests()) {
            lane.meters.throttled();
            log.debug("Calendly answered 429 to a {} call of budget {}", kind, key.value());
          }
        });
  }

  @Override
  public void setBookingTier(BudgetKey key, BookingTier tier) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(tier, "tier");
    withLane(key, true, (lane, now) -> store.update(key, state -> state.withTier(tier)));
  }

  @Override
  public BudgetSnapshot snapshot(BudgetKey key) {
    Objects.requireNonNull(key, "key");
    long now = now();
    BudgetState state = store.peek(key).orElse(BudgetState.EMPTY);
    Lane lane = lanes.policy().getIfPresentQuietly(key);
    int limit = rules.userLimit(state);
    Optional<Instant> resetsAt =
        state.user().isOpenAt(now)
            ? Optional.of(Instant.ofEpochMilli(state.user().end()))
            : Optional.empty();
    Optional<Instant> pausedUntil =
        state.userPausedUntil() > now
            ? Optional.of(Instant.ofEpochMilli(state.userPausedUntil()))
            : Optional.empty();
    BookingLimits bookingLimits = rules.bookingLimits(state);
    List<BudgetSnapshot.BookingWindow> windows = new ArrayList<>();
    for (BookingPeriod period : BookingPeriod.values()) {
      bookingLimits
          .limit(period)
          .ifPresent(
              bookingLimit -> {
                BudgetState.BookingCount count = state.booking(period);
                windows.add(
                    new BudgetSnapshot.BookingWindow(
                        period,
                        bookingLimit,
                        RateLimitRules.bookingUsed(count, period, now),
                        Instant.ofEpochMilli(
                            RateLimitRules.bookingRenewal(count, period, bookingLimit, now))));
              });
    }
    return new BudgetSnapshot(
        key,
        Instant.ofEpochMilli(now),
        limit,
        state.learnedUserLimit().isPresent(),
        Math.max(0, limit - rules.userUsed(state, now)),
        resetsAt,
        pausedUntil,
        lane == null ? 0 : lane.length.get(),
        rules.tier(state),
        state.tier().isPresent(),
        windows);
  }

  /** How many keys have a queue now (expired ones dropped first); for tests. */
  long trackedKeys() {
    lanes.cleanUp();
    return lanes.estimatedSize();
  }

  private long now() {
    return scheduler.now(TimeUnit.MILLISECONDS);
  }

  /**
   * Applies {@code change} to the key's queue and plans the queue again, under the key's lock
   * (Caffeine's compute); completes the calls that may start, and fails those that cannot start in
   * time, only after the lock is released, since their subscribers may call back at once.
   */
  private void withLane(BudgetKey key, boolean create, LaneChange change) {
    Outcome outcome = new Outcome();
    BiFunction<BudgetKey, Lane, Lane> apply =
        (k, current) -> {
          Lane lane = current != null ? current : newLane(k);
          long now = now();
          change.apply(lane, now);
          settle(k, lane, now, outcome);
          return lane;
        };
    if (create) {
      lanes.asMap().compute(key, apply);
    } else {
      lanes.asMap().computeIfPresent(key, apply);
    }
    outcome.deliver();
  }

  private Lane newLane(BudgetKey key) {
    AtomicInteger length = new AtomicInteger();
    KeyMeters meters =
        registry.map(r -> KeyMeters.register(r, key, length::get)).orElseGet(KeyMeters::none);
    return new Lane(length, meters);
  }

  private void settle(BudgetKey key, Lane lane, long now, Outcome outcome) {
    lane.queue.removeIf(waiter -> waiter.cancelled);
    List<Waiter> due = new ArrayList<>();
    List<Rejection> late = new ArrayList<>();
    long[] next = {Long.MAX_VALUE};
    if (!lane.queue.isEmpty()) {
      store.update(
          key,
          state -> {
            due.clear();
            late.clear();
            next[0] = Long.MAX_VALUE;
            Planner planner = new Planner(rules, state, now);
            BudgetState after = state;
            for (Waiter waiter : lane.queue) {
              Slot slot = planner.earliest(waiter.kind);
              if (slot.at() > waiter.deadline) {
                late.add(new Rejection(waiter, slot, renewal(state, slot.binding(), now)));
              } else {
                planner.take(waiter.kind, slot);
                if (slot.at() <= now) {
                  due.add(waiter);
                  after = rules.consume(after, waiter.kind, now);
                } else {
                  next[0] = Math.min(next[0], slot.at());
                }
              }
            }
            return after;
          });
    }
    for (Waiter waiter : due) {
      waiter.settled = true;
      Duration waited = Duration.ofMillis(now - waiter.enqueuedAt);
      lane.meters.waited(waited);
      outcome.released.add(new Release(waiter.sink, new Permit(waited)));
    }
    for (Rejection rejection : late) {
      rejection.waiter.settled = true;
      lane.meters.rejected();
      outcome.rejected.add(
          new Failure(
              rejection.waiter.sink,
              RateLimitWaitTooLongException.waitingFor(
                  rejection.slot.binding(), now, rejection.slot.at(), rejection.renews, settings)));
    }
    lane.queue.removeIf(waiter -> waiter.settled);
    lane.length.set(lane.queue.size());
    wakeAt(key, lane, next[0], now);
  }

  /** When the booking budget that made a call wait renews; {@link BudgetState#NONE} for others. */
  private long renewal(BudgetState state, Budget binding, long now) {
    for (BookingPeriod period : BookingPeriod.values()) {
      if (Budget.of(period) == binding) {
        int limit = rules.bookingLimits(state).limit(period).orElseThrow();
        return RateLimitRules.bookingRenewal(state.booking(period), period, limit, now);
      }
    }
    return BudgetState.NONE;
  }

  private void wakeAt(BudgetKey key, Lane lane, long at, long now) {
    if (at == lane.timerAt) {
      return;
    }
    lane.cancelTimer();
    if (at != Long.MAX_VALUE) {
      lane.timerAt = at;
      lane.timer = scheduler.schedule(() -> tick(key, at), at - now, TimeUnit.MILLISECONDS);
    }
  }

  private void tick(BudgetKey key, long scheduledAt) {
    withLane(
        key,
        false,
        (lane, now) -> {
          if (lane.timerAt == scheduledAt) {
            lane.timer = null;
            lane.timerAt = Long.MAX_VALUE;
          }
        });
  }

  private static long epochMillis(Instant instant) {
    if (instant.isAfter(LATEST)) {
      return Long.MAX_VALUE;
    }
    return instant.isBefore(EARLIEST) ? Long.MIN_VALUE : instant.toEpochMilli();
  }

  @FunctionalInterface
  private interface LaneChange {
    void apply(Lane lane, long now);
  }

  /** One key's queue, timer and meters; guarded by the cache's compute for the key. */
  private static final class Lane {
    final List<Waiter> queue = new ArrayList<>();
    final AtomicInteger length;
    final KeyMeters meters;
    Disposable timer;
    long timerAt = Long.MAX_VALUE;

    Lane(AtomicInteger length, KeyMeters meters) {
      this.length = length;
      this.meters = meters;
    }

    void cancelTimer() {
      if (timer != null) {
        timer.dispose();
        timer = null;
      }
      timerAt = Long.MAX_VALUE;
    }

    /** The key was forgotten: nothing waits in it, so only its meters have to go. */
    void retire() {
      cancelTimer();
      meters.remove();
    }
  }

  /** A call waiting for its slot. */
  private static final class Waiter {
    final CallKind kind;
    final long deadline;
    final long enqueuedAt;
    final MonoSink<Permit> sink;
    volatile boolean cancelled;
    boolean settled;

    Waiter(CallKind kind, long deadline, long enqueuedAt, MonoSink<Permit> sink) {
      this.kind = kind;
      this.deadline = deadline;
      this.enqueuedAt = enqueuedAt;
      this.sink = sink;
    }
  }

  /** When {@code renews} is the time a booking budget renews, or {@link BudgetState#NONE}. */
  private record Rejection(Waiter waiter, Slot slot, long renews) {}

  private record Release(MonoSink<Permit> sink, Permit permit) {}

  private record Failure(MonoSink<Permit> sink, RateLimitWaitTooLongException error) {}

  /** What to tell subscribers once the key's lock is released. */
  private static final class Outcome {
    final List<Release> released = new ArrayList<>();
    final List<Failure> rejected = new ArrayList<>();

    void deliver() {
      for (Release release : released) {
        release.sink().success(release.permit());
      }
      for (Failure failure : rejected) {
        failure.sink().error(failure.error());
      }
    }
  }

  /** Idle expiry for a queue, except while calls wait in it. */
  private static final class PinWhileQueued implements Expiry<BudgetKey, Lane> {
    private final long idleNanos;

    PinWhileQueued(long idleNanos) {
      this.idleNanos = idleNanos;
    }

    private long keep(Lane lane) {
      return lane.queue.isEmpty() ? idleNanos : Long.MAX_VALUE;
    }

    @Override
    public long expireAfterCreate(BudgetKey key, Lane lane, long now) {
      return keep(lane);
    }

    @Override
    public long expireAfterUpdate(BudgetKey key, Lane lane, long now, long currentDuration) {
      return keep(lane);
    }

    @Override
    public long expireAfterRead(BudgetKey key, Lane lane, long now, long currentDuration) {
      return keep(lane);
    }
  }

  /** Builds a {@link DefaultRateLimiter}. */
  public static final class Builder {
    private RateLimitSettings settings = RateLimitSettings.defaults();
    private Scheduler scheduler = Schedulers.parallel();
    private MeterRegistry registry;
    private BudgetStore store;

    private Builder() {}

    public Builder settings(RateLimitSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** Runs the timers and is the clock (default: {@link Schedulers#parallel()}). */
    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** Where the meters go (default: no meters). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Where budgets live (default: an {@link InMemoryBudgetStore} on the scheduler's clock). */
    public Builder store(BudgetStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public DefaultRateLimiter build() {
      return new DefaultRateLimiter(this);
    }
  }
}
