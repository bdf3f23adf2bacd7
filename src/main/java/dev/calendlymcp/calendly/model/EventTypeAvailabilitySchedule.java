package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.util.List;

/**
 * The hours an event type is bookable ({@code /event_type_availability_schedules}): its own rules
 * or, until those are set, the rules of the host's schedule it uses.
 *
 * @param availabilityRule the rules and the time zone they are read in
 * @param availabilitySetting {@code host}: every host shares the same schedule
 */
public record EventTypeAvailabilitySchedule(
    URI eventType, Rule availabilityRule, String availabilitySetting) {

  /**
   * @param user the host these rules belong to when each host has their own; null when shared
   */
  public record Rule(String timezone, URI user, List<AvailabilityRule> rules) {
    public Rule {
      rules = rules == null ? List.of() : List.copyOf(rules);
    }
  }
}
