package dev.calendlymcp.sandbox.ratelimit;

/**
 * The separate budget of {@code POST /invitees}, per user. Zero means no limit for that window.
 *
 * @param perMinute bookings per fixed 60-second window
 * @param perHour bookings per fixed hour
 * @param perDay bookings per fixed 24 hours
 */
public record BookingLimits(int perMinute, int perHour, int perDay) {

  /**
   * Free: 5 per day. Calendly's rate-limit page has no Free row for Create Event Invitee, while its
   * release note of 2026-11-03 (booking by API on every plan) says Free is subject to the
   * endpoint-specific limits; the page's only row for an unpaid account is Trial's 5 per day.
   */
  public static final BookingLimits FREE = new BookingLimits(0, 0, 5);

  /** Calendly's budget for paid plans below Enterprise: 10/min, 50/h, 100/day. */
  public static final BookingLimits PAID = new BookingLimits(10, 50, 100);

  /** Calendly's budget for Enterprise: 500/min. */
  public static final BookingLimits ENTERPRISE = new BookingLimits(500, 0, 0);

  public BookingLimits {
    if (perMinute < 0 || perHour < 0 || perDay < 0) {
      throw new IllegalArgumentException("booking limits must be 0 (no limit) or positive");
    }
  }
}
