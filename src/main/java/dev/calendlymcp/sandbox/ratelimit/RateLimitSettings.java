package dev.calendlymcp.sandbox.ratelimit;

import dev.calendlymcp.sandbox.model.Plan;
import java.util.EnumMap;
import java.util.Map;

/**
 * Rate-limit configuration: requests per user per fixed 60-second window by plan, and the booking
 * budget of {@code POST /invitees}.
 *
 * @param enabled false switches every limit (and the rate-limit headers) off
 * @param perMinute requests per minute per user, by plan
 * @param paidBooking booking budget of Standard and Teams
 * @param enterpriseBooking booking budget of Enterprise
 */
public record RateLimitSettings(
    boolean enabled, Map<Plan, Integer> perMinute, BookingLimits paidBooking, BookingLimits enterpriseBooking) {

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
    if (paidBooking == null || enterpriseBooking == null) {
      throw new IllegalArgumentException("booking limits are required");
    }
  }

  /** The product spec's defaults: 60/min (Free, Standard, Teams), 120/min (Enterprise). */
  public static RateLimitSettings defaults() {
    return new RateLimitSettings(
        true,
        Map.of(Plan.FREE, 60, Plan.STANDARD, 60, Plan.TEAMS, 60, Plan.ENTERPRISE, 120),
        BookingLimits.PAID,
        BookingLimits.ENTERPRISE);
  }

  /** Calendly's currently published limits: 50/min on Free, 500/min on paid plans. */
  public static RateLimitSettings calendlyCurrent() {
    return new RateLimitSettings(
        true,
        Map.of(Plan.FREE, 50, Plan.STANDARD, 500, Plan.TEAMS, 500, Plan.ENTERPRISE, 500),
        BookingLimits.PAID,
        BookingLimits.ENTERPRISE);
  }

  /** No limits at all. */
  public static RateLimitSettings off() {
    return withEnabled(defaults(), false);
  }

  /** These settings with {@code plan} limited to {@code requestsPerMinute}. */
  public RateLimitSettings withPlanLimit(Plan plan, int requestsPerMinute) {
    Map<Plan, Integer> changed = new EnumMap<>(perMinute);
    changed.put(plan, requestsPerMinute);
    return new RateLimitSettings(enabled, changed, paidBooking, enterpriseBooking);
  }

  /** These settings with other booking budgets. */
  public RateLimitSettings withBookingLimits(BookingLimits paid, BookingLimits enterprise) {
    return new RateLimitSettings(enabled, perMinute, paid, enterprise);
  }

  private static RateLimitSettings withEnabled(RateLimitSettings settings, boolean enabled) {
    return new RateLimitSettings(enabled, settings.perMinute, settings.paidBooking, settings.enterpriseBooking);
  }
}
