package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.net.URI;
import java.time.Instant;

/**
 * A user's membership of an organization.
 *
 * @param user the member; Calendly sends a subset of the user's fields here (no {@code
 *     current_organization}), so absent ones are null
 * @param organization the organization's URI
 */
public record OrganizationMembership(
    URI uri, Role role, User user, URI organization, Instant createdAt, Instant updatedAt) {

  /** A member's role; only admins and owners can manage the organization. */
  public enum Role {
    USER,
    ADMIN,
    OWNER,
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
