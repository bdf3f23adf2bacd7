package dev.calendlymcp.calendly;

import java.util.Objects;

/**
 * Calendly's API v2 for one token source, grouped the way Calendly's reference groups it. Cheap to
 * create: every client shares the connection pool of the {@link CalendlyHttp} it is built on, so
 * a server can hold one client per user or grant.
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

  private CalendlyClient(CalendlyHttp http, TokenSource tokens) {
    RestCalls rest = new RestCalls(http, tokens);
    this.users = new UsersApi(rest);
    this.eventTypes = new EventTypesApi(rest);
    this.scheduledEvents = new ScheduledEventsApi(rest);
    this.scheduling = new SchedulingApi(rest);
  }

  public static CalendlyClient create(CalendlyHttp http, TokenSource tokens) {
    return new CalendlyClient(Objects.requireNonNull(http, "http"), Objects.requireNonNull(tokens, "tokens"));
  }

  public static CalendlyClient create(CalendlyHttp http, AccessToken token) {
    return create(http, TokenSource.of(token));
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
}
