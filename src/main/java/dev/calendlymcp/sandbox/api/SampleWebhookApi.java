package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.ExtraStore;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /sample_webhook_data}: the delivery body a subscription would receive for one event,
 * built from the caller's own data where there is some (their latest invitee, routing form
 * submission, recap or contact), so a receiver can be tested without waiting for the event. The
 * same rules as subscribing apply: the event's plan, its allowed subscription scopes and its read
 * scope. {@code *.deleted} events carry Calendly's tombstone: the URI and {@code deleted_at}.
 */
public final class SampleWebhookApi {

  private final ApiContext context;
  private final ExtraStore extras;
  private final RoutingFormsApi routing;
  private final ContactsApi contacts;
  private final MeetingRecapsApi recaps;

  public SampleWebhookApi(
      ApiContext context, ExtraStore extras, RoutingFormsApi routing, ContactsApi contacts, MeetingRecapsApi recaps) {
    this.context = context;
    this.extras = extras;
    this.routing = routing;
    this.contacts = contacts;
    this.recaps = recaps;
  }

  /** Registers the route. */
  public void register(Router router) {
    router.read("GET", "/sample_webhook_data", "webhooks:read", this::sample);
  }

  private ApiResponse sample(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String event = params.oneOf("event", List.copyOf(WebhooksApi.EVENTS.keySet()));
    if (!params.present("event")) {
      params.problems().add("event", "is required");
    }
    WebhooksApi.Target target = WebhooksApi.Target.read(params);
    String organization = target.organization();
    String scope = target.scope();
    String user = target.user();
    String group = target.group();
    WebhooksApi.EventRule rule = event == null ? null : WebhooksApi.EVENTS.get(event);
    if (rule != null && scope != null && !rule.subscriptionScopes().contains(scope)) {
      params.problems().add("scope", event + " can only be sent with scope " + String.join(" or ", rule.subscriptionScopes()));
    }
    params.problems().throwIfAny();
    SandboxStore store = context.store();
    Access.referencedOrganization(store, caller, organization);
    if ("organization".equals(scope)) {
      Access.requireAdmin(caller);
    } else if ("user".equals(scope)) {
      Access.referencedUser(store, caller, user);
      Access.requireSelfOrAdmin(caller, user);
    } else if (extras.group(group).filter(g -> g.organizationUuid().equals(caller.organizationUuid())).isEmpty()) {
      throw ApiException.notFound();
    }
    if (rule.needsPaidPlan()) {
      Access.requirePaidPlan(caller);
    }
    if (!Scopes.grants(caller.token().scopes(), rule.authScope())) {
      throw ApiException.forbidden("The token needs the " + rule.authScope() + " scope for " + event + " events.");
    }
    String subject = user != null ? user : caller.userUuid();
    ObjectNode body = Json.object();
    body.put("event", event);
    body.put("created_at", Json.timestamp(context.now()));
    body.put("created_by", context.uris().user(caller.userUuid()));
    body.set("payload", payload(event, subject, caller));
    return ApiResponse.json(200, body);
  }

  private JsonNode payload(String event, String userUuid, Caller caller) {
    String resource = event.substring(0, event.indexOf('.'));
    if (event.endsWith(".deleted") && !resource.equals("invitee_no_show")) {
      ObjectNode tombstone = Json.object();
      tombstone.put("uri", context.uris().base() + "/" + collection(resource) + "/" + context.ids().uuid());
      tombstone.put("deleted_at", Json.timestamp(context.now()));
      return tombstone;
    }
    return switch (resource) {
      case "invitee", "invitee_no_show" -> inviteePayload(event, userUuid);
      case "routing_form_submission" -> extras.formsOf(caller.organizationUuid()).stream()
          .flatMap(f -> extras.submissionsOf(f.uuid()).stream())
          .max(Comparator.comparing(ExtraStore.Submission::createdAt))
          .<JsonNode>map(routing::submission).orElseGet(Json::object);
      case "event_type" -> context.store().eventTypesOf(userUuid).stream().findFirst()
          .<JsonNode>map((EventType type) -> context.views().eventType(type)).orElseGet(Json::object);
      case "meeting_recap" -> extras.recaps().stream().filter(r -> r.ownerUuid().equals(userUuid))
          .max(Comparator.comparing(ExtraStore.Recap::start))
          .<JsonNode>map(recaps::recap).orElseGet(Json::object);
      default -> extras.contactsOf(userUuid).stream().findFirst()
          .<JsonNode>map(contacts::contact).orElseGet(Json::object);
    };
  }

  private static String collection(String resource) {
    return switch (resource) {
      case "event_type" -> "event_types";
      case "meeting_recap" -> "meeting_recaps";
      default -> "contacts";
    };
  }

  private JsonNode inviteePayload(String event, String userUuid) {
    SandboxStore store = context.store();
    Optional<Invitee> latest = store.eventsOfHost(userUuid).stream()
        .sorted(Comparator.comparing(ScheduledEvent::start).reversed())
        .flatMap(e -> store.inviteesOf(e.uuid()).stream())
        .findFirst();
    if (latest.isEmpty()) {
      return Json.object();
    }
    Invitee invitee = latest.get();
    ObjectNode node = context.views().invitee(invitee);
    store.event(invitee.eventUuid()).ifPresent(e -> node.set("scheduled_event", context.views().scheduledEvent(e)));
    if (event.startsWith("invitee_no_show")) {
      ObjectNode noShow = Json.object();
      noShow.put("uri", context.uris().base() + "/invitee_no_shows/" + context.ids().uuid());
      noShow.put("invitee", context.uris().invitee(invitee.eventUuid(), invitee.uuid()));
      noShow.put("created_at", Json.timestamp(context.now()));
      return noShow;
    }
    return node;
  }
}
