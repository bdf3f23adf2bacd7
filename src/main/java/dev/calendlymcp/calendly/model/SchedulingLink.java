package dev.calendlymcp.calendly.model;

import java.net.URI;

/**
 * A single-use booking link: it books one meeting and then stops working; unused, it expires
 * after 90 days.
 *
 * @param bookingUrl the link to send to the invitee
 * @param owner the event type the link books
 * @param ownerType {@code EventType}
 */
public record SchedulingLink(URI bookingUrl, URI owner, String ownerType) {}
