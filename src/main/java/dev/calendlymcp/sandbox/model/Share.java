package dev.calendlymcp.sandbox.model;

import dev.calendlymcp.sandbox.availability.Schedule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A customised single-use link of a one-on-one event type: the event type's settings with some
 * replaced for one invitee. Every field here is the effective value (the share's own or the event
 * type's), which is what Calendly returns since its 2026-11-06 correction.
 *
 * @param uuid last segment of the share URI
 * @param eventTypeUuid the event type it customises
 * @param bookingUrl the single-use link
 * @param periodType {@code fixed}, {@code moving}, {@code available_moving} or {@code unlimited}
 * @param startDate first bookable day for {@code fixed}, else null
 * @param endDate last bookable day for {@code fixed}, else null
 * @param maxBookingTime days ahead bookable for the moving kinds, else null
 * @param hours the hours the link offers
 * @param contactUuid the contact the link is for, or null
 * @param minBookingTime minimum notice in minutes
 */
public record Share(
    String uuid,
    String eventTypeUuid,
    String bookingUrl,
    String name,
    int duration,
    List<Integer> durationOptions,
    String periodType,
    LocalDate startDate,
    LocalDate endDate,
    Integer maxBookingTime,
    boolean hideLocation,
    List<EventTypeLocation> locations,
    Schedule hours,
    Instant createdAt,
    String contactUuid,
    int minBookingTime) {

  public Share {
    durationOptions = durationOptions == null ? null : List.copyOf(durationOptions);
    locations = List.copyOf(locations);
  }
}
