package dev.calendlymcp.sandbox.model;

import java.time.Instant;

/**
 * A user's membership of an organization; a user belongs to at most one organization.
 *
 * @param uuid last segment of the membership URI
 * @param userUuid the member
 * @param organizationUuid the organization
 * @param role the member's role
 * @param createdAt when the user joined
 * @param updatedAt last change
 */
public record Membership(
    String uuid,
    String userUuid,
    String organizationUuid,
    Role role,
    Instant createdAt,
    Instant updatedAt) {}
