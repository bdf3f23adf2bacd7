package dev.calendlymcp.sandbox.ratelimit;

import dev.calendlymcp.sandbox.model.Plan;
import java.util.EnumMap;
import java.util.Map;

/**
 * Rate-limit configuration: requests per user per fixed 60-second window by plan, the booking
 * budget of {@code POST /invitees}, how many OAuth tokens a user may be issued per minute, and
 * what a 429 looks like.
 *
 * @param enabled false switches every limit (and the rate-limit headers) off
 * @param perMinute requests per minute per user, by plan
 * @param freeBooking booking budget of Free
 * @param paidBooking booking budget of Standard and Teams
 * @param enterpriseBooking booking budget of Enterprise
 * @param oauthTokensPerMinute tokens {@code POST /oauth/token} may issue per user per minute
 *     (Calendly: 8)
 * @param retryAfter whether a 429 of the API also carries {@code Retry-After}. Calendly's documented
 *     429 has only {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining: 0} and {@code
 *     X-RateLimit-Reset}, so the default is false; true tests clients against APIs that send it
 */
public record RateLimitSettings(
    boolean enabled,
    Map<Plan, Integer> perMinute,
    BookingLimits freeBooking,
    BookingLimits paidBooking,
    BookingLimits enterpriseBooking,
    int oauthTokensPerMinute,
    boolean retryAfter) {

  /** Calendly's limit on OAuth tokens issued per user per minute. */
  public static final int CALENDLY_OAUTH_TOKENS_PER_MINUTE = 8;

  public RateLimitSettings {
    EnumMap<Plan, Integer> copy = new EnumMap<>(Plan.class);
    for (Plan plan : Plan.values()) {
      Integer limit = perMinute.get(plan);
      if (limit == null || limit < 1) {
        throw new IllegalArgumentException("perMinute needs a positive limit for plan " + plan.wireName());
      }
      copy.put(plan, limit);
    }
    perMinute = Map.copyOf(copy);
    if (freeBooking == null || paidBooking == null || enterpriseBooking == null) {
      throw new IllegalArgumentException("booking limits are required");
    }
    if (oauthTokensPerMinute < 1) {
      throw new IllegalArgumentException("oauthTokensPerMinute must be positive, got " + oauthTokensPerMinute);
    }
  }

  /**
   * The product spec's request limits, 60/min (Free, Standard, Teams) and 120/min (Enterprise),
   * with Calendly's booking budgets and its 429 without {@code Retry-After}.
   */
  public static RateLimitSettings defaults() {
    return new RateLimitSettings(
        true,
        Map.of(Plan.FREE, 60, Plan.STANDARD, 60, Plan.TEAMS, 60, Plan.ENTERPRISE, 120),
        BookingLimits.FREE,
        BookingLimits.PAID,
        BookingLimits.ENTERPRISE,
        CALENDLY_OAUTH_TOKENS_PER_MINUTE,
        false);
  }

  /** Calendly's currently published limits: 50/min on Free, 500/min on paid plans. */
  public static RateLimitSettings calendlyCurrent() {
    return defaults()
        .withPlanLimit(Plan.FREE, 50)
        .withPlanLimit(Plan.STANDARD, 500)
        .withPlanLimit(Plan.TEAMS, 500)
        .withPlanLimit(Plan.ENTERPRISE, 500);
  }

  /** No limits at all. */
  public static RateLimitSettings off() {
    return defaults().withEnabled(false);
  }

  /** These settings with {@code plan} limited to {@code requestsPerMinute}. */
  public RateLimitSettings withPlanLimit(Plan plan, int requestsPerMinute) {
    Map<Plan, Integer> changed = new EnumMap<>(perMinute);
    changed.put(plan, requestsPerMinute);
    return new RateLimitSettings(
        enabled, changed, freeBooking, paidBooking, enterpriseBooking, oauthTokensPerMinute, retryAfter);
  }

  /** These settings with other booking budgets for the paid plans. */
  public RateLimitSettings withBookingLimits(BookingLimits paid, BookingLimits enterprise) {
    return new RateLimitSettings(enabled, perMinute, freeBooking, paid, enterprise, oauthTokensPerMinute, retryAfter);
  }

  /** These settings with another booking budget for Free. */
  public RateLimitSettings withFreeBookingLimits(BookingLimits free) {
    return new RateLimitSettings(
        enabled, perMinute, free, paidBooking, enterpriseBooking, oauthTokensPerMinute, retryAfter);
  }

  /** These settings with another per-user limit on issued OAuth tokens. */
  public RateLimitSettings withOAuthTokenLimit(int tokensPerMinute) {
    return new RateLimitSettings(
        enabled, perMinute, freeBooking, paidBooking, enterpriseBooking, tokensPerMinute, retryAfter);
  }

  /** These settings switched on or off. */
  public RateLimitSettings withEnabled(boolean on) {
    return new RateLimitSettings(
        on, perMinute, freeBooking, paidBooking, enterpriseBooking, oauthTokensPerMinute, retryAfter);
  }

  /** These settings with or without {@code Retry-After} on the API's 429s. */
  public RateLimitSettings withRetryAfter(boolean sent) {
    return new RateLimitSettings(
        enabled, perMinute, freeBooking, paidBooking, enterpriseBooking, oauthTokensPerMinute, sent);
  }
}
