package dev.calendlymcp.sandbox.model;

import java.time.LocalDate;

/**
 * The dates a one-off event type can be booked on, both inclusive, in the event type's time zone.
 *
 * @param startDate first bookable date
 * @param endDate last bookable date
 */
public record DateRange(LocalDate startDate, LocalDate endDate) {}
