package dev.calendlymcp.sandbox.availability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Busy times sorted once so that "does [a, b) overlap any of them?" costs one binary search, even
 * when busy times overlap each other: the running maximum of end times over the sorted starts
 * answers it.
 */
final class BusyIndex {

  private final Instant[] starts;
  private final Instant[] maxEndSoFar;

  private BusyIndex(Instant[] starts, Instant[] maxEndSoFar) {
    this.starts = starts;
    this.maxEndSoFar = maxEndSoFar;
  }

  static BusyIndex of(List<Busy> busy) {
    List<Busy> sorted = new ArrayList<>(busy.size());
    for (int i = 0; i < busy.size(); i++) {
      Busy b = Checks.notNull(busy.get(i), "busy[" + i + "]");
      if (b.start().isBefore(b.end())) {
        sorted.add(b);
      }
    }
    sorted.sort(Comparator.comparing(Busy::start));
    Instant[] starts = new Instant[sorted.size()];
    Instant[] maxEnd = new Instant[sorted.size()];
    Instant running = Instant.MIN;
    for (int i = 0; i < starts.length; i++) {
      starts[i] = sorted.get(i).start();
      Instant end = sorted.get(i).end();
      running = end.isAfter(running) ? end : running;
      maxEnd[i] = running;
    }
    return new BusyIndex(starts, maxEnd);
  }

  /** True when some busy time shares at least an instant with the half-open {@code [from, to)}. */
  boolean overlaps(Instant from, Instant to) {
    int startingBeforeTo = countStartingBefore(to);
    return startingBeforeTo > 0 && maxEndSoFar[startingBeforeTo - 1].isAfter(from);
  }

  private int countStartingBefore(Instant limit) {
    int low = 0;
    int high = starts.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (starts[mid].isBefore(limit)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
