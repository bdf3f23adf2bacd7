package dev.calendlymcp.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests received per endpoint, counted as they arrive (before faults, authentication and
 * rate limits), under names like {@code POST /invitees} or {@code GET /scheduled_events/{uuid}}.
 * Admin requests ({@code /_sandbox/*}) and requests matching no route are not counted.
 * Thread-safe.
 */
public final class SandboxStats {

  private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();

  void record(String endpoint) {
    counts.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
    total.increment();
  }

  /** Requests received for {@code endpoint}, e.g. {@code count("POST /invitees")}. */
  public long count(String endpoint) {
    LongAdder adder = counts.get(endpoint);
    return adder == null ? 0 : adder.sum();
  }

  /** Requests received for every endpoint together. */
  public long total() {
    return total.sum();
  }

  /** Every endpoint's count, sorted by endpoint name. */
  public Map<String, Long> counts() {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((endpoint, adder) -> snapshot.put(endpoint, adder.sum()));
    return snapshot;
  }

  /** Sets every count back to zero. */
  public void reset() {
    counts.clear();
    total.reset();
  }
}
