package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.EventStatus;
import java.util.Set;

/**
 * Filters for {@code GET /scheduled_events/{uuid}/invitees}. Start from {@link #all()} and narrow
 * with the other methods, each of which returns a new query. Values are checked when the query is
 * used, so a bad one fails the call that uses it.
 *
 * @param status only active or only canceled invitees; null for both
 * @param email only the invitee with this address
 * @param sort {@code created_at:asc} or {@code created_at:desc}; null for Calendly's default (asc)
 */
public record InviteeQuery(EventStatus status, String email, String sort) {

  private static final Set<String> SORT_FIELDS = Set.of("created_at");
  private static final InviteeQuery ALL = new InviteeQuery(null, null, null);

  /** Every invitee of the event. */
  public static InviteeQuery all() {
    return ALL;
  }

  public InviteeQuery status(EventStatus value) {
    return new InviteeQuery(value, email, sort);
  }

  public InviteeQuery email(String value) {
    return new InviteeQuery(status, value, sort);
  }

  public InviteeQuery sort(String value) {
    return new InviteeQuery(status, email, value);
  }

  /** The query string, or an {@link IllegalArgumentException} naming the first bad parameter. */
  OutboundRequest.Query toQuery() {
    return new OutboundRequest.Query()
        .add("status", Arguments.filter(status, "status"))
        .add("email", email == null ? null : Arguments.email(email, "email"))
        .add("sort", Arguments.sort(sort, "sort", SORT_FIELDS));
  }
}
