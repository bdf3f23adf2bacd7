package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * A host of a scheduled event.
 *
 * @param user the host's user URI
 * @param bufferedStartTime start of the time blocked for this host, buffer included; may be null
 * @param bufferedEndTime end of the time blocked for this host, buffer included; may be null
 */
public record EventMembership(
    URI user, String userEmail, String userName, Instant bufferedStartTime, Instant bufferedEndTime) {}
