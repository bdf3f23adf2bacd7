package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A customised single-use link ({@code POST /shares}).
 *
 * @param uri the share's reference (Calendly returns it since November 2026)
 * @param status {@code active}, {@code booked} or {@code expired}
 * @param schedulingLinks the link to send, as a single-use scheduling link
 * @param shareOverride the settings the link books with: each is the share's own value or the
 *     event type's
 * @param contact the Calendly contact the link is for, if one was named (since November 2026)
 */
public record Share(
    URI uri,
    String status,
    Instant createdAt,
    List<SchedulingLink> schedulingLinks,
    Settings shareOverride,
    URI contact) {

  public Share {
    schedulingLinks = schedulingLinks == null ? List.of() : List.copyOf(schedulingLinks);
  }

  /** The first booking URL, the one to send; null when Calendly returned none. */
  public URI bookingUrl() {
    return schedulingLinks.isEmpty() ? null : schedulingLinks.get(0).bookingUrl();
  }

  /** The effective settings of the link; {@code minBookingTime} is the notice, in minutes. */
  public record Settings(
      String name,
      Integer duration,
      List<Integer> durationOptions,
      String periodType,
      String startDate,
      String endDate,
      Integer maxBookingTime,
      Boolean hideLocation,
      List<EventTypeLocation> locationConfigurations,
      EventTypeAvailabilitySchedule.Rule availabilityRule,
      Integer minBookingTime) {

    public Settings {
      durationOptions = durationOptions == null ? null : List.copyOf(durationOptions);
      locationConfigurations = locationConfigurations == null ? null : List.copyOf(locationConfigurations);
    }
  }
}
