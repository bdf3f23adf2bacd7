package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;

/**
 * A person's place in a group: a member, or an admin of it. One owner has at most one member
 * relationship to a group but may be admin of several.
 *
 * @param role {@code member} or {@code admin}
 * @param owner the organization membership or pending invitation the relationship belongs to
 */
public record GroupRelationship(
    URI uri, String role, Owner owner, URI organization, URI group, Instant createdAt, Instant updatedAt) {

  /**
   * Who the relationship is of.
   *
   * @param uri an organization membership or invitation URI
   * @param email the invitation's address (for an invitation)
   * @param user the member (for a membership)
   */
  public record Owner(URI uri, String email, Person user) {}

  /** The member's user. */
  public record Person(URI uri, String name, String email) {}
}
