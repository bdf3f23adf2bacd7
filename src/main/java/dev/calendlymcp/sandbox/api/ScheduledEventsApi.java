package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.Cancellation;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Endpoints 6–10: list and get scheduled events, cancel one, list and get its invitees.
 *
 * <p>A scheduled event is visible to its hosts and to admins and owners of its organization;
 * other members get 403, other organizations 404.
 */
public final class ScheduledEventsApi {

  private final ApiContext context;
  private final WebhookEvents webhookEvents;

  public ScheduledEventsApi(ApiContext context) {
    this.context = context;
    this.webhookEvents = new WebhookEvents(context);
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/scheduled_events", "scheduled_events:read", this::list);
    router.read("GET", "/scheduled_events/{uuid}", "scheduled_events:read", this::get);
    router.write(
        "POST", "/scheduled_events/{uuid}/cancellation", "scheduled_events:write", this::cancel);
    router.read("GET", "/scheduled_events/{uuid}/invitees", "scheduled_events:read", this::invitees);
    router.read(
        "GET",
        "/scheduled_events/{event_uuid}/invitees/{invitee_uuid}",
        "scheduled_events:read",
        this::invitee);
  }

  private ApiResponse list(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Params params = context.params(request);
    String user = params.uri("user", "users");
    String organization = params.uri("organization", "organizations");
    String group = params.uri("group", "groups");
    if (!params.present("user") && !params.present("organization") && !params.present("group")) {
      params.problems().add("user", "one of user, organization or group is required");
      params.problems().add("organization", "one of user, organization or group is required");
    }
    String inviteeEmail = params.string("invitee_email");
    String status = params.oneOf("status", List.of("active", "canceled"));
    Instant minStart = params.instant("min_start_time");
    Instant maxStart = params.instant("max_start_time");
    Pagination.Sort<ScheduledEvent> sort =
        Pagination.sort(params, "start_time:asc",
            Map.<String, Function<ScheduledEvent, Object>>of(
                "start_time", event -> Pagination.instantKey(event.start())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();

    if (group != null) {
      // The sandbox has no groups, so every group URI names nothing.
      throw ApiException.notFound();
    }
    List<ScheduledEvent> found;
    if (user != null) {
      Access.referencedUser(store, caller, user);
      if (organization == null) {
        // Calendly's List Events page: "user can only be used alone when requesting your own
        // personal events"; an admin names the organization as well to see a teammate's.
        if (!caller.userUuid().equals(user)) {
          throw ApiException.forbidden();
        }
      } else {
        Access.referencedOrganization(store, caller, organization);
        Access.requireSelfOrAdmin(caller, user);
      }
      found = store.eventsOfHost(user);
    } else {
      Access.referencedOrganization(store, caller, organization);
      Access.requireAdmin(caller);
      found = store.eventsOfOrganization(organization);
    }
    String email = inviteeEmail == null ? null : inviteeEmail.toLowerCase(Locale.ROOT);
    List<ScheduledEvent> filtered =
        found.stream()
            .filter(e -> status == null || e.status().wireName().equals(status))
            .filter(e -> minStart == null || !e.start().isBefore(minStart))
            .filter(e -> maxStart == null || e.start().isBefore(maxStart))
            .filter(e -> organization == null || e.organizationUuid().equals(organization))
            .filter(e -> email == null || store.inviteesOf(e.uuid()).stream()
                .anyMatch(i -> i.email().toLowerCase(Locale.ROOT).equals(email)))
            .toList();
    return Pagination.page(
        request, context.uris().base(), filtered, sort, ScheduledEvent::uuid, page,
        context.views()::scheduledEvent);
  }

  private ApiResponse get(ApiRequest request) {
    ScheduledEvent event = visible(request.caller(), request.pathVariable("uuid"));
    return ApiResponse.resource(context.views().scheduledEvent(event));
  }

  private ApiResponse cancel(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    String reason = null;
    if (request.rawBody().length > 0) {
      Body body = context.body(request);
      reason = body.string("reason", 10_000);
      body.problems().throwIfAny();
    }
    ScheduledEvent event = visible(caller, request.pathVariable("uuid"));
    Instant now = context.now();
    if (!event.isActive()) {
      throw ApiException.forbidden("Event has already been canceled.");
    }
    if (!event.end().isAfter(now)) {
      throw ApiException.forbidden("Event has already ended and can no longer be canceled.");
    }
    Cancellation cancellation = new Cancellation(caller.user().name(), reason, "host", now);
    ScheduledEvent canceled = event.canceled(cancellation);
    store.putEvent(canceled);
    for (Invitee invitee : store.inviteesOf(event.uuid())) {
      if (invitee.isActive()) {
        Invitee gone = invitee.canceled(cancellation);
        store.putInvitee(gone);
        webhookEvents.queue(request, "invitee.canceled", gone, canceled);
      }
    }
    return ApiResponse.resource(201, context.views().cancellation(cancellation));
  }

  private ApiResponse invitees(ApiRequest request) {
    Params params = context.params(request);
    String status = params.oneOf("status", List.of("active", "canceled"));
    String email = params.string("email");
    Pagination.Sort<Invitee> sort =
        Pagination.sort(params, "created_at:asc",
            Map.<String, Function<Invitee, Object>>of(
                "created_at", invitee -> Pagination.instantKey(invitee.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    ScheduledEvent event = visible(request.caller(), request.pathVariable("uuid"));
    List<Invitee> filtered =
        context.store().inviteesOf(event.uuid()).stream()
            .filter(i -> status == null || i.status().wireName().equals(status))
            .filter(i -> email == null || i.email().equalsIgnoreCase(email))
            .toList();
    return Pagination.page(
        request, context.uris().base(), filtered, sort, Invitee::uuid, page, context.views()::invitee);
  }

  private ApiResponse invitee(ApiRequest request) {
    ScheduledEvent event = visible(request.caller(), request.pathVariable("event_uuid"));
    Invitee invitee =
        context.store().invitee(request.pathVariable("invitee_uuid"))
            .filter(i -> i.eventUuid().equals(event.uuid()))
            .orElseThrow(ApiException::notFound);
    return ApiResponse.resource(context.views().invitee(invitee));
  }

  /**
   * A scheduled event the caller may see: 404 when unknown or in another organization, 403 when
   * the caller is neither a host nor an admin or owner.
   */
  ScheduledEvent visible(Caller caller, String uuid) {
    ScheduledEvent event = context.store().event(uuid).orElseThrow(ApiException::notFound);
    if (!event.organizationUuid().equals(caller.organizationUuid())
        && !event.hostUuids().contains(caller.userUuid())) {
      throw ApiException.notFound();
    }
    if (!event.hostUuids().contains(caller.userUuid()) && !caller.isAdmin()) {
      throw ApiException.forbidden();
    }
    return event;
  }
}
