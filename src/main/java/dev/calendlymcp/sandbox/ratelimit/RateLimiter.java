package dev.calendlymcp.sandbox.ratelimit;

import dev.calendlymcp.sandbox.model.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per-user rate limits, as Calendly meters them: all tokens of a user share one budget. A fixed
 * 60-second window per user, starting with the user's first request, plus the booking budget of
 * {@code POST /invitees} (per minute, hour and day) and the budget of OAuth tokens issued to the
 * user (per minute). Limits, per-user overrides and the on/off
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
    final FixedWindow oauthTokens = new FixedWindow(MINUTE);
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
    settings = settings.withEnabled(enabled);
  }

  /** Whether the API's 429s also carry {@code Retry-After} (Calendly's do not). */
  public void setRetryAfter(boolean sent) {
    settings = settings.withRetryAfter(sent);
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
        return Optional.of(new RateDecision(false, limit, 0, reset));
      }
      state.requests.take();
      return Optional.of(new RateDecision(true, limit, limit - state.requests.used(), reset));
    }
  }

  /**
   * Charges one booking to {@code userUuid}'s {@code POST /invitees} budget. When a booking window
   * is full, returns the refusal with that window's figures (its limit, 0 remaining, seconds until
   * it resets; of several full windows, the one that resets last), else empty; a refused booking
   * is not charged.
   */
  public Optional<RateDecision> chargeBooking(String userUuid, Plan plan) {
    RateLimitSettings current = settings;
    if (!current.enabled()) {
      return Optional.empty();
    }
    BookingLimits limits =
        switch (plan) {
          case FREE -> current.freeBooking();
          case STANDARD, TEAMS -> current.paidBooking();
          case ENTERPRISE -> current.enterpriseBooking();
        };
    Instant now = clock.instant();
    UserState state = users.computeIfAbsent(userUuid, k -> new UserState());
    synchronized (state) {
      List<Map.Entry<FixedWindow, Integer>> windows =
          List.of(
              Map.entry(state.bookingsPerMinute, limits.perMinute()),
              Map.entry(state.bookingsPerHour, limits.perHour()),
              Map.entry(state.bookingsPerDay, limits.perDay()));
      RateDecision refusal = null;
      for (Map.Entry<FixedWindow, Integer> window : windows) {
        int limit = window.getValue();
        if (limit == 0) {
          continue;
        }
        window.getKey().roll(now);
        long reset = window.getKey().secondsLeft(now);
        if (!window.getKey().hasRoom(limit) && (refusal == null || reset > refusal.resetSeconds())) {
          refusal = new RateDecision(false, limit, 0, reset);
        }
      }
      if (refusal != null) {
        return Optional.of(refusal);
      }
      windows.forEach(window -> {
        if (window.getValue() > 0) {
          window.getKey().take();
        }
      });
      return Optional.empty();
    }
  }

  /**
   * Charges one OAuth token issued to {@code userUuid}. Returns how many seconds to wait when the
   * minute's tokens are used up, else empty (also when limits are off); a refused issuance is not
   * charged.
   */
  public Optional<Long> chargeOAuthToken(String userUuid) {
    RateLimitSettings current = settings;
    if (!current.enabled()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    UserState state = users.computeIfAbsent(userUuid, k -> new UserState());
    synchronized (state) {
      state.oauthTokens.roll(now);
      if (!state.oauthTokens.hasRoom(current.oauthTokensPerMinute())) {
        return Optional.of(state.oauthTokens.secondsLeft(now));
      }
      state.oauthTokens.take();
      return Optional.empty();
    }
  }
}
