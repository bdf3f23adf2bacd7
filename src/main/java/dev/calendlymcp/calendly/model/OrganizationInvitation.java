package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.net.URI;
import java.time.Instant;

/**
 * An invitation for someone to join an organization.
 *
 * @param uri {@code …/organizations/{org_uuid}/invitations/{uuid}}
 * @param lastSentAt when the invitation email was last sent
 * @param user the user who accepted; null until then
 */
public record OrganizationInvitation(
    URI uri,
    URI organization,
    String email,
    Status status,
    Instant createdAt,
    Instant updatedAt,
    Instant lastSentAt,
    URI user) {

  /** Where the invitation stands. */
  public enum Status {
    PENDING,
    ACCEPTED,
    DECLINED,
    REVOKED,
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
