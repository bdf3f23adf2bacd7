package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * A Calendly user.
 *
 * @param uuid last segment of the user URI
 * @param name full name
 * @param slug scheduling page slug
 * @param email login email, unique across the sandbox
 * @param timezone IANA time zone
 * @param timeNotation {@code 12h} or {@code 24h}
 * @param locale language preference, e.g. {@code en}
 * @param createdAt creation time
 * @param updatedAt last change
 * @param organizationUuid the user's current organization
 */
public record User(
    String uuid,
    String name,
    String slug,
    String email,
    String timezone,
    String timeNotation,
    String locale,
    Instant createdAt,
    Instant updatedAt,
    String organizationUuid) {

  /** This user moved to another organization at {@code now}. */
  public User withOrganization(String organization, Instant now) {
    return new User(
        uuid, name, slug, email, timezone, timeNotation, locale, createdAt, now, organization);
  }
}
