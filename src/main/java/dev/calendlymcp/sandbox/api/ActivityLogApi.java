package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.ExtraStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * The activity log: Enterprise only, and admins and owners only, since it shows everyone's
 * actions. Besides the page it answers {@code total_count}, {@code exceeds_max_total_count} and
 * {@code last_event_time} as Calendly does. The search term is matched as plain text.
 */
public final class ActivityLogApi {

  private static final int MAX_TOTAL_COUNT = 10_000;

  private final ApiContext context;
  private final ExtraStore extras;

  public ActivityLogApi(ApiContext context, ExtraStore extras) {
    this.context = context;
    this.extras = extras;
  }

  /** Registers the route. */
  public void register(Router router) {
    router.read("GET", "/activity_log_entries", "activity_log:read", this::list);
  }

  private ApiResponse list(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String organization = params.requiredUri("organization", "organizations");
    String actor = params.uri("actor", "users");
    String namespace = params.string("namespace");
    String action = params.string("action");
    String search = params.string("search_term");
    Instant min = params.instant("min_occurred_at");
    Instant max = params.instant("max_occurred_at");
    Pagination.Sort<ExtraStore.ActivityEntry> sort = Pagination.sort(params, "occurred_at:desc",
        Map.<String, Function<ExtraStore.ActivityEntry, Object>>of(
            "occurred_at", e -> Pagination.instantKey(e.occurredAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    Access.referencedOrganization(context.store(), caller, organization);
    Access.requireEnterprise(caller, "The activity log");
    Access.requireAdmin(caller);
    String needle = search == null ? null : search.replace("\"", "").strip().toLowerCase(Locale.ROOT);
    List<ExtraStore.ActivityEntry> found = extras.activityOf(organization).stream()
        .filter(e -> actor == null || actor.equals(e.actorUserUuid()))
        .filter(e -> namespace == null || namespace.equals(e.namespace()))
        .filter(e -> action == null || action.equals(e.action()))
        .filter(e -> min == null || !e.occurredAt().isBefore(min))
        .filter(e -> max == null || e.occurredAt().isBefore(max))
        .filter(e -> needle == null || needle.isEmpty() || text(e).contains(needle))
        .toList();
    ApiResponse response = Pagination.page(request, context.uris().base(), found, sort,
        ExtraStore.ActivityEntry::uuid, page, this::entry);
    ObjectNode body = (ObjectNode) Json.parse(response.body());
    body.put("total_count", Math.min(found.size(), MAX_TOTAL_COUNT));
    body.put("exceeds_max_total_count", found.size() > MAX_TOTAL_COUNT);
    body.put("last_event_time", found.stream().map(ExtraStore.ActivityEntry::occurredAt)
        .max(Comparator.naturalOrder()).map(Json::timestamp).orElse(null));
    return ApiResponse.json(200, body);
  }

  private String text(ExtraStore.ActivityEntry entry) {
    return (entry.namespace() + " " + entry.action() + " " + entry.details()).toLowerCase(Locale.ROOT);
  }

  private ObjectNode entry(ExtraStore.ActivityEntry entry) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/activity_log_entries/" + entry.uuid());
    node.put("occurred_at", Json.timestamp(entry.occurredAt()));
    node.put("namespace", entry.namespace());
    node.put("action", entry.action());
    node.put("fully_qualified_name", entry.namespace() + "." + entry.action());
    ObjectNode actor = node.putObject("actor");
    context.store().user(entry.actorUserUuid()).ifPresent(user -> {
      actor.put("uri", context.uris().user(user.uuid()));
      actor.put("type", "User");
      actor.put("display_name", user.name());
      actor.put("alternative_identifier", user.email());
    });
    node.put("organization", context.uris().organization(entry.organizationUuid()));
    node.set("details", entry.details().deepCopy());
    return node;
  }
}
