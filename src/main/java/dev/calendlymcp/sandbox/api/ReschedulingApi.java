package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Route;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.Cancellation;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code POST /_sandbox/reschedulings/{invitee_uuid}} with {@code {"start_time": …}}: what an
 * invitee does on the page their {@code reschedule_url} opens. Calendly's API has no reschedule
 * call, so this is a sandbox endpoint (no token, like the other {@code /_sandbox} ones). As
 * Calendly does it (its "Webhook Payloads for Rescheduled Events" page): the old invitee is
 * canceled by the invitee with {@code rescheduled: true} and {@code new_invitee}, a new invitee on
 * a new event has {@code old_invitee}, and subscribers get {@code invitee.canceled} then {@code
 * invitee.created}. Answers 201 with the new invitee.
 */
public final class ReschedulingApi {

  private final ApiContext context;
  private final WebhookEvents webhookEvents;

  public ReschedulingApi(ApiContext context) {
    this.context = context;
    this.webhookEvents = new WebhookEvents(context);
  }

  /** Registers the route: an admin route, but under the store's write lock like a booking. */
  public void register(Router router) {
    router.add(new Route("POST", "/_sandbox/reschedulings/{uuid}", Route.Kind.ADMIN, List.of(), Route.Lock.WRITE,
        this::reschedule));
  }

  private ApiResponse reschedule(ApiRequest request) {
    Body body = context.body(request);
    Instant start = body.requiredInstant("start_time");
    body.problems().throwIfAny();
    SandboxStore store = context.store();
    Invitee old = store.invitee(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    ScheduledEvent oldEvent = store.event(old.eventUuid()).orElseThrow(ApiException::notFound);
    Instant now = context.now();
    if (!old.isActive() || !oldEvent.isActive()) {
      throw ApiException.forbidden("This booking was canceled and can no longer be rescheduled.");
    }
    if (!oldEvent.start().isAfter(now)) {
      throw ApiException.forbidden("This meeting has already started and can no longer be rescheduled.");
    }
    EventType eventType = store.eventType(oldEvent.eventTypeUuid()).orElseThrow(ApiException::notFound);
    if (!start.isAfter(now)) {
      throw ApiException.invalid("start_time", "must be in the future");
    }
    if (!context.availability().isBookable(eventType, now, start)) {
      throw ApiException.invalid("start_time",
          "That time is unavailable; pick a start_time from GET /event_type_available_times");
    }

    Cancellation cancellation = new Cancellation(old.name(), null, "invitee", now);
    Invitee canceled = old.canceled(cancellation);
    store.putInvitee(canceled);
    boolean othersStay = store.inviteesOf(oldEvent.uuid()).stream().anyMatch(Invitee::isActive);
    ScheduledEvent canceledEvent = othersStay ? oldEvent : oldEvent.canceled(cancellation);
    store.putEvent(canceledEvent);

    ScheduledEvent event =
        new ScheduledEvent(
            context.ids().uuid(), eventType.uuid(), oldEvent.organizationUuid(), eventType.name(), Status.ACTIVE,
            start, start.plus(Duration.ofMinutes(eventType.durationMinutes())), oldEvent.hostUuids(),
            oldEvent.location(), oldEvent.inviteesLimit(), List.of(), null, eventType.bufferBeforeMinutes(),
            eventType.bufferAfterMinutes(), now, now);
    store.putEvent(event);
    Invitee booked =
        new Invitee(
            context.ids().uuid(), event.uuid(), old.email(), old.name(), old.firstName(), old.lastName(),
            Status.ACTIVE, old.timezone(), old.questionsAndAnswers(), old.tracking(), old.textReminderNumber(),
            null, now, now, null, null);
    store.putInvitee(booked);
    store.linkReschedule(old.uuid(), booked.uuid());

    webhookEvents.queue(request, "invitee.canceled", canceled, canceledEvent);
    webhookEvents.queue(request, "invitee.created", booked, event);
    return ApiResponse.resource(201, context.views().invitee(booked));
  }
}
