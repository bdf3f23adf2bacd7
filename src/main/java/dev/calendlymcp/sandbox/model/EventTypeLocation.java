package dev.calendlymcp.sandbox.model;

/**
 * One way an event type can be held.
 *
 * @param kind Calendly's location kind, e.g. {@code physical}, {@code zoom_conference}
 * @param location address or phone number for kinds that have one, else null
 * @param additionalInfo free text shown to invitees, or null
 */
public record EventTypeLocation(String kind, String location, String additionalInfo) {}
