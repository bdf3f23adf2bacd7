package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Scheduled events (booked meetings) and their invitees: list and read them, and cancel an event.
 * Cancelling is whole-event only and also cancels every invitee; there is no reschedule call
 * (reschedule = cancel + book again through {@link SchedulingApi}).
 */
public final class ScheduledEventsApi {

  private final RestCalls rest;

  ScheduledEventsApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code GET /scheduled_events}: one page; {@code page} null for the first page at Calendly's
   * default size. A query naming a {@code user} without an {@code organization} must name the
   * token's own user (Calendly answers 403 otherwise, even to an admin); the caller knows who that
   * is, so the client does not spend a {@code GET /users/me} on every list to check it.
   */
  public Mono<Page<ScheduledEvent>> list(ScheduledEventQuery query, PageRequest page) {
    return Mono.fromCallable(() -> required(query).toQuery())
        .flatMap(
            q -> rest.page(Endpoint.LIST_SCHEDULED_EVENTS, List.of(), q, page, ScheduledEvent.class));
  }

  /**
   * {@code GET /scheduled_events}: every match, fetched {@code pageSize} (1–100) at a time; the
   * query follows the rule of {@link #list}.
   */
  public Flux<ScheduledEvent> listAll(ScheduledEventQuery query, int pageSize) {
    return Flux.defer(
        () -> {
          required(query).toQuery();
          PageRequest.first(pageSize);
          return rest.all(
              Endpoint.LIST_SCHEDULED_EVENTS, List.of(), query::toQuery, pageSize, ScheduledEvent.class);
        });
  }

  /** {@code GET /scheduled_events/{uuid}}; takes the event's URI or UUID. */
  public Mono<ScheduledEvent> get(String eventUriOrUuid) {
    return Mono.fromCallable(() -> List.of(CalendlyIds.uuid(eventUriOrUuid, "event")))
        .flatMap(ids -> read(Endpoint.GET_SCHEDULED_EVENT, ids, ScheduledEvent.class));
  }

  /**
   * {@code POST /scheduled_events/{uuid}/cancellation}: cancels the event and every invitee of it,
   * who are notified by Calendly. Calendly refuses (403) an event that is already canceled or over.
   *
   * @param reason shown to the invitees; null or blank for none
   */
  public Mono<Cancellation> cancel(String eventUriOrUuid, String reason) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(eventUriOrUuid, "event"))
        .flatMap(
            uuid ->
                rest.resource(
                    Endpoint.CANCEL_SCHEDULED_EVENT,
                    List.of(uuid),
                    new CancellationBody(reason == null || reason.isBlank() ? null : reason),
                    Cancellation.class));
  }

  /** {@code GET /scheduled_events/{uuid}/invitees}: one page of the event's invitees. */
  public Mono<Page<Invitee>> listInvitees(
      String eventUriOrUuid, InviteeQuery query, PageRequest page) {
    return Mono.fromCallable(
            () -> new Call(CalendlyIds.uuid(eventUriOrUuid, "event"), required(query).toQuery()))
        .flatMap(
            call ->
                rest.page(
                    Endpoint.LIST_EVENT_INVITEES, List.of(call.uuid()), call.query(), page, Invitee.class));
  }

  /** {@code GET /scheduled_events/{uuid}/invitees}: every match, {@code pageSize} at a time. */
  public Flux<Invitee> listAllInvitees(String eventUriOrUuid, InviteeQuery query, int pageSize) {
    return Flux.defer(
        () -> {
          String uuid = CalendlyIds.uuid(eventUriOrUuid, "event");
          required(query).toQuery();
          return rest.all(
              Endpoint.LIST_EVENT_INVITEES, List.of(uuid), query::toQuery, pageSize, Invitee.class);
        });
  }

  /** {@code GET /scheduled_events/{event_uuid}/invitees/{invitee_uuid}}; each a URI or UUID. */
  public Mono<Invitee> getInvitee(String eventUriOrUuid, String inviteeUriOrUuid) {
    return Mono.fromCallable(
            () ->
                List.of(
                    CalendlyIds.uuid(eventUriOrUuid, "event"),
                    CalendlyIds.uuid(inviteeUriOrUuid, "invitee")))
        .flatMap(ids -> read(Endpoint.GET_EVENT_INVITEE, ids, Invitee.class));
  }

  /**
   * {@code GET /scheduled_events/{event_uuid}/invitees/{invitee_uuid}} from the invitee's URI alone
   * ({@code …/scheduled_events/EVENT/invitees/INVITEE}), which names both.
   */
  public Mono<Invitee> getInvitee(String inviteeUri) {
    return Mono.fromCallable(() -> eventAndInvitee(inviteeUri))
        .flatMap(ids -> read(Endpoint.GET_EVENT_INVITEE, ids, Invitee.class));
  }

  private <T> Mono<T> read(Endpoint endpoint, List<String> ids, Class<T> type) {
    return rest.resource(endpoint, ids, new OutboundRequest.Query(), type);
  }

  private static List<String> eventAndInvitee(String inviteeUri) {
    URI uri = CalendlyIds.uri(inviteeUri, "invitee");
    String[] segments = uri.getPath().split("/");
    int n = segments.length;
    if (n >= 4 && segments[n - 4].equals("scheduled_events") && segments[n - 2].equals("invitees")) {
      return List.of(
          CalendlyIds.uuid(segments[n - 3], "invitee"), CalendlyIds.uuid(segments[n - 1], "invitee"));
    }
    throw Arguments.invalid(
        "invitee",
        "must be an invitee URI such as"
            + " https://api.calendly.com/scheduled_events/EVENT/invitees/INVITEE, got "
            + inviteeUri);
  }

  private static ScheduledEventQuery required(ScheduledEventQuery query) {
    if (query == null) {
      throw Arguments.invalid(
          "query",
          "is required: use ScheduledEventQuery.forUser(…), forMember(…), forOrganization(…) or"
              + " forGroup(…)");
    }
    return query;
  }

  private static InviteeQuery required(InviteeQuery query) {
    if (query == null) {
      throw Arguments.invalid("query", "is required: use InviteeQuery.all() for no filter");
    }
    return query;
  }

  /** The cancellation request body; a null reason is left out. */
  record CancellationBody(String reason) {}

  private record Call(String uuid, OutboundRequest.Query query) {}
}
