package dev.calendlymcp.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A call could not start before its deadline because a Calendly budget of its user is used up.
 * Raised at once, when the call asks, rather than when the deadline passes; the message says which
 * budget and how long, so an agent can decide whether to retry later.
 */
public final class RateLimitWaitTooLongException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration wouldWait;
  private final Instant availableAt;
  private final String budget;

  public RateLimitWaitTooLongException(
      String message, Duration wouldWait, Instant availableAt, String budget) {
    super(Objects.requireNonNull(message, "message"));
    this.wouldWait = Objects.requireNonNull(wouldWait, "wouldWait");
    this.availableAt = Objects.requireNonNull(availableAt, "availableAt");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  /** How long the call would have waited. */
  public Duration wouldWait() {
    return wouldWait;
  }

  /** When the call could have started. */
  public Instant availableAt() {
    return availableAt;
  }

  /**
   * The budget that made it wait: {@code user}, {@code oauth-token}, {@code booking-minute}, {@code
   * booking-hour}, {@code booking-day} or {@code booking-pause}.
   */
  public String budget() {
    return budget;
  }

  /**
   * @param renews for a booking window, when it renews (see {@link
   *     RateLimitRules#bookingRenewal}); ignored for other budgets
   */
  static RateLimitWaitTooLongException waitingFor(
      Budget budget, long now, long availableAt, long renews, RateLimitSettings settings) {
    long wait = availableAt - now;
    return new RateLimitWaitTooLongException(
        message(budget, now, availableAt, renews, settings),
        Duration.ofMillis(wait),
        Instant.ofEpochMilli(availableAt),
        budget.id());
  }

  private static String message(
      Budget budget, long now, long availableAt, long renews, RateLimitSettings settings) {
    long wait = availableAt - now;
    if (wait <= 0) {
      return "the deadline of this call had passed before it asked Calendly's rate limiter for a"
          + " slot";
    }
    String tooLong =
        "this call would wait " + Durations.describe(wait) + ", longer than its deadline allows";
    return switch (budget) {
      case USER -> "Calendly's rate limit for this user is used up; " + tooLong;
      case OAUTH_TOKEN ->
          "Calendly's OAuth token budget for this user ("
              + settings.oauthTokenLimit()
              + " per "
              + Durations.describe(settings.oauthWindow().toMillis())
              + ") is used up; "
              + tooLong;
      case BOOKING_PAUSE ->
          "Calendly refused a booking for this user as over its limit (429 Too Many Requests);"
              + " bookings resume in "
              + Durations.describe(wait)
              + " (at "
              + Instant.ofEpochMilli(availableAt)
              + "), later than this call's deadline allows";
      case BOOKING_MINUTE ->
          bookingMessage(BookingPeriod.MINUTE, now, availableAt, renews, settings, tooLong);
      case BOOKING_HOUR ->
          bookingMessage(BookingPeriod.HOUR, now, availableAt, renews, settings, tooLong);
      case BOOKING_DAY ->
          bookingMessage(BookingPeriod.DAY, now, availableAt, renews, settings, tooLong);
    };
  }

  private static String bookingMessage(
      BookingPeriod period,
      long now,
      long availableAt,
      long renews,
      RateLimitSettings settings,
      String tooLong) {
    String message =
        "Calendly's "
            + period.adjective()
            + " booking budget for this user is used up; it renews in "
            + Durations.describe(renews - now)
            + " (at "
            + Instant.ofEpochMilli(renews)
            + ")";
    boolean queuedPastRenewal = availableAt > renews + settings.safetyMargin().toMillis();
    return queuedPastRenewal
        ? message + ", and with the bookings queued ahead of it " + tooLong
        : message;
  }
}
