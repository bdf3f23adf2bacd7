package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.EventStatus;
import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * Filters for {@code GET /scheduled_events}. Start from {@link #forUser} (your own events), {@link
 * #forMember} (a teammate's, as an admin), {@link #forOrganization} or {@link #forGroup} and narrow
 * with the other methods, each of which returns a new query. Calendly accepts a user alone only
 * for the token's own events (a teammate's answer 403, even to an admin), an organization alone, a
 * group alone, or an organization with a user or a group (admins looking at one member or group).
 * Values are checked when the query is used, so a bad one fails the call that uses it; {@link
 * ScheduledEventsApi} also refuses a user alone that is not the token's own.
 *
 * @param user events this user hosts
 * @param organization events of this organization (needs an admin or owner)
 * @param group events of this group (needs an admin)
 * @param inviteeEmail only events this address is booked into
 * @param status only active or only canceled events; null for both
 * @param minStartTime only events starting at or after this instant
 * @param maxStartTime only events starting before this instant
 * @param sort {@code start_time:asc} or {@code start_time:desc}; null for Calendly's default
 */
public record ScheduledEventQuery(
    URI user,
    URI organization,
    URI group,
    String inviteeEmail,
    EventStatus status,
    Instant minStartTime,
    Instant maxStartTime,
    String sort) {

  private static final Set<String> SORT_FIELDS = Set.of("start_time");

  /**
   * The token's own events. For anyone else's use {@link #forMember}: Calendly refuses a user
   * alone that is not the caller.
   */
  public static ScheduledEventQuery forUser(URI user) {
    return new ScheduledEventQuery(user, null, null, null, null, null, null, null);
  }

  /**
   * Events one member of {@code organization} hosts, as an admin or owner sees them (or the token's
   * own events within that organization).
   */
  public static ScheduledEventQuery forMember(URI organization, URI user) {
    return new ScheduledEventQuery(user, organization, null, null, null, null, null, null);
  }

  /** Every event of an organization. */
  public static ScheduledEventQuery forOrganization(URI organization) {
    return new ScheduledEventQuery(null, organization, null, null, null, null, null, null);
  }

  /** Every event of a group. */
  public static ScheduledEventQuery forGroup(URI group) {
    return new ScheduledEventQuery(null, null, group, null, null, null, null, null);
  }

  public ScheduledEventQuery user(URI value) {
    return new ScheduledEventQuery(
        value, organization, group, inviteeEmail, status, minStartTime, maxStartTime, sort);
  }

  public ScheduledEventQuery organization(URI value) {
    return new ScheduledEventQuery(
        user, value, group, inviteeEmail, status, minStartTime, maxStartTime, sort);
  }

  public ScheduledEventQuery group(URI value) {
    return new ScheduledEventQuery(
        user, organization, value, inviteeEmail, status, minStartTime, maxStartTime, sort);
  }

  public ScheduledEventQuery inviteeEmail(String value) {
    return new ScheduledEventQuery(
        user, organization, group, value, status, minStartTime, maxStartTime, sort);
  }

  public ScheduledEventQuery status(EventStatus value) {
    return new ScheduledEventQuery(
        user, organization, group, inviteeEmail, value, minStartTime, maxStartTime, sort);
  }

  public ScheduledEventQuery minStartTime(Instant value) {
    return new ScheduledEventQuery(
        user, organization, group, inviteeEmail, status, value, maxStartTime, sort);
  }

  public ScheduledEventQuery maxStartTime(Instant value) {
    return new ScheduledEventQuery(
        user, organization, group, inviteeEmail, status, minStartTime, value, sort);
  }

  public ScheduledEventQuery sort(String value) {
    return new ScheduledEventQuery(
        user, organization, group, inviteeEmail, status, minStartTime, maxStartTime, value);
  }

  /** The query string, or an {@link IllegalArgumentException} naming the first bad parameter. */
  OutboundRequest.Query toQuery() {
    if (user == null && organization == null && group == null) {
      throw Arguments.invalid(
          "user/organization/group",
          "is required: pass user (your own user URI), organization (an organization URI, needs an"
              + " admin) or group (a group URI)");
    }
    if (user != null && group != null) {
      throw Arguments.invalid(
          "user/group", "are exclusive: pass user or group (optionally with organization), not both");
    }
    if (minStartTime != null && maxStartTime != null && !minStartTime.isBefore(maxStartTime)) {
      throw Arguments.invalid(
          "max_start_time", "must be after min_start_time (" + minStartTime + "), got " + maxStartTime);
    }
    return new OutboundRequest.Query()
        .add("user", Arguments.optionalUri(user, "user"))
        .add("organization", Arguments.optionalUri(organization, "organization"))
        .add("group", Arguments.optionalUri(group, "group"))
        .add("invitee_email", inviteeEmail == null ? null : Arguments.email(inviteeEmail, "invitee_email"))
        .add("status", Arguments.filter(status, "status"))
        .add("min_start_time", minStartTime)
        .add("max_start_time", maxStartTime)
        .add("sort", Arguments.sort(sort, "sort", SORT_FIELDS));
  }
}
