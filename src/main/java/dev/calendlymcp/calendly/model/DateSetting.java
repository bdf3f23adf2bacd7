package dev.calendlymcp.calendly.model;

import java.time.LocalDate;

/**
 * The days on which a one-off event type can be booked.
 *
 * @param type {@code date_range}, the only setting Calendly documents
 * @param startDate first bookable day, in the event type's time zone
 * @param endDate last bookable day (inclusive)
 */
public record DateSetting(String type, LocalDate startDate, LocalDate endDate) {

  public static final String DATE_RANGE = "date_range";

  /** Bookable from {@code startDate} through {@code endDate}. */
  public static DateSetting dateRange(LocalDate startDate, LocalDate endDate) {
    return new DateSetting(DATE_RANGE, startDate, endDate);
  }
}
