package dev.calendlymcp.calendly;

import java.net.URI;
import java.util.Set;

/**
 * Filters for {@code GET /event_types}. Start from {@link #forUser} or {@link #forOrganization}
 * (Calendly needs exactly one of the two) and narrow with the other methods, each of which returns
 * a new query. Values are checked when the query is used, so a bad one fails the call that uses it.
 *
 * @param user list the event types of this user (personal, team and organization ones)
 * @param organization list every event type of this organization
 * @param active true for active event types only, false for inactive only, null for both
 * @param adminManaged true for admin-managed only, false to leave them out, null for both
 * @param userAvailabilitySchedule only event types using this availability schedule; needs {@code
 *     user}
 * @param sort comma-separated {@code field:asc|desc} over {@code name}, {@code position}, {@code
 *     created_at}, {@code updated_at}; null for Calendly's default {@code name:asc}
 */
public record EventTypeQuery(
    URI user,
    URI organization,
    Boolean active,
    Boolean adminManaged,
    URI userAvailabilitySchedule,
    String sort) {

  private static final Set<String> SORT_FIELDS = Set.of("name", "position", "created_at", "updated_at");

  /** The event types of one user. */
  public static EventTypeQuery forUser(URI user) {
    return new EventTypeQuery(user, null, null, null, null, null);
  }

  /** Every event type of an organization. */
  public static EventTypeQuery forOrganization(URI organization) {
    return new EventTypeQuery(null, organization, null, null, null, null);
  }

  public EventTypeQuery active(Boolean value) {
    return new EventTypeQuery(user, organization, value, adminManaged, userAvailabilitySchedule, sort);
  }

  public EventTypeQuery adminManaged(Boolean value) {
    return new EventTypeQuery(user, organization, active, value, userAvailabilitySchedule, sort);
  }

  public EventTypeQuery userAvailabilitySchedule(URI value) {
    return new EventTypeQuery(user, organization, active, adminManaged, value, sort);
  }

  public EventTypeQuery sort(String value) {
    return new EventTypeQuery(user, organization, active, adminManaged, userAvailabilitySchedule, value);
  }

  /** The query string, or an {@link IllegalArgumentException} naming the first bad parameter. */
  OutboundRequest.Query toQuery() {
    if ((user == null) == (organization == null)) {
      throw Arguments.invalid(
          "user/organization",
          user == null
              ? "is required: pass exactly one of user (a user URI) or organization (an organization URI)"
              : "are exclusive: pass exactly one of user or organization, not both");
    }
    if (userAvailabilitySchedule != null && user == null) {
      throw Arguments.invalid("user_availability_schedule", "can only be used together with user");
    }
    return new OutboundRequest.Query()
        .add("user", Arguments.optionalUri(user, "user"))
        .add("organization", Arguments.optionalUri(organization, "organization"))
        .add("active", active)
        .add("admin_managed", adminManaged)
        .add(
            "user_availability_schedule",
            Arguments.optionalUri(userAvailabilitySchedule, "user_availability_schedule"))
        .add("sort", Arguments.sort(sort, "sort", SORT_FIELDS));
  }
}
