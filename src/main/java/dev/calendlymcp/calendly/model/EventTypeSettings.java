package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.util.List;

/**
 * The body of {@code POST /event_types} and {@code PATCH /event_types/{uuid}}: what to set on a
 * one-on-one event type. A null field is left out of the request, so on an update it keeps its
 * current value (Calendly's rule for PATCH).
 *
 * @param owner the host's user URI; create only, null on an update
 * @param duration length in minutes; must be one of {@code durationOptions} when both are given
 * @param durationOptions at most 4 lengths (1–720) the invitee may choose from
 * @param startTimeIncrement minutes between offered start times, 5–720 (Calendly default 30)
 * @param beforeBuffer minutes kept free before each meeting: 0, 5, 10, 15, 30, 45, 60, 90, 120, 150
 *     or 180
 * @param afterBuffer minutes kept free after each meeting, same values as {@code beforeBuffer}
 */
public record EventTypeSettings(
    String name,
    URI owner,
    Integer duration,
    List<Integer> durationOptions,
    String description,
    String color,
    Boolean active,
    String locale,
    List<EventTypeLocation> locations,
    Integer startTimeIncrement,
    Integer beforeBuffer,
    Integer afterBuffer) {

  public EventTypeSettings {
    durationOptions = durationOptions == null ? null : List.copyOf(durationOptions);
    locations = locations == null ? null : List.copyOf(locations);
  }
}
