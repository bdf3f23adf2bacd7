package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * One bookable slot of an event type.
 *
 * @param status {@code available} (Calendly lists only open slots)
 * @param inviteesRemaining how many more invitees can book this slot: 1 for one-on-one event
 *     types, more for group event types
 * @param startTime when the slot starts; pass it unchanged as {@code start_time} when booking
 * @param schedulingUrl a link that opens the booking page on exactly this slot
 */
public record EventTypeAvailableTime(
    String status, Integer inviteesRemaining, Instant startTime, URI schedulingUrl) {}
