package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The body of {@code POST /one_off_event_types}: an ad-hoc meeting link for a limited range of
 * days, the only kind of event type the API can create. Null fields are left out of the request.
 *
 * @param name event type name, at most 55 characters (required)
 * @param host URI of the hosting user (required)
 * @param coHosts URIs of further hosts; may be null
 * @param duration meeting length in minutes, 1 to 720 (required)
 * @param timezone IANA time zone the date range is read in; null for the host's own
 * @param dateSetting the bookable days (required)
 * @param location where the meeting happens; may be null
 */
public record OneOffEventTypeRequest(
    String name,
    URI host,
    List<URI> coHosts,
    Integer duration,
    String timezone,
    DateSetting dateSetting,
    EventTypeLocation location) {

  public OneOffEventTypeRequest {
    // Not List.copyOf: a null element must reach validation, which names it, not fail here.
    coHosts = coHosts == null ? null : Collections.unmodifiableList(new ArrayList<>(coHosts));
  }
}
