package dev.calendlymcp.ratelimit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The starting figures of every budget. The limiter learns the real per-user limit from Calendly's
 * headers; these defaults only decide what it does before the first response and what it cannot
 * learn (booking and OAuth budgets, which Calendly reports only in a 429), and which reported
 * limits reveal a key's tier.
 *
 * @param userLimit calls per window for a user before Calendly has said otherwise (product spec: 60
 *     on Free, Standard and Teams; Calendly's current docs: 50 on Free, 500 on paid plans)
 * @param enterpriseUserLimit the starting limit of a key known to be Enterprise (product spec:
 *     120); a learned limit equal to it also marks a key as Enterprise for its booking windows
 * @param freePlanUserLimit the limit Calendly reports for a user on the Free plan (today 50); a
 *     learned limit equal to it marks a key as {@link BookingTier#FREE}
 * @param paidPlanUserLimit the limit Calendly reports for a user on any paid plan (today 500); a
 *     learned limit equal to it marks a key as paid: {@link BookingTier#PAID}, or Enterprise when
 *     that is the default tier, since 500 does not tell Enterprise apart
 * @param window length of the user budget's fixed window (Calendly: 60 s)
 * @param safetyMargin how long after a window's end the next window's calls are held back, to
 *     absorb the whole-second resolution of {@code X-RateLimit-Reset} and clock skew. The default
 *     of 1 s covers a reset that Calendly rounds down (500 ms would cover only rounding to the
 *     nearest second) and costs 1.6 % of the throughput with 60 s windows (60 calls per 61 s)
 * @param defaultBookingTier the booking tier of a key that nothing has classified
 * @param bookingLimits the booking windows of each tier (all three tiers must be present)
 * @param oauthTokenLimit OAuth token calls per user per {@code oauthWindow} (Calendly: 8 per
 *     minute)
 * @param oauthWindow length of the OAuth token window
 * @param idleExpiry how long an unused key's budget is kept; windows that still count calls (a
 *     day's bookings, a pause Calendly asked for) are kept until they end even when idle
 */
public record RateLimitSettings(
    int userLimit,
    int enterpriseUserLimit,
    int freePlanUserLimit,
    int paidPlanUserLimit,
    Duration window,
    Duration safetyMargin,
    BookingTier defaultBookingTier,
    Map<BookingTier, BookingLimits> bookingLimits,
    int oauthTokenLimit,
    Duration oauthWindow,
    Duration idleExpiry) {

  public RateLimitSettings {
    requireAtLeastOne(userLimit, "userLimit");
    requireAtLeastOne(enterpriseUserLimit, "enterpriseUserLimit");
    requireAtLeastOne(freePlanUserLimit, "freePlanUserLimit");
    requireAtLeastOne(paidPlanUserLimit, "paidPlanUserLimit");
    if (freePlanUserLimit == paidPlanUserLimit) {
      throw new IllegalArgumentException(
          "rateLimit.freePlanUserLimit must differ from rateLimit.paidPlanUserLimit (both were "
              + freePlanUserLimit
              + "), or a reported limit could not tell Free from paid");
    }
    requireAtLeastOne(oauthTokenLimit, "oauthTokenLimit");
    requireAtLeastOneSecond(window, "window");
    requireAtLeastOneSecond(oauthWindow, "oauthWindow");
    requireAtLeastOneSecond(idleExpiry, "idleExpiry");
    Objects.requireNonNull(safetyMargin, "safetyMargin");
    if (safetyMargin.isNegative() || safetyMargin.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "rateLimit.safetyMargin must be between 0 and 10 s (was " + safetyMargin + ")");
    }
    if (safetyMargin.compareTo(window.dividedBy(4)) > 0) {
      throw new IllegalArgumentException(
          "rateLimit.safetyMargin must be at most a quarter of rateLimit.window (was "
              + safetyMargin
              + " for a window of "
              + window
              + ")");
    }
    Objects.requireNonNull(defaultBookingTier, "defaultBookingTier");
    Objects.requireNonNull(bookingLimits, "bookingLimits");
    for (BookingTier tier : BookingTier.values()) {
      if (bookingLimits.get(tier) == null) {
        throw new IllegalArgumentException(
            "rateLimit.bookingLimits has no entry for tier " + tier + " (every tier needs one)");
      }
    }
    bookingLimits = Map.copyOf(bookingLimits);
  }

  /** Product-spec user limits with Calendly's documented booking and OAuth budgets. */
  public static RateLimitSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings, to change a few of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.userLimit = userLimit;
    b.enterpriseUserLimit = enterpriseUserLimit;
    b.freePlanUserLimit = freePlanUserLimit;
    b.paidPlanUserLimit = paidPlanUserLimit;
    b.window = window;
    b.safetyMargin = safetyMargin;
    b.defaultBookingTier = defaultBookingTier;
    b.bookingLimits.putAll(bookingLimits);
    b.oauthTokenLimit = oauthTokenLimit;
    b.oauthWindow = oauthWindow;
    b.idleExpiry = idleExpiry;
    return b;
  }

  /** The booking windows of a tier. */
  public BookingLimits bookingLimits(BookingTier tier) {
    return bookingLimits.get(tier);
  }

  private static void requireAtLeastOne(int value, String field) {
    if (value < 1) {
      throw new IllegalArgumentException(
          "rateLimit." + field + " must be at least 1 (was " + value + ")");
    }
  }

  private static void requireAtLeastOneSecond(Duration value, String field) {
    Objects.requireNonNull(value, field);
    if (value.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "rateLimit." + field + " must be at least 1 s (was " + value + ")");
    }
  }

  /** Builds {@link RateLimitSettings}; every field starts at its default. */
  public static final class Builder {
    private int userLimit = 60;
    private int enterpriseUserLimit = 120;
    private int freePlanUserLimit = 50;
    private int paidPlanUserLimit = 500;
    private Duration window = Duration.ofSeconds(60);
    private Duration safetyMargin = Duration.ofSeconds(1);
    private BookingTier defaultBookingTier = BookingTier.PAID;
    private final Map<BookingTier, BookingLimits> bookingLimits = new EnumMap<>(BookingTier.class);
    private int oauthTokenLimit = 8;
    private Duration oauthWindow = Duration.ofSeconds(60);
    private Duration idleExpiry = Duration.ofMinutes(10);

    private Builder() {
      bookingLimits.put(BookingTier.FREE, BookingLimits.FREE);
      bookingLimits.put(BookingTier.TRIAL, BookingLimits.TRIAL);
      bookingLimits.put(BookingTier.PAID, BookingLimits.PAID);
      bookingLimits.put(BookingTier.ENTERPRISE, BookingLimits.ENTERPRISE);
    }

    public Builder userLimit(int limit) {
      this.userLimit = limit;
      return this;
    }

    public Builder enterpriseUserLimit(int limit) {
      this.enterpriseUserLimit = limit;
      return this;
    }

    public Builder freePlanUserLimit(int limit) {
      this.freePlanUserLimit = limit;
      return this;
    }

    public Builder paidPlanUserLimit(int limit) {
      this.paidPlanUserLimit = limit;
      return this;
    }

    public Builder window(Duration window) {
      this.window = window;
      return this;
    }

    public Builder safetyMargin(Duration margin) {
      this.safetyMargin = margin;
      return this;
    }

    public Builder defaultBookingTier(BookingTier tier) {
      this.defaultBookingTier = tier;
      return this;
    }

    public Builder bookingLimits(BookingTier tier, BookingLimits limits) {
      bookingLimits.put(
          Objects.requireNonNull(tier, "tier"), Objects.requireNonNull(limits, "limits"));
      return this;
    }

    public Builder oauthTokenLimit(int limit) {
      this.oauthTokenLimit = limit;
      return this;
    }

    public Builder oauthWindow(Duration window) {
      this.oauthWindow = window;
      return this;
    }

    public Builder idleExpiry(Duration expiry) {
      this.idleExpiry = expiry;
      return this;
    }

    public RateLimitSettings build() {
      return new RateLimitSettings(
          userLimit,
          enterpriseUserLimit,
          freePlanUserLimit,
          paidPlanUserLimit,
          window,
          safetyMargin,
          defaultBookingTier,
          bookingLimits,
          oauthTokenLimit,
          oauthWindow,
          idleExpiry);
    }
  }
}
