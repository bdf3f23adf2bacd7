package dev.calendlymcp.ratelimit;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * How many bookings ({@code POST /invitees}) one user may make per calendar minute, hour and day;
 * an empty limit means that window does not apply.
 */
public record BookingLimits(OptionalInt perMinute, OptionalInt perHour, OptionalInt perDay) {

  /** No booking window at all. */
  public static final BookingLimits NONE =
      new BookingLimits(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty());

  /** Calendly's trial accounts: 5 per day. */
  public static final BookingLimits TRIAL = NONE.withPerDay(5);

  /**
   * The Free plan: 5 per day, Trial's row, until Calendly's page gives Free one of its own (see
   * {@link BookingTier#FREE}).
   */
  public static final BookingLimits FREE = TRIAL;

  /** Calendly's paid plans below Enterprise: 10 per minute, 50 per hour, 100 per day. */
  public static final BookingLimits PAID = NONE.withPerMinute(10).withPerHour(50).withPerDay(100);

  /** Calendly's Enterprise plans: 500 per minute. */
  public static final BookingLimits ENTERPRISE = NONE.withPerMinute(500);

  public BookingLimits {
    requirePositive(perMinute, "perMinute");
    requirePositive(perHour, "perHour");
    requirePositive(perDay, "perDay");
  }

  public BookingLimits withPerMinute(int limit) {
    return new BookingLimits(OptionalInt.of(limit), perHour, perDay);
  }

  public BookingLimits withPerHour(int limit) {
    return new BookingLimits(perMinute, OptionalInt.of(limit), perDay);
  }

  public BookingLimits withPerDay(int limit) {
    return new BookingLimits(perMinute, perHour, OptionalInt.of(limit));
  }

  /** The limit of one window. */
  public OptionalInt limit(BookingPeriod period) {
    return switch (period) {
      case MINUTE -> perMinute;
      case HOUR -> perHour;
      case DAY -> perDay;
    };
  }

  private static void requirePositive(OptionalInt limit, String field) {
    Objects.requireNonNull(limit, field);
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "bookingLimits." + field + " must be at least 1 (was " + limit.getAsInt() + ")");
    }
  }
}
