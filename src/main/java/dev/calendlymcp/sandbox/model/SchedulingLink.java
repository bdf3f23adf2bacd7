package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * A single-use booking link for an event type.
 *
 * @param uuid identifier
 * @param eventTypeUuid the event type it books
 * @param bookingUrl the link
 * @param maxEventCount how many bookings it allows (always 1)
 * @param createdAt creation time
 */
public record SchedulingLink(
    String uuid, String eventTypeUuid, String bookingUrl, int maxEventCount, Instant createdAt) {}
