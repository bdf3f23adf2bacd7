package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Problems;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.ExtraStore;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notetaker recaps: paid plans only. A user reads and changes the recaps of meetings they hosted;
 * an admin or owner may also filter by another user or the whole organization. The list shows
 * {@code available} recaps unless a status is asked for.
 */
public final class MeetingRecapsApi {

  private static final List<String> STATUSES = List.of("available", "processing", "unavailable");
  private static final Set<String> EDITABLE = Set.of("summary_md", "action_items_md", "discussion_md");

  private final ApiContext context;
  private final ExtraStore extras;
  private final ResourceWebhooks webhooks;

  public MeetingRecapsApi(ApiContext context, ExtraStore extras) {
    this.context = context;
    this.extras = extras;
    this.webhooks = new ResourceWebhooks(context);
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/meeting_recaps", "meeting_recaps:read", this::list);
    router.read("GET", "/meeting_recaps/{uuid}", "meeting_recaps:read", this::get);
    router.write("PATCH", "/meeting_recaps/{uuid}", "meeting_recaps:write", this::update);
    router.write("DELETE", "/meeting_recaps/{uuid}", "meeting_recaps:write", this::delete);
    router.read("GET", "/meeting_recaps/{uuid}/transcript", "meeting_recaps:read", this::transcript);
  }

  private ApiResponse list(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String event = params.uri("event", "scheduled_events");
    String user = params.uri("user", "users");
    String organization = params.uri("organization", "organizations");
    String attendee = params.string("attendee");
    String status = params.oneOf("status", STATUSES);
    Instant min = params.instant("min_start_time");
    Instant max = params.instant("max_start_time");
    Pagination.Sort<ExtraStore.Recap> sort = Pagination.sort(params, "start_time:desc",
        Map.<String, Function<ExtraStore.Recap, Object>>of(
            "start_time", r -> Pagination.instantKey(r.start()),
            "created_at", r -> Pagination.instantKey(r.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    Access.requirePaidPlan(caller);
    if (organization != null) {
      Access.referencedOrganization(context.store(), caller, organization);
      Access.requireAdmin(caller);
    }
    if (user != null) {
      Access.referencedUser(context.store(), caller, user);
      Access.requireSelfOrAdmin(caller, user);
    }
    String wanted = status == null ? "available" : status;
    String owner = organization != null && user == null ? null : (user == null ? caller.userUuid() : user);
    String email = attendee == null ? null : attendee.strip().toLowerCase(Locale.ROOT);
    List<ExtraStore.Recap> found = extras.recaps().stream()
        .filter(r -> r.organizationUuid().equals(caller.organizationUuid()))
        .filter(r -> owner == null || r.ownerUuid().equals(owner))
        .filter(r -> r.status().equals(wanted))
        .filter(r -> event == null || event.equals(r.eventUuid()))
        .filter(r -> email == null || r.attendees().stream().anyMatch(a -> a.email().equalsIgnoreCase(email)))
        .filter(r -> min == null || !r.start().isBefore(min))
        .filter(r -> max == null || !r.start().isAfter(max))
        .toList();
    return Pagination.page(request, context.uris().base(), found, sort, ExtraStore.Recap::uuid, page, this::recap);
  }

  private ApiResponse get(ApiRequest request) {
    return ApiResponse.resource(recap(visible(request)));
  }

  private ApiResponse transcript(ApiRequest request) {
    ExtraStore.Recap recap = visible(request);
    if (recap.transcript() == null) {
      throw ApiException.notFound();
    }
    ObjectNode node = Json.object();
    node.put("meeting_recap", uri(recap));
    node.put("text", recap.transcript());
    return ApiResponse.resource(node);
  }

  private ApiResponse update(ApiRequest request) {
    JsonNode body = request.jsonBody();
    Problems problems = new Problems();
    if (body == null || !body.isObject()) {
      problems.add("body", "must be a JSON object");
      problems.throwIfAny();
    }
    for (String name : body.propertyNames()) {
      if (!EDITABLE.contains(name)) {
        problems.add(name, "is not a field of a recap update; send summary_md, action_items_md or discussion_md");
      } else if (!body.get(name).isNull() && !body.get(name).isString()) {
        problems.add(name, "must be a string or null");
      }
    }
    problems.throwIfAny();
    ExtraStore.Recap recap = visible(request);
    ExtraStore.Recap changed = recap.withHighlights(
        field(body, "summary_md", recap.summaryMd()), field(body, "action_items_md", recap.actionItemsMd()),
        field(body, "discussion_md", recap.discussionMd()), context.now());
    extras.putRecap(changed);
    ObjectNode view = recap(changed);
    webhooks.queue(request, "meeting_recap.updated", changed.organizationUuid(), changed.ownerUuid(),
        request.caller().userUuid(), view.deepCopy());
    return ApiResponse.resource(view);
  }

  private static String field(JsonNode body, String name, String current) {
    if (!body.has(name)) {
      return current;
    }
    return body.get(name).isNull() ? null : body.get(name).stringValue();
  }

  private ApiResponse delete(ApiRequest request) {
    ExtraStore.Recap recap = visible(request);
    extras.removeRecap(recap.uuid());
    webhooks.queue(request, "meeting_recap.deleted", recap.organizationUuid(), recap.ownerUuid(),
        request.caller().userUuid(), webhooks.tombstone(uri(recap)));
    return ApiResponse.noContent();
  }

  // Another user's recap is a 404 to a member (it does not reveal it exists), readable by an admin.
  private ExtraStore.Recap visible(ApiRequest request) {
    Caller caller = request.caller();
    ExtraStore.Recap recap = extras.recap(request.pathVariable("uuid"))
        .filter(r -> r.organizationUuid().equals(caller.organizationUuid()))
        .filter(r -> r.ownerUuid().equals(caller.userUuid()) || caller.isAdmin())
        .orElseThrow(ApiException::notFound);
    Access.requirePaidPlan(caller);
    return recap;
  }

  private String uri(ExtraStore.Recap recap) {
    return context.uris().base() + "/meeting_recaps/" + recap.uuid();
  }

  ObjectNode recap(ExtraStore.Recap recap) {
    ObjectNode node = Json.object();
    node.put("uri", uri(recap));
    node.put("status", recap.status());
    node.put("event", recap.eventUuid() == null ? null : context.uris().scheduledEvent(recap.eventUuid()));
    node.put("title", recap.title());
    node.put("start_time", Json.timestamp(recap.start()));
    node.put("end_time", Json.timestamp(recap.end()));
    ArrayNode attendees = node.putArray("attendees");
    recap.attendees().forEach(a -> attendees.addObject().put("name", a.name()).put("email", a.email()));
    node.put("summary_md", recap.summaryMd());
    node.put("action_items_md", recap.actionItemsMd());
    node.put("discussion_md", recap.discussionMd());
    node.put("created_at", Json.timestamp(recap.createdAt()));
    node.put("updated_at", Json.timestamp(recap.updatedAt()));
    return node;
  }
}
