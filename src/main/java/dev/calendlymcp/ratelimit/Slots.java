package dev.calendlymcp.ratelimit;

import dev.calendlymcp.ratelimit.BudgetState.CalendarCount;
import dev.calendlymcp.ratelimit.BudgetState.Window;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The free places of one budget from now on, as the planner hands them out to the queue in order.
 * {@link #earliest} never goes back in time, and {@link #take} is only called at a time that {@link
 * #earliest} returned.
 */
sealed interface Slots {

  Budget budget();

  /** The earliest time at or after {@code time} with a free place. */
  long earliest(long time);

  /** Takes the place at {@code time}. */
  void take(long time);

  /**
   * A window that starts with its first call (the user budget, the OAuth budget), projected the way
   * the limiter will really open windows: a new window starts at its first call, no sooner than the
   * safety margin after the end of the one before, and must end (plus the margin) before a window
   * already planned further on; otherwise the call joins that later window.
   */
  final class FixedWindowSlots implements Slots {
    private final Budget budget;
    private final int limit;
    private final long windowMs;
    private final long marginMs;
    private final long from;

    /** Planned windows: start to calls counted in them. */
    private final NavigableMap<Long, Integer> windows = new TreeMap<>();

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
      this.marginMs = marginMs;
      this.from = Math.max(now, pausedUntil);
      if (window.end() != BudgetState.NONE && window.end() + marginMs > from) {
        // Only the running window's end matters: its true start may lie before our first call.
        windows.put(window.end() - windowMs, used);
      }
    }

    @Override
    public Budget budget() {
      return budget;
    }

    @Override
    public long earliest(long time) {
      long candidate = Math.max(time, from);
      while (true) {
        Map.Entry<Long, Integer> before = windows.floorEntry(candidate);
        if (before != null) {
          long end = before.getKey() + windowMs;
          if (candidate < end && before.getValue() < limit) {
            return candidate;
          }
          if (candidate < end + marginMs) {
            candidate = end + marginMs;
            continue;
          }
        }
        Map.Entry<Long, Integer> after = windows.higherEntry(candidate);
        if (after == null || candidate + windowMs + marginMs <= after.getKey()) {
          return candidate;
        }
        if (after.getValue() < limit) {
          return after.getKey();
        }
        candidate = after.getKey() + windowMs + marginMs;
      }
    }

    @Override
    public void take(long time) {
      Map.Entry<Long, Integer> before = windows.floorEntry(time);
      if (before != null && time < before.getKey() + windowMs) {
        windows.put(before.getKey(), before.getValue() + 1);
      } else {
        windows.put(time, 1);
      }
    }
  }

  /**
   * A calendar window of fixed length (a booking minute, hour or day in UTC). A window that follows
   * one with calls opens a safety margin late, in case Calendly's clock runs behind ours.
   */
  final class CalendarSlots implements Slots {
    private final Budget budget;
    private final long length;
    private final int limit;
    private final long marginMs;
    private final CalendarCount counted;
    private final Map<Long, Integer> taken = new HashMap<>();

    CalendarSlots(
        Budget budget, BookingPeriod period, int limit, CalendarCount counted, long marginMs) {
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
