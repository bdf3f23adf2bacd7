package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.faults.FaultRule;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import dev.calendlymcp.sandbox.webhooks.WebhookPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How to start a sandbox. Immutable; build one with {@link #builder()}.
 *
 * @param port TCP port on 127.0.0.1; 0 lets the OS choose
 * @param seed seed of every generated value: same seed and size, same data and same responses
 * @param size how much data to seed
 * @param clock the only source of time in the sandbox (token expiry, rate-limit windows,
 *     availability, timestamps); tests and benchmarks can drive it
 * @param maxAvailableTimesSpanDays longest range of {@code GET /event_type_available_times}: 31
 *     (Calendly today) or 7 (the older limit)
 * @param rateLimits rate-limit settings
 * @param faults faults in force from the start
 * @param scheduler scheduler of injected latency; a virtual-time scheduler makes latency testable
 *     without waiting
 * @param webhookPublisher receives booking and cancellation events
 * @param modules extensions installed at start (e.g. OAuth)
 */
public record SandboxConfig(
    int port,
    long seed,
    SandboxSize size,
    Clock clock,
    int maxAvailableTimesSpanDays,
    RateLimitSettings rateLimits,
    List<FaultRule> faults,
    Scheduler scheduler,
    WebhookPublisher webhookPublisher,
    List<SandboxModule> modules) {

  public SandboxConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(clock, "clock");
    if (maxAvailableTimesSpanDays < 1 || maxAvailableTimesSpanDays > 366) {
      throw new IllegalArgumentException(
          "maxAvailableTimesSpanDays must be between 1 and 366, got " + maxAvailableTimesSpanDays);
    }
    Objects.requireNonNull(rateLimits, "rateLimits");
    faults = List.copyOf(faults);
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(webhookPublisher, "webhookPublisher");
    modules = List.copyOf(modules);
  }

  /** The defaults: OS-chosen port, seed 1, SMALL, system clock, 31 days, the spec's rate limits. */
  public static SandboxConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.port = port;
    builder.seed = seed;
    builder.size = size;
    builder.clock = clock;
    builder.maxAvailableTimesSpanDays = maxAvailableTimesSpanDays;
    builder.rateLimits = rateLimits;
    builder.faults = new ArrayList<>(faults);
    builder.scheduler = scheduler;
    builder.webhookPublisher = webhookPublisher;
    builder.modules = new ArrayList<>(modules);
    return builder;
  }

  /** Builds a {@link SandboxConfig}; every setter returns the builder. */
  public static final class Builder {
    private int port;
    private long seed = 1;
    private SandboxSize size = SandboxSize.SMALL;
    private Clock clock = Clock.systemUTC();
    private int maxAvailableTimesSpanDays = 31;
    private RateLimitSettings rateLimits = RateLimitSettings.defaults();
    private List<FaultRule> faults = new ArrayList<>();
    private Scheduler scheduler = Schedulers.parallel();
    private WebhookPublisher webhookPublisher = WebhookPublisher.none();
    private List<SandboxModule> modules = new ArrayList<>();

    private Builder() {}

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder size(SandboxSize size) {
      this.size = size;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder maxAvailableTimesSpanDays(int days) {
      this.maxAvailableTimesSpanDays = days;
      return this;
    }

    public Builder rateLimits(RateLimitSettings rateLimits) {
      this.rateLimits = rateLimits;
      return this;
    }

    /** Adds a fault in force from the start. */
    public Builder fault(FaultRule fault) {
      this.faults.add(fault);
      return this;
    }

    public Builder scheduler(Scheduler scheduler) {
      this.scheduler = scheduler;
      return this;
    }

    public Builder webhookPublisher(WebhookPublisher publisher) {
      this.webhookPublisher = publisher;
      return this;
    }

    /** Adds a module installed at start. */
    public Builder module(SandboxModule module) {
      this.modules.add(module);
      return this;
    }

    public SandboxConfig build() {
      return new SandboxConfig(
          port, seed, size, clock, maxAvailableTimesSpanDays, rateLimits, faults, scheduler,
          webhookPublisher, modules);
    }
  }
}
