package dev.calendlymcp.sandbox.auth;

import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.User;

/**
 * Who is calling: the token's user with their organization and role, resolved per request (a
 * removed member's role changes at once).
 *
 * @param token the bearer token used
 * @param user the token's user
 * @param organization the user's current organization
 * @param membership the user's membership of it
 */
public record Caller(AccessToken token, User user, Organization organization, Membership membership) {

  public String userUuid() {
    return user.uuid();
  }

  public String organizationUuid() {
    return organization.uuid();
  }

  public Plan plan() {
    return organization.plan();
  }

  public Role role() {
    return membership.role();
  }

  /** Whether the caller is an admin or owner of their organization. */
  public boolean isAdmin() {
    return membership.role().canManageOrganization();
  }
}
