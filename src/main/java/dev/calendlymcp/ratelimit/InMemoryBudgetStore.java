package dev.calendlymcp.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import reactor.core.scheduler.Scheduler;

/**
 * Budgets of one process, in a Caffeine cache that forgets a key once it has been unused for the
 * idle expiry, so a server that has seen a million users does not keep a million budgets. A key
 * whose windows still count calls, or that Calendly paused, is kept until those end: forgetting a
 * spent day of bookings would let the next booking through to a certain 429.
 */
public final class InMemoryBudgetStore implements BudgetStore {

  private final Cache<BudgetKey, BudgetState> states;

  /**
   * @param idleExpiry how long an unused key is kept
   * @param clock the limiter's scheduler, whose {@code now} is the time budgets are measured in
   */
  public InMemoryBudgetStore(Duration idleExpiry, Scheduler clock) {
    Objects.requireNonNull(clock, "clock");
    long idleNanos = Objects.requireNonNull(idleExpiry, "idleExpiry").toNanos();
    if (idleNanos <= 0) {
      throw new IllegalArgumentException("idleExpiry must be positive (was " + idleExpiry + ")");
    }
    this.states =
        Caffeine.newBuilder()
            .ticker(() -> clock.now(TimeUnit.NANOSECONDS))
            .executor(Runnable::run)
            .expireAfter(new KeepWhileCounting(idleNanos))
            .build();
  }

  @Override
  public Optional<BudgetState> peek(BudgetKey key) {
    return Optional.ofNullable(states.policy().getIfPresentQuietly(key));
  }

  @Override
  public BudgetState update(BudgetKey key, UnaryOperator<BudgetState> change) {
    Objects.requireNonNull(change, "change");
    return states
        .asMap()
        .compute(key, (k, current) -> change.apply(current == null ? BudgetState.EMPTY : current));
  }

  /** Drops expired keys now and says how many remain (Caffeine otherwise does it lazily). */
  long cleanUpAndCount() {
    states.cleanUp();
    return states.estimatedSize();
  }

  /** Idle expiry, stretched to the end of the latest window that still counts calls. */
  private static final class KeepWhileCounting implements Expiry<BudgetKey, BudgetState> {
    private final long idleNanos;

    KeepWhileCounting(long idleNanos) {
      this.idleNanos = idleNanos;
    }

    private long keep(BudgetState state, long nowNanos) {
      long keepUntil = state.mustKeepUntil();
      if (keepUntil == BudgetState.NONE) {
        return idleNanos;
      }
      long counting = TimeUnit.MILLISECONDS.toNanos(keepUntil) - nowNanos;
      return Math.max(idleNanos, counting);
    }

    @Override
    public long expireAfterCreate(BudgetKey key, BudgetState state, long now) {
      return keep(state, now);
    }

    @Override
    public long expireAfterUpdate(
        BudgetKey key, BudgetState state, long now, long currentDuration) {
      return keep(state, now);
    }

    @Override
    public long expireAfterRead(BudgetKey key, BudgetState state, long now, long currentDuration) {
      return keep(state, now);
    }
  }
}
