package dev.calendlymcp.ratelimit;

/** The budgets a call can wait for; {@link #id()} is what {@link RateLimitWaitTooLongException#budget()} reports. */
enum Budget {
  USER("user"),
  OAUTH_TOKEN("oauth-token"),
  BOOKING_MINUTE("booking-minute"),
  BOOKING_HOUR("booking-hour"),
  BOOKING_DAY("booking-day"),
  BOOKING_PAUSE("booking-pause");

  private final String id;

  Budget(String id) {
    this.id = id;
  }

  String id() {
    return id;
  }

  static Budget of(BookingPeriod period) {
    return switch (period) {
      case MINUTE -> BOOKING_MINUTE;
      case HOUR -> BOOKING_HOUR;
      case DAY -> BOOKING_DAY;
    };
  }
}
