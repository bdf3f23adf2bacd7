package dev.calendlymcp.ratelimit;

import dev.calendlymcp.ratelimit.BudgetState.CalendarCount;
import dev.calendlymcp.ratelimit.BudgetState.Window;
import java.util.HashMap;
import java.util.Map;

/**
 * The free places of one budget from now on, as the planner hands them out to the queue in
 * order. {@link #earliest} never goes back in time, and {@link #take} is only called at a time
 * that {@link #earliest} returned.
 */
sealed interface Slots {

  Budget budget();

  /** The earliest time at or after {@code time} with a free place. */
  long earliest(long time);

  /** Takes the place at {@code time}. */
  void take(long time);

  /**
   * A window that starts with its first call (the user budget, the OAuth budget): the running
   * window's free places, then full windows back to back, each held back by the safety margin
   * after the previous one's end. A future window is assumed to start as soon as it may; when its
   * first call comes later the real window ends later, which the next plan (made whenever anything
   * changes) takes into account.
   */
  final class FixedWindowSlots implements Slots {
    private final Budget budget;
    private final int limit;
    private final long windowMs;
    private final long cycle;
    private final long currentFrom;
    private final long currentEnd;
    private final int currentFree;
    private final long firstFutureStart;
    private int currentTaken;
    private final Map<Long, Integer> futureTaken = new HashMap<>();

    FixedWindowSlots(
        Budget budget,
        Window window,
        int used,
        int limit,
        long pausedUntil,
        long now,
        long windowMs,
        long marginMs) {
      this.budget = budget;
      this.limit = limit;
      this.windowMs = windowMs;
      this.cycle = windowMs + marginMs;
      long from = Math.max(now, pausedUntil);
      boolean open = window.isOpenAt(from);
      this.currentFrom = from;
      this.currentEnd = open ? window.end() : from;
      this.currentFree = open ? limit - used : 0;
      this.firstFutureStart =
          window.end() == BudgetState.NONE ? from : Math.max(from, window.end() + marginMs);
    }

    @Override
    public Budget budget() {
      return budget;
    }

    @Override
    public long earliest(long time) {
      if (time < currentEnd && currentTaken < currentFree) {
        return Math.max(time, currentFrom);
      }
      long index = futureIndex(time);
      while (futureTaken.getOrDefault(index, 0) >= limit) {
        index++;
      }
      return Math.max(time, start(index));
    }

    @Override
    public void take(long time) {
      if (time < currentEnd && currentTaken < currentFree) {
        currentTaken++;
      } else {
        futureTaken.merge(futureIndex(time), 1, Integer::sum);
      }
    }

    private long start(long index) {
      return firstFutureStart + index * cycle;
    }

    /** The future window holding {@code time}, or the next one when it falls in a margin. */
    private long futureIndex(long time) {
      if (time <= firstFutureStart) {
        return 0;
      }
      long index = (time - firstFutureStart) / cycle;
      return time - start(index) >= windowMs ? index + 1 : index;
    }
  }

  /**
   * A calendar window of fixed length (a booking minute, hour or day in UTC). A window that
   * follows one with calls opens a safety margin late, in case Calendly's clock runs behind ours.
   */
  final class CalendarSlots implements Slots {
    private final Budget budget;
    private final long length;
    private final int limit;
    private final long marginMs;
    private final CalendarCount counted;
    private final Map<Long, Integer> taken = new HashMap<>();

    CalendarSlots(Budget budget, BookingPeriod period, int limit, CalendarCount counted, long marginMs) {
      this.budget = budget;
      this.length = period.millis();
      this.limit = limit;
      this.marginMs = marginMs;
      this.counted = counted;
    }

    @Override
    public Budget budget() {
      return budget;
    }

    @Override
    public long earliest(long time) {
      long index = Math.floorDiv(time, length);
      while (count(index) >= limit) {
        index++;
      }
      long opens = index * length + (count(index - 1) > 0 ? marginMs : 0);
      return Math.max(time, opens);
    }

    @Override
    public void take(long time) {
      taken.merge(Math.floorDiv(time, length), 1, Integer::sum);
    }

    private int count(long index) {
      return counted.usedIn(index) + taken.getOrDefault(index, 0);
    }
  }

  /** Nothing before a time (a pause Calendly asked for); no limit after it. */
  final class PauseSlots implements Slots {
    private final Budget budget;
    private final long until;

    PauseSlots(Budget budget, long until) {
      this.budget = budget;
      this.until = until;
    }

    @Override
    public Budget budget() {
      return budget;
    }

    @Override
    public long earliest(long time) {
      return Math.max(time, until);
    }

    @Override
    public void take(long time) {
      // A pause has no count: once it is over, every call fits.
    }
  }
}
