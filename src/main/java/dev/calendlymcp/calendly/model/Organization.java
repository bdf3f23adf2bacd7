package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * An organization: the Calendly account that users, event types and billing belong to.
 *
 * @param uri canonical reference, e.g. {@code https://api.calendly.com/organizations/AAAA}
 * @param name display name; null when Calendly leaves it out
 * @param plan the subscription plan, e.g. {@code standard} or {@code enterprise}; kept as text
 *     because Calendly renames and adds plans
 * @param stage {@code trial}, {@code free} or {@code paid}
 */
public record Organization(
    URI uri, String name, String plan, String stage, Instant createdAt, Instant updatedAt) {}
