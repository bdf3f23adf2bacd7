package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.OrganizationMembership;
import java.net.URI;

/**
 * Filters for {@code GET /organization_memberships}. Calendly needs an organization (all its
 * members) or a user (that user's memberships); email and role narrow the list further.
 *
 * @param organization organization URI, or null when filtering by user
 * @param user user URI, or null when filtering by organization
 * @param email only the member with this email; null for all
 * @param role only members with this role; null for all
 */
public record MembershipQuery(URI organization, URI user, String email, OrganizationMembership.Role role) {

  public MembershipQuery {
    if (organization == null && user == null) {
      throw new IllegalArgumentException("organization or user is required (a Calendly URI)");
    }
    organization = Arguments.optionalUri(organization, "organization");
    user = Arguments.optionalUri(user, "user");
    if (email != null) {
      email = Arguments.email(email, "email");
    }
    if (role != null) {
      Arguments.known(role, "role");
    }
  }

  /** Every member of the organization. */
  public static MembershipQuery ofOrganization(String organizationUri) {
    return new MembershipQuery(CalendlyIds.uri(organizationUri, "organization"), null, null, null);
  }

  /** The memberships of one user. */
  public static MembershipQuery ofUser(String userUri) {
    return new MembershipQuery(null, CalendlyIds.uri(userUri, "user"), null, null);
  }

  public MembershipQuery withEmail(String value) {
    return new MembershipQuery(organization, user, value, role);
  }

  public MembershipQuery withRole(OrganizationMembership.Role value) {
    return new MembershipQuery(organization, user, email, value);
  }

  OutboundRequest.Query toQuery() {
    return new OutboundRequest.Query()
        .add("organization", organization)
        .add("user", user)
        .add("email", email)
        .add("role", role);
  }
}
