package dev.calendlymcp.sandbox.model;

import dev.calendlymcp.sandbox.availability.Schedule;

/**
 * A named availability schedule of a user: weekly rules and date overrides in its time zone.
 *
 * @param uuid last segment of the schedule URI
 * @param userUuid whose schedule it is
 * @param name display name, e.g. "Working Hours"
 * @param isDefault whether event types use it unless they name another
 * @param schedule the rules, as the availability engine reads them
 */
public record AvailabilitySchedule(
    String uuid, String userUuid, String name, boolean isDefault, Schedule schedule) {}
