package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

/**
 * The body of {@code POST /shares}: a single-use link of a one-on-one event type with some of its
 * settings changed for one invitee. Every null field is copied from the event type by Calendly.
 *
 * @param periodType {@code fixed} (needs start and end date), {@code moving} or {@code
 *     available_moving} (need {@code maxBookingTime}, in days) or {@code unlimited}
 * @param hideLocation hide the location until the invitee books (one custom location only)
 * @param locationConfigurations where the meeting may happen instead of the event type's places
 * @param availabilityRule hours that replace the event type's for this link
 */
public record ShareRequest(
    URI eventType,
    String name,
    Integer duration,
    List<Integer> durationOptions,
    String periodType,
    LocalDate startDate,
    LocalDate endDate,
    Integer maxBookingTime,
    Boolean hideLocation,
    List<EventTypeLocation> locationConfigurations,
    EventTypeAvailabilitySchedule.Rule availabilityRule) {

  public ShareRequest {
    durationOptions = durationOptions == null ? null : List.copyOf(durationOptions);
    locationConfigurations = locationConfigurations == null ? null : List.copyOf(locationConfigurations);
  }
}
