package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;

/**
 * A user's working hours: weekly rules plus date-specific overrides, read in the schedule's own
 * time zone. (Calendly can now also create and change them with availability:write; this
 * client reads them only.)
 *
 * @param defaultSchedule whether this is the schedule the user's event types use unless told
 *     otherwise (Calendly's {@code default})
 * @param user the owner's URI
 * @param timezone IANA time zone the rules' times are in, e.g. {@code America/New_York}
 */
public record AvailabilitySchedule(
    URI uri,
    @JsonProperty("default") boolean defaultSchedule,
    String name,
    URI user,
    String timezone,
    List<AvailabilityRule> rules) {

  public AvailabilitySchedule {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
