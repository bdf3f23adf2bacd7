package dev.calendlymcp.sandbox.ratelimit;

import dev.calendlymcp.sandbox.model.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-user rate limits, as Calendly meters them: all tokens of a user share one budget. A fixed
 * 60-second window per user, starting with the user's first request, plus the booking budget of
 * {@code POST /invitees} (per minute, hour and day). Limits, per-user overrides and the on/off
 * switch can change while the sandbox runs. Time comes from the sandbox's clock, so tests move
 * windows by moving the clock. Thread-safe.
 */
public final class RateLimiter {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final Clock clock;
  private final ConcurrentMap<String, UserState> users = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Integer> userLimits = new ConcurrentHashMap<>();
  private volatile RateLimitSettings settings;

  public RateLimiter(RateLimitSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  private static final class UserState {
    final FixedWindow requests = new FixedWindow(MINUTE);
    final FixedWindow bookingsPerMinute = new FixedWindow(MINUTE);
    final FixedWindow bookingsPerHour = new FixedWindow(Duration.ofHours(1));
    final FixedWindow bookingsPerDay = new FixedWindow(Duration.ofDays(1));
  }

  /** The current settings. */
  public RateLimitSettings settings() {
    return settings;
  }

  /** Replaces the settings (windows in progress keep their counts). */
  public void configure(RateLimitSettings newSettings) {
    this.settings = newSettings;
  }

  /** Switches every limit on or off. */
  public void setEnabled(boolean enabled) {
    RateLimitSettings current = settings;
    settings = new RateLimitSettings(enabled, current.perMinute(), current.paidBooking(), current.enterpriseBooking());
  }

  /** Sets the requests per minute of every user on {@code plan}. */
  public void setPlanLimit(Plan plan, int requestsPerMinute) {
    settings = settings.withPlanLimit(plan, requestsPerMinute);
  }

  /** Gives one user their own requests-per-minute limit, overriding their plan's. */
  public void setUserLimit(String userUuid, int requestsPerMinute) {
    if (requestsPerMinute < 1) {
      throw new IllegalArgumentException("requestsPerMinute must be positive");
    }
    userLimits.put(userUuid, requestsPerMinute);
  }

  /** Returns a user to their plan's limit. */
  public void clearUserLimit(String userUuid) {
    userLimits.remove(userUuid);
  }

  /** Forgets every window, as if no request had been made. */
  public void reset() {
    users.clear();
  }

  /**
   * Charges one request to {@code userUuid}'s per-minute budget; empty when limits are off.
   * A refused request is not charged.
   */
  public Optional<RateDecision> charge(String userUuid, Plan plan) {
    RateLimitSettings current = settings;
    if (!current.enabled()) {
      return Optional.empty();
    }
    int limit = userLimits.getOrDefault(userUuid, current.perMinute().get(plan));
    Instant now = clock.instant();
    UserState state = users.computeIfAbsent(userUuid, k -> new UserState());
    synchronized (state) {
      state.requests.roll(now);
      long reset = state.requests.secondsLeft(now);
      if (!state.requests.hasRoom(limit)) {
        return Optional.of(new RateDecision(false, limit, 0, reset, reset));
      }
      state.requests.take();
      return Optional.of(new RateDecision(true, limit, limit - state.requests.used(), reset, 0));
    }
  }

  /**
   * Charges one booking to {@code userUuid}'s {@code POST /invitees} budget. Returns how long to
   * wait when a window is full (the longest of the full windows), else empty; a refused booking
   * is not charged. Free plans have no booking budget (they cannot book at all).
   */
  public Optional<Long> chargeBooking(String userUuid, Plan plan) {
    RateLimitSettings current = settings;
    if (!current.enabled() || !plan.isPaid()) {
      return Optional.empty();
    }
    BookingLimits limits = plan == Plan.ENTERPRISE ? current.enterpriseBooking() : current.paidBooking();
    Instant now = clock.instant();
    UserState state = users.computeIfAbsent(userUuid, k -> new UserState());
    synchronized (state) {
      Map<FixedWindow, Integer> windows =
          Map.of(
              state.bookingsPerMinute, limits.perMinute(),
              state.bookingsPerHour, limits.perHour(),
              state.bookingsPerDay, limits.perDay());
      long wait = 0;
      for (Map.Entry<FixedWindow, Integer> window : windows.entrySet()) {
        if (window.getValue() == 0) {
          continue;
        }
        window.getKey().roll(now);
        if (!window.getKey().hasRoom(window.getValue())) {
          wait = Math.max(wait, window.getKey().secondsLeft(now));
        }
      }
      if (wait > 0) {
        return Optional.of(wait);
      }
      windows.forEach((window, limit) -> {
        if (limit > 0) {
          window.take();
        }
      });
      return Optional.empty();
    }
  }
}
