package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Handler;
import dev.calendlymcp.sandbox.http.Route;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.ExtraStore;
import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.seed.ExtrasSeeder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What happens in Calendly outside its API, so that the sandbox can send the webhook events that
 * only those moments cause. Sandbox admin routes (no token; the sandbox listens on loopback only):
 *
 * <ul>
 *   <li>{@code DELETE /_sandbox/event_types/{uuid}}: the owner deletes an event type in Calendly's
 *       app (the API deletes none). Answers 204 and sends {@code event_type.deleted} with
 *       Calendly's tombstone ({@code uri}, {@code deleted_at}). Its meetings stay.
 *   <li>{@code POST /_sandbox/meeting_recaps} {@code {"event": <scheduled event URI>}}: Notetaker
 *       finishes the recap of a meeting that has ended, in an organization on a paid plan, one
 *       recap a meeting. Answers 201 with the recap as {@code GET /meeting_recaps/{uuid}} shows it
 *       and sends {@code meeting_recap.created} with the same.
 *   <li>{@code POST /_sandbox/routing_form_submissions} {@code {"form": <routing form URI>,
 *       "answers": {<question uuid>: <answer>}, "event_type": <URI, optional>}}: a visitor submits
 *       a routing form and is routed to the event type (by default the first active one of the
 *       organization's owner). Required questions need an answer, a select's answer must be one
 *       of its choices. Answers 201 with the submission as its GET shows it (no submitter yet:
 *       the visitor has not booked) and sends {@code routing_form_submission.created}.
 * </ul>
 *
 * The events reach subscriptions as the API's own changes do ({@link ResourceWebhooks}): active,
 * listing the event, of the resource's organization, organization-scoped or scoped to its owner.
 * {@code created_by} is the event type's owner, the recap's owner, or for a visitor's submission
 * the organization's owner.
 */
public final class AppActionsApi {

  private final ApiContext context;
  private final ExtraStore extras;
  private final RoutingFormsApi routing;
  private final MeetingRecapsApi recaps;
  private final ResourceWebhooks webhooks;

  public AppActionsApi(ApiContext context, ExtraStore extras, RoutingFormsApi routing, MeetingRecapsApi recaps) {
    this.context = context;
    this.extras = extras;
    this.routing = routing;
    this.recaps = recaps;
    this.webhooks = new ResourceWebhooks(context);
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.add(admin("DELETE", "/_sandbox/event_types/{uuid}", this::deleteEventType));
    router.add(admin("POST", "/_sandbox/meeting_recaps", this::createRecap));
    router.add(admin("POST", "/_sandbox/routing_form_submissions", this::submitForm));
  }

  // Admin routes lock nothing by default; these change the store and publish after the commit.
  private static Route admin(String method, String template, Handler handler) {
    return new Route(method, template, Route.Kind.ADMIN, List.of(), Route.Lock.WRITE, handler);
  }

  private ApiResponse deleteEventType(ApiRequest request) {
    SandboxStore store = context.store();
    EventType eventType = store.eventType(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    String organization = store.membershipOfUser(eventType.ownerUuid())
        .map(Membership::organizationUuid).orElseThrow(ApiException::notFound);
    store.removeEventType(eventType.uuid());
    webhooks.queue(request, "event_type.deleted", organization, eventType.ownerUuid(), eventType.ownerUuid(),
        webhooks.tombstone(context.uris().eventType(eventType.uuid())));
    return ApiResponse.noContent();
  }

  private ApiResponse createRecap(ApiRequest request) {
    Body body = context.body(request);
    String eventUuid = body.requiredUri("event", "scheduled_events");
    body.problems().throwIfAny();
    SandboxStore store = context.store();
    ScheduledEvent event = store.event(eventUuid).orElseThrow(ApiException::notFound);
    boolean paid = store.organization(event.organizationUuid()).map(o -> o.plan().isPaid()).orElse(false);
    if (!paid) {
      throw ApiException.forbidden("Notetaker recaps need a paid Calendly plan.");
    }
    if (!event.isActive() || event.hostUuids().isEmpty()) {
      throw ApiException.invalid("event", "must be an active meeting with a host");
    }
    if (event.end().isAfter(context.now())) {
      throw ApiException.invalid("event", "has not ended yet; Notetaker makes a recap after the meeting");
    }
    if (extras.recaps().stream().anyMatch(r -> event.uuid().equals(r.eventUuid()))) {
      throw ApiException.conflict("This meeting already has a recap.");
    }
    ExtraStore.Recap recap = ExtrasSeeder.recapOf(store, event, context.ids().uuid(), context.now());
    extras.putRecap(recap);
    ObjectNode view = recaps.recap(recap);
    webhooks.queue(request, "meeting_recap.created", recap.organizationUuid(), recap.ownerUuid(), recap.ownerUuid(),
        view.deepCopy());
    return ApiResponse.resource(201, view);
  }

  private ApiResponse submitForm(ApiRequest request) {
    Body body = context.body(request);
    String formUuid = body.requiredUri("form", "routing_forms");
    Body answers = body.object("answers");
    String eventTypeUuid = body.has("event_type") ? body.requiredUri("event_type", "event_types") : null;
    body.problems().throwIfAny();
    SandboxStore store = context.store();
    ExtraStore.RoutingForm form = extras.form(formUuid).orElseThrow(ApiException::notFound);
    Organization organization = store.organization(form.organizationUuid()).orElseThrow(ApiException::notFound);
    String owner = store.membershipsOf(organization.uuid()).stream()
        .filter(m -> m.role() == Role.OWNER).map(Membership::userUuid).findFirst()
        .orElseThrow(ApiException::notFound);
    List<ExtraStore.Answer> given = answers(form, answers, body);
    EventType routedTo = routedTo(store, organization, owner, eventTypeUuid, body);
    body.problems().throwIfAny();
    ExtraStore.Submission submission = new ExtraStore.Submission(
        context.ids().uuid(), form.uuid(), given, routedTo.uuid(), null, null, context.now());
    extras.putSubmission(submission);
    ObjectNode view = routing.submission(submission);
    webhooks.queue(request, "routing_form_submission.created", organization.uuid(), owner, owner, view.deepCopy());
    return ApiResponse.resource(201, view);
  }

  /** The answers in the form's question order; problems for unknown, missing or unlisted ones. */
  private static List<ExtraStore.Answer> answers(ExtraStore.RoutingForm form, Body answers, Body body) {
    Map<String, ExtraStore.FormQuestion> questions = new LinkedHashMap<>();
    form.questions().forEach(q -> questions.put(q.uuid(), q));
    JsonNode raw = body.raw("answers");
    if (raw != null && answers != null) {
      for (String key : raw.propertyNames()) {
        if (!questions.containsKey(key)) {
          body.problems().add(answers.name(key), "is not a question of this form; key answers by question uuid");
        }
      }
    }
    List<ExtraStore.Answer> given = new ArrayList<>();
    for (ExtraStore.FormQuestion question : questions.values()) {
      String answer = answers == null ? null : answers.string(question.uuid(), 10_000);
      if (answer == null || answer.isBlank()) {
        if (question.required()) {
          body.problems().add("answers." + question.uuid(), "is required (" + question.name() + ")");
        }
        continue;
      }
      if (!question.answerChoices().isEmpty() && !question.answerChoices().contains(answer)) {
        body.problems().add(answers.name(question.uuid()),
            "must be one of: " + String.join(", ", question.answerChoices()));
      }
      given.add(new ExtraStore.Answer(question.uuid(), question.name(), answer));
    }
    return given;
  }

  /** The event type the visitor is routed to; null, with a problem, when there is none. */
  private static EventType routedTo(
      SandboxStore store, Organization organization, String owner, String eventTypeUuid, Body body) {
    if (eventTypeUuid == null) {
      Optional<EventType> first = store.eventTypesOf(owner).stream().filter(EventType::active).findFirst();
      if (first.isEmpty()) {
        body.problems().add("event_type", "is required: the organization's owner has no active event type");
      }
      return first.orElse(null);
    }
    Optional<EventType> named = store.eventType(eventTypeUuid).filter(t -> store.membershipOfUser(t.ownerUuid())
        .map(m -> m.organizationUuid().equals(organization.uuid())).orElse(false));
    if (named.isEmpty()) {
      body.problems().add("event_type", "must be an event type of the form's organization");
    }
    return named.orElse(null);
  }
}
