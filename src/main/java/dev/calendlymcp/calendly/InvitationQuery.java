package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.OrganizationInvitation;

/**
 * Optional filters for {@code GET /organizations/{uuid}/invitations}.
 *
 * @param status only invitations in this state; null for all
 * @param email only invitations sent to this address; null for all
 * @param sort e.g. {@code created_at:desc}; null for Calendly's default ({@code created_at:asc})
 */
public record InvitationQuery(OrganizationInvitation.Status status, String email, String sort) {

  public static final InvitationQuery ALL = new InvitationQuery(null, null, null);

  public InvitationQuery {
    if (status != null) {
      Arguments.known(status, "status");
    }
    if (email != null) {
      email = Arguments.email(email, "email");
    }
    sort = Arguments.sort(sort, "sort", java.util.Set.of("created_at"));
  }

  public InvitationQuery withStatus(OrganizationInvitation.Status value) {
    return new InvitationQuery(value, email, sort);
  }

  public InvitationQuery withEmail(String value) {
    return new InvitationQuery(status, value, sort);
  }

  public InvitationQuery withSort(String value) {
    return new InvitationQuery(status, email, value);
  }

  OutboundRequest.Query toQuery() {
    return new OutboundRequest.Query().add("status", status).add("email", email).add("sort", sort);
  }
}
