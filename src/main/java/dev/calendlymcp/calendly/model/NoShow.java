package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * The mark a host puts on an invitee who did not attend.
 *
 * @param uri the no-show's own reference (it can be deleted to unmark the invitee)
 * @param createdAt when the invitee was marked
 */
public record NoShow(URI uri, Instant createdAt) {}
