package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code PATCH /shares/{uuid}}. A null field is left as it is; a field named in {@code
 * restore} is sent as JSON null, which Calendly reads as "use the event type's current value
 * again" (and, for {@code contact}, "no contact").
 *
 * @param restore wire names of the fields to restore, e.g. {@code duration}, {@code
 *     availability_rule}; a field cannot be both set and restored
 * @param minBookingTime minimum notice, in minutes
 */
public record ShareUpdate(
    URI contact,
    String name,
    Integer duration,
    List<Integer> durationOptions,
    String periodType,
    LocalDate startDate,
    LocalDate endDate,
    Integer maxBookingTime,
    Integer minBookingTime,
    Boolean hideLocation,
    List<EventTypeLocation> locationConfigurations,
    EventTypeAvailabilitySchedule.Rule availabilityRule,
    Set<String> restore) {

  /** The fields Calendly's page lets a share change, by wire name. */
  public static final Set<String> FIELDS = Set.of(
      "contact", "name", "duration", "duration_options", "period_type", "start_date", "end_date",
      "max_booking_time", "min_booking_time", "hide_location", "location_configurations", "availability_rule");

  public ShareUpdate {
    durationOptions = durationOptions == null ? null : List.copyOf(durationOptions);
    locationConfigurations = locationConfigurations == null ? null : List.copyOf(locationConfigurations);
    restore = restore == null ? Set.of() : Set.copyOf(restore);
  }
}
