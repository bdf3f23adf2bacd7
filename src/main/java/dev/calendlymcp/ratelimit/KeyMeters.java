package dev.calendlymcp.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The meters of one budget key, tagged with its hash ({@code budget}). They are removed when the
 * key is forgotten, so the number of series follows the active users, not every user ever seen.
 */
sealed interface KeyMeters {

  /** Name of the timer of time spent queued. */
  String QUEUED = "calendly.ratelimit.queued";
  /** Name of the counter of calls refused because their wait passed their deadline. */
  String REJECTED = "calendly.ratelimit.rejected";
  /** Name of the counter of 429 answers observed. */
  String THROTTLED = "calendly.ratelimit.throttled";
  /** Name of the gauge of calls waiting. */
  String QUEUE_LENGTH = "calendly.ratelimit.queue.length";

  void waited(Duration wait);

  void rejected();

  void throttled();

  /** Takes the meters out of the registry. */
  void remove();

  static KeyMeters none() {
    return None.INSTANCE;
  }

  static KeyMeters register(MeterRegistry registry, BudgetKey key, IntSupplier queueLength) {
    String tag = key.value();
    Timer queued =
        Timer.builder(QUEUED)
            .description("Time Calendly calls waited for their user's rate budget")
            .tag("budget", tag)
            .register(registry);
    Counter rejected =
        Counter.builder(REJECTED)
            .description("Calls refused at once because their wait would pass their deadline")
            .tag("budget", tag)
            .register(registry);
    Counter throttled =
        Counter.builder(THROTTLED)
            .description("429 Too Many Requests answers from Calendly")
            .tag("budget", tag)
            .register(registry);
    Gauge queue =
        Gauge.builder(QUEUE_LENGTH, queueLength, IntSupplier::getAsInt)
            .description("Calls waiting for their user's rate budget")
            .tag("budget", tag)
            .strongReference(true)
            .register(registry);
    return new Registered(registry, queued, rejected, throttled, queue);
  }

  /** No registry configured. */
  enum None implements KeyMeters {
    INSTANCE;

    @Override
    public void waited(Duration wait) {}

    @Override
    public void rejected() {}

    @Override
    public void throttled() {}

    @Override
    public void remove() {}
  }

  /** Meters in a registry. */
  record Registered(
      MeterRegistry registry, Timer queued, Counter rejectedCount, Counter throttledCount, Gauge queue)
      implements KeyMeters {

    @Override
    public void waited(Duration wait) {
      queued.record(wait);
    }

    @Override
    public void rejected() {
      rejectedCount.increment();
    }

    @Override
    public void throttled() {
      throttledCount.increment();
    }

    @Override
    public void remove() {
      for (var meter : List.of(queued, rejectedCount, throttledCount, queue)) {
        registry.remove(meter);
      }
    }
  }
}
