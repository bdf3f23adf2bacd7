package dev.calendlymcp.calendly.model;

/**
 * The copy of a scheduled event in the host's external calendar.
 *
 * @param kind the calendar provider, e.g. {@code google}, {@code outlook}, {@code exchange}
 * @param externalId the event's ID in that calendar
 */
public record CalendarEvent(String kind, String externalId) {}
