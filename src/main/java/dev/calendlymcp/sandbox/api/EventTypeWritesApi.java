package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Event type writes and what hangs off an event type: create and update one-on-one event types
 * ({@code /event_types}, since 2025-06-04, increment and buffers since 2026-11-13), list its hosts
 * ({@code /event_type_memberships}) and read or replace the hours it is bookable ({@code
 * /event_type_availability_schedules}). Changes land in the store the availability engine reads,
 * so the next available-times call already sees them.
 */
public final class EventTypeWritesApi {

  static final int MAX_NAME = 55;
  static final int MAX_DURATION = 720;
  static final int MAX_DURATION_OPTIONS = 4;
  static final Set<Integer> BUFFERS = Set.of(0, 5, 10, 15, 30, 45, 60, 90, 120, 150, 180);
  private static final int DEFAULT_DURATION = 30;
  private static final int DEFAULT_INCREMENT = 30;
  // Calendly's defaults for a new event type: 4 hours' notice, bookable 60 rolling days ahead.
  private static final int DEFAULT_NOTICE_MINUTES = 240;
  private static final int DEFAULT_MAX_DAYS = 60;
  private static final int MAX_LOCATIONS = 10;
  private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
  private static final String SOLO_ONLY = "Currently, this endpoint only supports one-on-one event types (kind: solo).";

  private final ApiContext context;
  private final EventTypesApi eventTypes;
  private final ResourceWebhooks webhooks;

  public EventTypeWritesApi(ApiContext context, EventTypesApi eventTypes) {
    this.context = context;
    this.eventTypes = eventTypes;
    this.webhooks = new ResourceWebhooks(context);
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.write("POST", "/event_types", "event_types:write", this::create);
    router.write("PATCH", "/event_types/{uuid}", "event_types:write", this::update);
    router.read("GET", "/event_type_memberships", "event_types:read", this::hosts);
    router.read("GET", "/event_type_availability_schedules", "availability:read", this::availability);
    router.write("PATCH", "/event_type_availability_schedules", "availability:write", this::updateAvailability);
  }

  /** The settings a create or update body carries; null where the body leaves a field out. */
  private record Settings(
      String name,
      Integer duration,
      List<Integer> durationOptions,
      String description,
      String color,
      Boolean active,
      String locale,
      List<EventTypeLocation> locations,
      Integer increment,
      Integer bufferBefore,
      Integer bufferAfter) {}

  private static Settings settings(Body body) {
    String name = body.string("name", MAX_NAME);
    if (name != null && name.isBlank()) {
      body.problems().add("name", "must not be blank");
    }
    Integer duration = body.integer("duration", 1, MAX_DURATION);
    List<Integer> options = null;
    List<JsonNode> rawOptions = body.array("duration_options", MAX_DURATION_OPTIONS);
    if (rawOptions != null) {
      options = new ArrayList<>();
      for (JsonNode option : rawOptions) {
        if (!option.isIntegralNumber() || option.intValue() < 1 || option.intValue() > MAX_DURATION) {
          body.problems().add("duration_options", "must contain whole minutes from 1 to " + MAX_DURATION);
          options = null;
          break;
        }
        options.add(option.intValue());
      }
      if (options != null && new HashSet<>(options).size() != options.size()) {
        body.problems().add("duration_options", "must not repeat a length");
        options = null;
      }
    }
    String description = body.string("description", 10_000);
    String color = body.string("color", 7);
    if (color != null && !COLOR.matcher(color).matches()) {
      body.problems().add("color", "must be a hex color such as #1a73e8");
    }
    Boolean active = null;
    if (body.has("active")) {
      if (body.raw("active").isBoolean()) {
        active = body.raw("active").booleanValue();
      } else {
        body.problems().add("active", "must be true or false");
      }
    }
    String locale = body.string("locale", 8);
    List<EventTypeLocation> locations = null;
    List<JsonNode> rawLocations = body.array("locations", MAX_LOCATIONS);
    if (rawLocations != null) {
      locations = new ArrayList<>();
      for (int i = 0; i < rawLocations.size(); i++) {
        Body where = body.element("locations", i, rawLocations.get(i));
        String kind = where.requiredString("kind", 64);
        if (kind != null && !EventTypesApi.LOCATION_KINDS.contains(kind)) {
          body.problems().add(where.name("kind"), "must be one of: " + String.join(", ", EventTypesApi.LOCATION_KINDS));
        }
        String location = where.string("location", 1024);
        if (location == null) {
          location = where.string("phone_number", 32);
        }
        locations.add(new EventTypeLocation(kind, location, where.string("additional_info", 1024)));
      }
    }
    Integer increment = body.integer("start_time_increment", 5, MAX_DURATION);
    Integer before = buffer(body, "before_buffer");
    Integer after = buffer(body, "after_buffer");
    return new Settings(name, duration, options, description, color, active, locale, locations, increment, before, after);
  }

  private static Integer buffer(Body body, String field) {
    Integer minutes = body.integer(field, 0, 180);
    if (minutes != null && !BUFFERS.contains(minutes)) {
      body.problems().add(field, "must be one of 0, 5, 10, 15, 30, 45, 60, 90, 120, 150 or 180");
      return null;
    }
    return minutes;
  }

  private ApiResponse create(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Body body = context.body(request);
    String owner = body.requiredUri("owner", "users");
    if (!body.has("name")) {
      body.problems().add("name", "is required");
    }
    Settings settings = settings(body);
    int duration = settings.duration() == null ? DEFAULT_DURATION : settings.duration();
    if (settings.durationOptions() != null && !settings.durationOptions().contains(duration)) {
      body.problems().add("duration", "must be one of duration_options");
    }
    body.problems().throwIfAny();

    User host = Access.referencedUser(store, caller, owner);
    Access.requireSelfOrAdmin(caller, owner);
    AvailabilitySchedule schedule =
        store.schedulesOf(owner).stream().filter(AvailabilitySchedule::isDefault).findFirst()
            .orElseThrow(() -> new IllegalStateException("user without a default schedule"));
    Instant now = context.now();
    String uuid = context.ids().uuid();
    List<EventType> existing = store.eventTypesOf(owner);
    String slug = EventTypesApi.slug(settings.name());
    String base = slug;
    for (int n = 2; taken(existing, slug); n++) {
      slug = base + "-" + n;
    }
    EventType created =
        new EventType(
            uuid, owner, settings.name(), slug, settings.active() == null || settings.active(), "solo", false,
            duration, settings.durationOptions() == null ? List.of(duration) : settings.durationOptions(),
            settings.increment() == null ? DEFAULT_INCREMENT : settings.increment(),
            settings.bufferBefore() == null ? 0 : settings.bufferBefore(),
            settings.bufferAfter() == null ? 0 : settings.bufferAfter(),
            DEFAULT_NOTICE_MINUTES, 1, DEFAULT_MAX_DAYS,
            settings.color() == null ? "#8247f5" : settings.color(), settings.description(), null, false,
            false, existing.size(), settings.locale() == null ? host.locale() : settings.locale(),
            settings.locations() == null ? List.of() : settings.locations(), List.of(), schedule.uuid(),
            null, List.of(), now, now);
    store.putEventType(created);
    ObjectNode view = context.views().eventType(created);
    webhooks.queue(request, "event_type.created", caller.organizationUuid(), created.ownerUuid(), caller.userUuid(),
        view.deepCopy());
    return ApiResponse.resource(201, view);
  }

  private static boolean taken(List<EventType> existing, String slug) {
    return existing.stream().anyMatch(et -> et.slug().equals(slug));
  }

  private ApiResponse update(ApiRequest request) {
    Caller caller = request.caller();
    Body body = context.body(request);
    if (body.has("owner")) {
      body.problems().add("owner", "cannot be changed; create a new event type for another host");
    }
    Settings settings = settings(body);
    body.problems().throwIfAny();
    EventType current = editable(caller, request.pathVariable("uuid"));
    int duration = settings.duration() == null ? current.durationMinutes() : settings.duration();
    List<Integer> options = settings.durationOptions();
    if (options != null && !options.contains(duration)) {
      throw ApiException.invalid("duration", "must be one of duration_options");
    }
    if (options == null) {
      // Calendly keeps duration among the options: a new length alone replaces options that lack it.
      options = current.durationOptions() == null || current.durationOptions().contains(duration)
          ? current.durationOptions() : List.of(duration);
    }
    EventType updated =
        new EventType(
            current.uuid(), current.ownerUuid(), or(settings.name(), current.name()), current.slug(),
            or(settings.active(), current.active()), current.kind(), current.adhoc(), duration, options,
            or(settings.increment(), current.incrementMinutes()),
            or(settings.bufferBefore(), current.bufferBeforeMinutes()),
            or(settings.bufferAfter(), current.bufferAfterMinutes()),
            current.minimumNoticeMinutes(), current.seats(), current.maxDaysInFuture(),
            or(settings.color(), current.color()), or(settings.description(), current.descriptionPlain()),
            current.internalNote(), current.secret(), current.adminManaged(), current.position(),
            or(settings.locale(), current.locale()), or(settings.locations(), current.locations()),
            current.customQuestions(), current.scheduleUuid(), current.dateRange(), current.coHostUuids(),
            current.createdAt(), context.now());
    context.store().putEventType(updated);
    ObjectNode view = context.views().eventType(updated);
    webhooks.queue(request, "event_type.updated", caller.organizationUuid(), updated.ownerUuid(), caller.userUuid(),
        view.deepCopy());
    return ApiResponse.resource(view);
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /**
   * An event type the caller may change: visible (else 404), one-on-one (else 400), and the
   * caller's own unless the caller is an admin or owner (else 403); an admin-managed one only by
   * an admin.
   */
  private EventType editable(Caller caller, String uuid) {
    EventType eventType = eventTypes.visible(caller, uuid);
    if (eventType.isGroup() || !eventType.kind().equals("solo")) {
      throw ApiException.invalid("uuid", SOLO_ONLY);
    }
    Access.requireSelfOrAdmin(caller, eventType.ownerUuid());
    if (eventType.adminManaged()) {
      Access.requireAdmin(caller);
    }
    return eventType;
  }

  /** One host of an event type, in host order (the owner first). */
  private record Host(int position, String userUuid, EventType eventType) {}

  private ApiResponse hosts(ApiRequest request) {
    Params params = context.params(request);
    String uuid = params.requiredUri("event_type", "event_types");
    Pagination.Sort<Host> sort =
        Pagination.sort(params, "position:asc", Map.<String, Function<Host, Object>>of("position", h -> (long) h.position()));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    EventType eventType = eventTypes.visible(request.caller(), uuid);
    List<Host> hosts = new ArrayList<>();
    hosts.add(new Host(0, eventType.ownerUuid(), eventType));
    for (String coHost : eventType.coHostUuids()) {
      hosts.add(new Host(hosts.size(), coHost, eventType));
    }
    return Pagination.page(
        request, context.uris().base(), hosts, sort, h -> membershipUuid(h), page, this::host);
  }

  private static String membershipUuid(Host host) {
    return host.eventType().uuid().substring(0, Math.min(8, host.eventType().uuid().length()))
        + host.userUuid().substring(0, Math.min(8, host.userUuid().length()));
  }

  private ObjectNode host(Host host) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().eventTypeMembership(membershipUuid(host)));
    node.put("event_type", context.uris().eventType(host.eventType().uuid()));
    ObjectNode user = node.putObject("user");
    context.store().user(host.userUuid()).ifPresent(u -> {
      user.put("uri", context.uris().user(u.uuid()));
      user.put("name", u.name());
      user.put("slug", u.slug());
      user.put("email", u.email());
      user.put("scheduling_url", context.views().schedulingUrl(u));
      user.put("timezone", u.timezone());
    });
    node.put("created_at", Json.timestamp(host.eventType().createdAt()));
    node.put("updated_at", Json.timestamp(host.eventType().updatedAt()));
    return node;
  }

  private ApiResponse availability(ApiRequest request) {
    Params params = context.params(request);
    String uuid = params.requiredUri("event_type", "event_types");
    params.problems().throwIfAny();
    EventType eventType = eventTypes.visible(request.caller(), uuid);
    // Hours are the host's private data, like their availability schedules.
    Access.requireSelfOrAdmin(request.caller(), eventType.ownerUuid());
    return schedules(eventType);
  }

  private ApiResponse updateAvailability(ApiRequest request) {
    Params params = context.params(request);
    String uuid = params.requiredUri("event_type", "event_types");
    params.problems().throwIfAny();
    Body body = context.body(request);
    String setting = body.string("availability_setting", 16);
    if (setting != null && !setting.equals("host")) {
      body.problems().add("availability_setting", "must be host");
    }
    Schedule hours = HoursRules.read(body.requiredObject("availability_rule"), context.now());
    body.problems().throwIfAny();
    EventType eventType = editable(request.caller(), uuid);
    context.store().putEventTypeHours(eventType.uuid(), hours);
    return schedules(eventType);
  }

  private ApiResponse schedules(EventType eventType) {
    Schedule hours = context.availability().schedule(eventType);
    ObjectNode body = Json.object();
    ArrayNode collection = body.putArray("collection");
    ObjectNode item = collection.addObject();
    item.put("event_type", context.uris().eventType(eventType.uuid()));
    item.put("availability_setting", "host");
    ObjectNode rule = item.putObject("availability_rule");
    rule.put("timezone", hours.zone().getId());
    rule.set("rules", context.views().rules(hours));
    ObjectNode pagination = body.putObject("pagination");
    pagination.put("count", 1);
    pagination.putNull("next_page");
    pagination.putNull("previous_page");
    pagination.putNull("next_page_token");
    pagination.putNull("previous_page_token");
    return ApiResponse.json(200, body);
  }
}
