package dev.calendlymcp.calendly;

import java.util.Objects;

/**
 * Calendly's API v2 for one token source, grouped the way Calendly's reference groups it. Cheap to
 * create: every client shares the connection pool of the {@link CalendlyHttp} and the limiter and
 * cache of the {@link ClientOptions} it is built on, so a server can hold one client per user or
 * grant.
 *
 * <p>Every method returns a cold {@code Mono}/{@code Flux}: nothing is sent until subscription,
 * and a failure arrives as a {@link CalendlyException}. Bad arguments (a malformed URI, a page
 * size over 100) fail the returned publisher with an {@link IllegalArgumentException} naming the
 * parameter, before any request is made.
 */
public final class CalendlyClient {

  private final UsersApi users;
  private final EventTypesApi eventTypes;
  private final ScheduledEventsApi scheduledEvents;
  private final SchedulingApi scheduling;
  private final AvailabilityApi availability;
  private final SchedulingLinksApi schedulingLinks;
  private final OrganizationsApi organizations;
  private final WebhooksApi webhooks;
  private final DataComplianceApi dataCompliance;
  private final EventTypeSettingsApi eventTypeSettings;
  private final LocationsApi locations;
  private final NoShowsApi noShows;
  private final SharesApi shares;
  private final RoutingFormsApi routingForms;
  private final GroupsApi groups;
  private final ActivityLogApi activityLog;
  private final ContactsApi contacts;
  private final MeetingRecapsApi meetingRecaps;

  private CalendlyClient(CalendlyHttp http, TokenSource tokens, ClientOptions options) {
    RestCalls rest = new RestCalls(http, tokens, options);
    this.users = new UsersApi(rest);
    this.eventTypes = new EventTypesApi(rest);
    this.scheduledEvents = new ScheduledEventsApi(rest);
    this.scheduling = new SchedulingApi(rest);
    this.availability = new AvailabilityApi(rest);
    this.schedulingLinks = new SchedulingLinksApi(rest);
    this.organizations = new OrganizationsApi(rest);
    this.webhooks = new WebhooksApi(rest);
    this.dataCompliance = new DataComplianceApi(rest);
    this.eventTypeSettings = new EventTypeSettingsApi(rest);
    this.locations = new LocationsApi(rest);
    this.noShows = new NoShowsApi(rest);
    this.shares = new SharesApi(rest);
    this.routingForms = new RoutingFormsApi(rest);
    this.groups = new GroupsApi(rest);
    this.activityLog = new ActivityLogApi(rest);
    this.contacts = new ContactsApi(rest);
    this.meetingRecaps = new MeetingRecapsApi(rest);
  }

  /**
   * A client for one token source. {@code options} carries the parts every client of the process
   * shares (rate limiter, cache, retries): build it once and pass the same instance to every client.
   */
  public static CalendlyClient create(CalendlyHttp http, TokenSource tokens, ClientOptions options) {
    return new CalendlyClient(
        Objects.requireNonNull(http, "http"),
        Objects.requireNonNull(tokens, "tokens"),
        Objects.requireNonNull(options, "options"));
  }

  public static CalendlyClient create(CalendlyHttp http, AccessToken token, ClientOptions options) {
    return create(http, TokenSource.of(token), options);
  }

  /** Endpoints 1–2: the current user and users by reference. */
  public UsersApi users() {
    return users;
  }

  /** Endpoints 3–5: event types, and creating one-off event types. */
  public EventTypesApi eventTypes() {
    return eventTypes;
  }

  /** Endpoints 6–10: scheduled events and their invitees, and cancelling an event. */
  public ScheduledEventsApi scheduledEvents() {
    return scheduledEvents;
  }

  /** Endpoint 11: booking a meeting for an invitee ({@code POST /invitees}). */
  public SchedulingApi scheduling() {
    return scheduling;
  }

  /** Endpoints 12–15: event type available times, user busy times, availability schedules. */
  public AvailabilityApi availability() {
    return availability;
  }

  /** Endpoint 16: single-use scheduling links. */
  public SchedulingLinksApi schedulingLinks() {
    return schedulingLinks;
  }

  /** Endpoints 17–23: organization memberships and invitations. */
  public OrganizationsApi organizations() {
    return organizations;
  }

  /** Endpoints 24–27: webhook subscriptions. */
  public WebhooksApi webhooks() {
    return webhooks;
  }

  /** Endpoint 28 and event data deletion: erasing data for data-protection requests. */
  public DataComplianceApi dataCompliance() {
    return dataCompliance;
  }

  /** Creating and updating event types, their hosts and their bookable hours. */
  public EventTypeSettingsApi eventTypeSettings() {
    return eventTypeSettings;
  }

  /** A user's configured meeting locations. */
  public LocationsApi locations() {
    return locations;
  }

  /** Marking invitees as no-shows, and undoing it. */
  public NoShowsApi noShows() {
    return noShows;
  }

  /** Customised single-use links. */
  public SharesApi shares() {
    return shares;
  }

  /** Routing forms and their submissions. */
  public RoutingFormsApi routingForms() {
    return routingForms;
  }

  /** Groups and group relationships. */
  public GroupsApi groups() {
    return groups;
  }

  /** The organization's activity log (Enterprise). */
  public ActivityLogApi activityLog() {
    return activityLog;
  }

  /** Contacts, contact lists, custom field definitions and notes. */
  public ContactsApi contacts() {
    return contacts;
  }

  /** Notetaker meeting recaps and transcripts. */
  public MeetingRecapsApi meetingRecaps() {
    return meetingRecaps;
  }
}
