package dev.calendlymcp.calendly;

import java.util.List;
import java.util.Locale;

/**
 * Every Calendly call the client can make: the REST endpoints and the OAuth token endpoints.
 * Naming the call (not just its URL) lets rate limiting, retries, metrics and policy reason about
 * it: booking has its own budget, and a write is never resent blindly.
 */
public enum Endpoint {
  GET_CURRENT_USER(Method.GET, Host.API, "/users/me", Scope.USERS_READ),
  GET_USER(Method.GET, Host.API, "/users/{uuid}", Scope.USERS_READ),
  LIST_EVENT_TYPES(Method.GET, Host.API, "/event_types", Scope.EVENT_TYPES_READ),
  GET_EVENT_TYPE(Method.GET, Host.API, "/event_types/{uuid}", Scope.EVENT_TYPES_READ),
  CREATE_ONE_OFF_EVENT_TYPE(Method.POST, Host.API, "/one_off_event_types", Scope.EVENT_TYPES_WRITE),
  LIST_SCHEDULED_EVENTS(Method.GET, Host.API, "/scheduled_events", Scope.SCHEDULED_EVENTS_READ),
  GET_SCHEDULED_EVENT(Method.GET, Host.API, "/scheduled_events/{uuid}", Scope.SCHEDULED_EVENTS_READ),
  CANCEL_SCHEDULED_EVENT(
      Method.POST, Host.API, "/scheduled_events/{uuid}/cancellation", Scope.SCHEDULED_EVENTS_WRITE),
  LIST_EVENT_INVITEES(
      Method.GET, Host.API, "/scheduled_events/{uuid}/invitees", Scope.SCHEDULED_EVENTS_READ),
  GET_EVENT_INVITEE(
      Method.GET,
      Host.API,
      "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
      Scope.SCHEDULED_EVENTS_READ),
  CREATE_INVITEE(Method.POST, Host.API, "/invitees", Scope.SCHEDULED_EVENTS_WRITE),
  // Calendly's Scope Catalog (edited last, with the 2026-11-18 availability:write wording) files
  // this under event_types:read; the endpoint's own page still says availability:read. Either
  // is named when Calendly refuses the call.
  LIST_EVENT_TYPE_AVAILABLE_TIMES(
      Method.GET,
      Host.API,
      "/event_type_available_times",
      Scope.EVENT_TYPES_READ,
      Scope.AVAILABILITY_READ),
  LIST_USER_BUSY_TIMES(Method.GET, Host.API, "/user_busy_times", Scope.AVAILABILITY_READ),
  LIST_USER_AVAILABILITY_SCHEDULES(
      Method.GET, Host.API, "/user_availability_schedules", Scope.AVAILABILITY_READ),
  GET_USER_AVAILABILITY_SCHEDULE(
      Method.GET, Host.API, "/user_availability_schedules/{uuid}", Scope.AVAILABILITY_READ),
  CREATE_SCHEDULING_LINK(Method.POST, Host.API, "/scheduling_links", Scope.SCHEDULING_LINKS_WRITE),
  LIST_ORGANIZATION_MEMBERSHIPS(
      Method.GET, Host.API, "/organization_memberships", Scope.ORGANIZATIONS_READ),
  GET_ORGANIZATION_MEMBERSHIP(
      Method.GET, Host.API, "/organization_memberships/{uuid}", Scope.ORGANIZATIONS_READ),
  REMOVE_ORGANIZATION_MEMBERSHIP(
      Method.DELETE, Host.API, "/organization_memberships/{uuid}", Scope.ORGANIZATIONS_WRITE),
  GET_ORGANIZATION(Method.GET, Host.API, "/organizations/{uuid}", Scope.ORGANIZATIONS_READ),
  LIST_ORGANIZATION_INVITATIONS(
      Method.GET, Host.API, "/organizations/{uuid}/invitations", Scope.ORGANIZATIONS_READ),
  INVITE_USER_TO_ORGANIZATION(
      Method.POST, Host.API, "/organizations/{uuid}/invitations", Scope.ORGANIZATIONS_WRITE),
  GET_ORGANIZATION_INVITATION(
      Method.GET,
      Host.API,
      "/organizations/{org_uuid}/invitations/{uuid}",
      Scope.ORGANIZATIONS_READ),
  REVOKE_ORGANIZATION_INVITATION(
      Method.DELETE,
      Host.API,
      "/organizations/{org_uuid}/invitations/{uuid}",
      Scope.ORGANIZATIONS_WRITE),
  LIST_WEBHOOK_SUBSCRIPTIONS(Method.GET, Host.API, "/webhook_subscriptions", Scope.WEBHOOKS_READ),
  CREATE_WEBHOOK_SUBSCRIPTION(
      Method.POST, Host.API, "/webhook_subscriptions", Scope.WEBHOOKS_WRITE),
  GET_WEBHOOK_SUBSCRIPTION(
      Method.GET, Host.API, "/webhook_subscriptions/{uuid}", Scope.WEBHOOKS_READ),
  DELETE_WEBHOOK_SUBSCRIPTION(
      Method.DELETE, Host.API, "/webhook_subscriptions/{uuid}", Scope.WEBHOOKS_WRITE),
  DELETE_INVITEE_DATA(
      Method.POST, Host.API, "/data_compliance/deletion/invitees", Scope.DATA_COMPLIANCE_WRITE),
  CREATE_EVENT_TYPE(Method.POST, Host.API, "/event_types", Scope.EVENT_TYPES_WRITE),
  UPDATE_EVENT_TYPE(Method.PATCH, Host.API, "/event_types/{uuid}", Scope.EVENT_TYPES_WRITE),
  LIST_EVENT_TYPE_HOSTS(Method.GET, Host.API, "/event_type_memberships", Scope.EVENT_TYPES_READ),
  LIST_EVENT_TYPE_AVAILABILITY_SCHEDULES(
      Method.GET, Host.API, "/event_type_availability_schedules", Scope.AVAILABILITY_READ),
  UPDATE_EVENT_TYPE_AVAILABILITY_SCHEDULES(
      Method.PATCH, Host.API, "/event_type_availability_schedules", Scope.AVAILABILITY_WRITE),
  LIST_USER_MEETING_LOCATIONS(Method.GET, Host.API, "/locations", Scope.LOCATIONS_READ),
  CREATE_INVITEE_NO_SHOW(Method.POST, Host.API, "/invitee_no_shows", Scope.SCHEDULED_EVENTS_WRITE),
  GET_INVITEE_NO_SHOW(Method.GET, Host.API, "/invitee_no_shows/{uuid}", Scope.SCHEDULED_EVENTS_READ),
  DELETE_INVITEE_NO_SHOW(
      Method.DELETE, Host.API, "/invitee_no_shows/{uuid}", Scope.SCHEDULED_EVENTS_WRITE),
  CREATE_SHARE(Method.POST, Host.API, "/shares", Scope.SHARES_WRITE),
  // Beyond the seeds' 28: routing forms, groups, activity log, event data deletion, contacts,
  // Notetaker recaps and sample webhook data, as Calendly's reference pages name them today.
  LIST_ROUTING_FORMS(Method.GET, Host.API, "/routing_forms", Scope.ROUTING_FORMS_READ),
  GET_ROUTING_FORM(Method.GET, Host.API, "/routing_forms/{uuid}", Scope.ROUTING_FORMS_READ),
  LIST_ROUTING_FORM_SUBMISSIONS(
      Method.GET, Host.API, "/routing_form_submissions", Scope.ROUTING_FORMS_READ),
  GET_ROUTING_FORM_SUBMISSION(
      Method.GET, Host.API, "/routing_form_submissions/{uuid}", Scope.ROUTING_FORMS_READ),
  LIST_GROUPS(Method.GET, Host.API, "/groups", Scope.GROUPS_READ),
  GET_GROUP(Method.GET, Host.API, "/groups/{uuid}", Scope.GROUPS_READ),
  LIST_GROUP_RELATIONSHIPS(Method.GET, Host.API, "/group_relationships", Scope.GROUPS_READ),
  GET_GROUP_RELATIONSHIP(Method.GET, Host.API, "/group_relationships/{uuid}", Scope.GROUPS_READ),
  LIST_ACTIVITY_LOG_ENTRIES(Method.GET, Host.API, "/activity_log_entries", Scope.ACTIVITY_LOG_READ),
  DELETE_SCHEDULED_EVENT_DATA(
      Method.POST, Host.API, "/data_compliance/deletion/events", Scope.DATA_COMPLIANCE_WRITE),
  LIST_CONTACTS(Method.GET, Host.API, "/contacts", Scope.CONTACTS_READ),
  GET_CONTACT(Method.GET, Host.API, "/contacts/{uuid}", Scope.CONTACTS_READ),
  LIST_CONTACT_CUSTOM_FIELD_DEFINITIONS(
      Method.GET, Host.API, "/contacts/custom_field_definitions", Scope.CONTACTS_READ),
  LIST_CONTACT_LISTS(Method.GET, Host.API, "/contact_lists", Scope.CONTACTS_READ),
  LIST_NOTES(Method.GET, Host.API, "/notes", Scope.CONTACTS_READ),
  CREATE_NOTE(Method.POST, Host.API, "/notes", Scope.CONTACTS_WRITE),
  LIST_MEETING_RECAPS(Method.GET, Host.API, "/meeting_recaps", Scope.MEETING_RECAPS_READ),
  GET_MEETING_RECAP(Method.GET, Host.API, "/meeting_recaps/{uuid}", Scope.MEETING_RECAPS_READ),
  UPDATE_MEETING_RECAP(Method.PATCH, Host.API, "/meeting_recaps/{uuid}", Scope.MEETING_RECAPS_WRITE),
  DELETE_MEETING_RECAP(Method.DELETE, Host.API, "/meeting_recaps/{uuid}", Scope.MEETING_RECAPS_WRITE),
  GET_MEETING_RECAP_TRANSCRIPT(
      Method.GET, Host.API, "/meeting_recaps/{uuid}/transcript", Scope.MEETING_RECAPS_READ),
  GET_SAMPLE_WEBHOOK_DATA(Method.GET, Host.API, "/sample_webhook_data", Scope.WEBHOOKS_READ),
  // Listing, editing and deleting shares (2026-11-06), user availability schedule writes and
  // contact writes (2026-05-27).
  LIST_SHARES(Method.GET, Host.API, "/shares", Scope.SHARES_READ),
  UPDATE_SHARE(Method.PATCH, Host.API, "/shares/{uuid}", Scope.SHARES_WRITE),
  DELETE_SHARE(Method.DELETE, Host.API, "/shares/{uuid}", Scope.SHARES_WRITE),
  CREATE_USER_AVAILABILITY_SCHEDULE(
      Method.POST, Host.API, "/user_availability_schedules", Scope.AVAILABILITY_WRITE),
  UPDATE_USER_AVAILABILITY_SCHEDULE(
      Method.PATCH, Host.API, "/user_availability_schedules/{uuid}", Scope.AVAILABILITY_WRITE),
  CREATE_CONTACT(Method.POST, Host.API, "/contacts", Scope.CONTACTS_WRITE),
  UPDATE_CONTACT(Method.PATCH, Host.API, "/contacts/{uuid}", Scope.CONTACTS_WRITE),
  DELETE_CONTACT(Method.DELETE, Host.API, "/contacts/{uuid}", Scope.CONTACTS_WRITE),
  // One custom field definition (2026-08-25); Lists, single notes and creating custom field
  // definitions (2026-11-17). Calendly documents no DELETE of a List and no PATCH or DELETE of a note.
  GET_CONTACT_CUSTOM_FIELD_DEFINITION(
      Method.GET, Host.API, "/contacts/custom_field_definitions/{uuid}", Scope.CONTACTS_READ),
  CREATE_CONTACT_CUSTOM_FIELD_DEFINITION(
      Method.POST, Host.API, "/contacts/custom_field_definitions", Scope.CONTACTS_WRITE),
  GET_CONTACT_LIST(Method.GET, Host.API, "/contact_lists/{uuid}", Scope.CONTACTS_READ),
  CREATE_CONTACT_LIST(Method.POST, Host.API, "/contact_lists", Scope.CONTACTS_WRITE),
  UPDATE_CONTACT_LIST(Method.PATCH, Host.API, "/contact_lists/{uuid}", Scope.CONTACTS_WRITE),
  ADD_CONTACT_LIST_MEMBERS(
      Method.POST, Host.API, "/contact_lists/{uuid}/memberships", Scope.CONTACTS_WRITE),
  REMOVE_CONTACT_LIST_MEMBERS(
      Method.POST, Host.API, "/contact_lists/{uuid}/memberships/removal", Scope.CONTACTS_WRITE),
  GET_NOTE(Method.GET, Host.API, "/notes/{uuid}", Scope.CONTACTS_READ),

  OAUTH_TOKEN(Method.POST, Host.AUTH, "/oauth/token"),
  OAUTH_REVOKE(Method.POST, Host.AUTH, "/oauth/revoke"),
  OAUTH_INTROSPECT(Method.POST, Host.AUTH, "/oauth/introspect");

  /** The HTTP methods Calendly uses. */
  public enum Method {
    GET,
    POST,
    PATCH,
    DELETE
  }

  /** Which Calendly host serves the call. */
  public enum Host {
    API,
    AUTH
  }

  /**
   * Calendly's OAuth scopes ({@code resource:action}), every one of the Scope Catalog, in the
   * catalog's order; a write scope includes its read. Tokens made since scopes were introduced
   * (2026-03-03) carry only the scopes asked for, so a 403 names the one that is missing.
   */
  public enum Scope {
    AVAILABILITY_READ,
    AVAILABILITY_WRITE,
    EVENT_TYPES_READ,
    EVENT_TYPES_WRITE,
    LOCATIONS_READ,
    ROUTING_FORMS_READ,
    SHARES_READ,
    SHARES_WRITE,
    SCHEDULED_EVENTS_READ,
    SCHEDULED_EVENTS_WRITE,
    SCHEDULING_LINKS_WRITE,
    GROUPS_READ,
    ORGANIZATIONS_READ,
    ORGANIZATIONS_WRITE,
    USERS_READ,
    WEBHOOKS_READ,
    WEBHOOKS_WRITE,
    ACTIVITY_LOG_READ,
    DATA_COMPLIANCE_WRITE,
    OUTGOING_COMMUNICATIONS_READ,
    CONTACTS_READ,
    CONTACTS_WRITE,
    MEETING_RECAPS_READ,
    MEETING_RECAPS_WRITE;

    /** The scope as Calendly spells it, e.g. {@code scheduled_events:write}. */
    public String wireName() {
      String name = name().toLowerCase(Locale.ROOT);
      int split = name.lastIndexOf('_');
      return name.substring(0, split) + ":" + name.substring(split + 1);
    }
  }

  private final Method method;
  private final Host host;
  private final String pathTemplate;
  private final List<Scope> scopes;

  Endpoint(Method method, Host host, String pathTemplate, Scope... scopes) {
    this.method = method;
    this.host = host;
    this.pathTemplate = pathTemplate;
    this.scopes = List.of(scopes);
  }

  public Method method() {
    return method;
  }

  public Host host() {
    return host;
  }

  public String pathTemplate() {
    return pathTemplate;
  }

  /** The scope a token needs for this call; {@code null} for the OAuth endpoints. */
  public Scope scope() {
    return scopes.isEmpty() ? null : scopes.get(0);
  }

  /**
   * Every scope Calendly's pages say grants this call, the one to ask for first; any one of them
   * is enough. Empty for the OAuth endpoints.
   */
  public List<Scope> scopes() {
    return scopes;
  }

  /**
   * True when sending the request changes something at Calendly. Such a request is only resent
   * when Calendly is known not to have performed it (a 429), never after a timeout.
   */
  public boolean isWrite() {
    return method != Method.GET;
  }

  /** Booking has its own, stricter rate budget at Calendly. */
  public boolean isBooking() {
    return this == CREATE_INVITEE;
  }

  /** {@code GET /users/{uuid}} and the like, for logs and metrics; never carries an identifier. */
  @Override
  public String toString() {
    return method + " " + pathTemplate;
  }
}
