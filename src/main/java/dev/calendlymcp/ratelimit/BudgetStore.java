package dev.calendlymcp.ratelimit;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where the budgets' windows and counters live, apart from the queue of waiting calls.
 *
 * <p>This is the seam for running several replicas against one Calendly user: the in-memory
 * store ({@link InMemoryBudgetStore}) serves one process; a shared store (Redis, say) would keep
 * each {@link BudgetState} under the key's value and apply {@link #update} with a
 * compare-and-set (WATCH/MULTI, or a version field checked in a Lua script), re-running the
 * change when another replica won the race. The FIFO queue, its timers and its meters stay in each
 * replica; replicas then share the budget but each orders only its own callers.
 *
 * <p>The limiter calls the store while it holds the key's lock, on whatever thread asked (often an
 * event-loop thread), so implementations must not block: a remote store has to answer from a
 * local copy and reconcile in the background, or be fast enough to count as non-blocking.
 */
public interface BudgetStore {

  /** The state of {@code key} without counting as a use of it, if it is kept. */
  Optional<BudgetState> peek(BudgetKey key);

  /**
   * Atomically replaces the state of {@code key} (or {@link BudgetState#EMPTY} when none is kept)
   * with {@code change} applied to it, and returns the new state. {@code change} is a pure
   * function and may be applied more than once. Counts as a use of the key.
   */
  BudgetState update(BudgetKey key, UnaryOperator<BudgetState> change);
}
