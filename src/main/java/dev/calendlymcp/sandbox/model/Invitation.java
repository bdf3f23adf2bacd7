package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * An invitation to join an organization.
 *
 * @param uuid last segment of the invitation URI
 * @param organizationUuid the inviting organization
 * @param email who is invited
 * @param status where it stands
 * @param createdAt when it was sent first
 * @param updatedAt last change
 * @param lastSentAt when it was last sent
 * @param userUuid the user who accepted it, or null
 */
public record Invitation(
    String uuid,
    String organizationUuid,
    String email,
    InvitationStatus status,
    Instant createdAt,
    Instant updatedAt,
    Instant lastSentAt,
    String userUuid) {

  /** This invitation withdrawn at {@code now}. */
  public Invitation revoked(Instant now) {
    return new Invitation(
        uuid, organizationUuid, email, InvitationStatus.REVOKED, createdAt, now, lastSentAt, userUuid);
  }
}
