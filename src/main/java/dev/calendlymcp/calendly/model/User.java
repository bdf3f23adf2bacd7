package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * A Calendly user.
 *
 * @param uri canonical reference, e.g. {@code https://api.calendly.com/users/AAAA}
 * @param timezone IANA time zone, e.g. {@code America/New_York}
 * @param timeNotation {@code 12h} or {@code 24h}
 * @param currentOrganization the organization URI most list endpoints take as a filter
 */
public record User(
    URI uri,
    String name,
    String slug,
    String email,
    URI schedulingUrl,
    String timezone,
    String timeNotation,
    URI avatarUrl,
    String locale,
    Instant createdAt,
    Instant updatedAt,
    URI currentOrganization,
    String resourceType) {}
