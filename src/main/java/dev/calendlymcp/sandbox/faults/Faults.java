package dev.calendlymcp.sandbox.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The faults in force, set through the Java API or {@code POST /_sandbox/faults}. Random choices
 * (which request fails, how long a ranged latency is) come from a sequence seeded by the
 * sandbox's seed, so a run that sends the same requests in the same order sees the same faults.
 * Thread-safe.
 */
public final class Faults {

  private final long seed;
  private final List<FaultRule> rules = new ArrayList<>();
  private Random random;
  private int burstLeft;
  private Duration burstRetryAfter = Duration.ofSeconds(1);

  /** Faults drawing from a sequence seeded with {@code seed}, starting with {@code initial}. */
  public Faults(long seed, List<FaultRule> initial) {
    this.seed = seed;
    this.random = new Random(seed);
    rules.addAll(initial);
  }

  /** Adds a rule. */
  public synchronized Faults add(FaultRule rule) {
    rules.add(rule);
    return this;
  }

  /** Every request to {@code endpoint} (null: every endpoint) waits {@code delay}. */
  public Faults latency(String endpoint, Duration delay) {
    return add(new FaultRule(endpoint, new Fault.Latency(delay, delay)));
  }

  /** Every request to {@code endpoint} (null: all) waits a uniform random time in [min, max]. */
  public Faults latency(String endpoint, Duration min, Duration max) {
    return add(new FaultRule(endpoint, new Fault.Latency(min, max)));
  }

  /** A share {@code rate} of requests to {@code endpoint} (null: all) fail with {@code status}. */
  public Faults errorRate(String endpoint, double rate, int status) {
    return add(new FaultRule(endpoint, new Fault.Error(rate, status)));
  }

  /** A share {@code rate} of requests to {@code endpoint} (null: all) lose their connection. */
  public Faults dropRate(String endpoint, double rate) {
    return add(new FaultRule(endpoint, new Fault.Drop(rate)));
  }

  /** A share {@code rate} of requests to {@code endpoint} (null: all) get truncated JSON. */
  public Faults malformedRate(String endpoint, double rate) {
    return add(new FaultRule(endpoint, new Fault.Malformed(rate)));
  }

  /** The next {@code requests} authenticated API requests get 429 with {@code retryAfter}. */
  public synchronized Faults rateLimitBurst(int requests, Duration retryAfter) {
    if (requests < 0 || retryAfter.isNegative()) {
      throw new IllegalArgumentException("a burst needs requests >= 0 and retryAfter >= 0");
    }
    burstLeft = requests;
    burstRetryAfter = retryAfter;
    return this;
  }

  /** Removes every fault and restarts the random sequence. */
  public synchronized void clear() {
    rules.clear();
    burstLeft = 0;
    random = new Random(seed);
  }

  /** The rules in force. */
  public synchronized List<FaultRule> rules() {
    return List.copyOf(rules);
  }

  /** Requests left in the forced 429 burst. */
  public synchronized int burstLeft() {
    return burstLeft;
  }

  /** Decides what happens to one request counted under {@code endpointKey}. */
  public synchronized FaultDecision decide(String endpointKey) {
    if (rules.isEmpty()) {
      return FaultDecision.NONE;
    }
    Duration delay = Duration.ZERO;
    FaultDecision.Action action = FaultDecision.Action.PROCEED;
    int status = 0;
    for (FaultRule rule : rules) {
      if (!rule.appliesTo(endpointKey)) {
        continue;
      }
      Fault fault = rule.fault();
      if (fault instanceof Fault.Latency latency) {
        delay = delay.plus(sample(latency));
      } else if (action == FaultDecision.Action.PROCEED) {
        if (fault instanceof Fault.Error error && hits(error.rate())) {
          action = FaultDecision.Action.ERROR;
          status = error.status();
        } else if (fault instanceof Fault.Drop drop && hits(drop.rate())) {
          action = FaultDecision.Action.DROP;
        } else if (fault instanceof Fault.Malformed malformed && hits(malformed.rate())) {
          action = FaultDecision.Action.MALFORMED;
        }
      }
    }
    return new FaultDecision(delay, action, status);
  }

  /** Takes one request from the forced 429 burst; its Retry-After when there was one. */
  public synchronized Optional<Duration> takeBurst() {
    if (burstLeft == 0) {
      return Optional.empty();
    }
    burstLeft--;
    return Optional.of(burstRetryAfter);
  }

  private Duration sample(Fault.Latency latency) {
    long span = latency.max().toMillis() - latency.min().toMillis();
    if (span <= 0) {
      return latency.min();
    }
    return latency.min().plusMillis((long) (random.nextDouble() * (span + 1)));
  }

  private boolean hits(double rate) {
    if (rate >= 1) {
      return true;
    }
    return rate > 0 && random.nextDouble() < rate;
  }
}
