package dev.calendlymcp.calendly;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.calendlymcp.cache.CoalescingCache;
import dev.calendlymcp.ratelimit.DefaultRateLimiter;
import dev.calendlymcp.ratelimit.RateLimiter;
import io.micrometer.core.instrument.Metrics;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The process-wide parts every {@link CalendlyClient} shares: the rate limiter (one budget per
 * Calendly user across all clients), the response cache, who owns which token, retry settings and
 * the scheduler used for every timer (so tests can run in virtual time). Build once at start-up.
 *
 * @param limiter null for no client-side rate limiting
 * @param cache null for no caching and no coalescing
 */
public record ClientOptions(
    RetrySettings retry,
    Scheduler scheduler,
    RateLimiter limiter,
    CoalescingCache cache,
    CachePolicy cachePolicy,
    BudgetKeys budgetKeys) {

  public ClientOptions {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(cachePolicy, "cachePolicy");
    Objects.requireNonNull(budgetKeys, "budgetKeys");
  }

  /**
   * What a server runs with: default limits, retries and cache, with their meters in Micrometer's
   * global registry (where the HTTP server's Prometheus endpoint will read them).
   */
  public static ClientOptions defaults() {
    Scheduler scheduler = Schedulers.parallel();
    return new ClientOptions(
        RetrySettings.defaults(),
        scheduler,
        DefaultRateLimiter.builder().scheduler(scheduler).meterRegistry(Metrics.globalRegistry).build(),
        CoalescingCache.create(10_000, Ticker.systemTicker(), Metrics.globalRegistry),
        CachePolicy.defaults(),
        new BudgetKeys());
  }

  /**
   * {@link #defaults()} adjusted by {@code CALENDLY_CACHE}: {@code off} keeps nothing once it has
   * arrived (identical reads in flight are still joined); {@code on}, the default, uses {@link
   * CachePolicy#defaults()}.
   */
  public static ClientOptions fromEnvironment(java.util.Map<String, String> env) {
    ClientOptions options = defaults();
    String cache = env.getOrDefault("CALENDLY_CACHE", "on").strip().toLowerCase(java.util.Locale.ROOT);
    return switch (cache) {
      case "on", "" -> options;
      case "off" -> options.withCache(options.cache(), CachePolicy.off());
      default -> throw new IllegalArgumentException("CALENDLY_CACHE must be on or off, got " + env.get("CALENDLY_CACHE"));
    };
  }

  /** Every call goes straight to Calendly once: no limiter, cache or retries. For tests of the wire format. */
  public static ClientOptions direct() {
    return new ClientOptions(
        RetrySettings.never(), Schedulers.parallel(), null, null, CachePolicy.off(), new BudgetKeys());
  }

  public ClientOptions withRetry(RetrySettings settings) {
    return new ClientOptions(settings, scheduler, limiter, cache, cachePolicy, budgetKeys);
  }

  public ClientOptions withScheduler(Scheduler timers) {
    return new ClientOptions(retry, timers, limiter, cache, cachePolicy, budgetKeys);
  }

  public ClientOptions withLimiter(RateLimiter rateLimiter) {
    return new ClientOptions(retry, scheduler, rateLimiter, cache, cachePolicy, budgetKeys);
  }

  public ClientOptions withCache(CoalescingCache responses, CachePolicy policy) {
    return new ClientOptions(retry, scheduler, limiter, responses, policy, budgetKeys);
  }
}
