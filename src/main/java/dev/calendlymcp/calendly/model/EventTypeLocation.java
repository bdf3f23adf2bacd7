package dev.calendlymcp.calendly.model;

/**
 * One place or medium an event can happen in: where an event type offers to meet, or where a
 * one-off event type will meet. Only {@code kind} is always present; the rest depends on it.
 *
 * @param kind e.g. {@code physical}, {@code zoom_conference}, {@code google_conference}, {@code
 *     outbound_call}, {@code inbound_call}, {@code ask_invitee}, {@code custom}; kept as text
 *     because Calendly adds conferencing providers over time
 * @param location the address or free text, for kinds that have one
 * @param phoneNumber the number to call, for phone kinds
 * @param additionalInfo extra instructions shown to invitees
 */
public record EventTypeLocation(String kind, String location, String phoneNumber, String additionalInfo) {

  /** A location of {@code kind} with its address or text, as a one-off event type takes it. */
  public static EventTypeLocation of(String kind, String location) {
    return new EventTypeLocation(kind, location, null, null);
  }
}
