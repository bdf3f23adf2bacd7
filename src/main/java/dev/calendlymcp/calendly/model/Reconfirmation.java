package dev.calendlymcp.calendly.model;

import java.time.Instant;

/**
 * A request that the invitee confirm they still plan to attend.
 *
 * @param createdAt when the request was sent
 * @param confirmedAt when the invitee confirmed; null while they have not
 */
public record Reconfirmation(Instant createdAt, Instant confirmedAt) {}
