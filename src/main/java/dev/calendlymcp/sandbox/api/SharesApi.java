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
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import dev.calendlymcp.sandbox.model.ExtraStore;
import dev.calendlymcp.sandbox.model.Share;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /shares} ("Customize once and share"): a single-use link of a one-on-one event type
 * with its length, bookable dates, hours or locations changed for one invitee. What the body leaves
 * out is copied from the event type, and the answer lists every setting's effective value, as
 * Calendly does since 2026-11-06. Since then shares can also be listed ({@code shares:read}: the
 * caller's own, on event types they own) and changed or deleted until booked. Nobody books a share
 * in the sandbox (its link is a web page), so a share is {@code active} until a fixed end date
 * passes ({@code expired}); an expired share cannot be changed (409) but can be deleted.
 */
public final class SharesApi {

  private static final List<String> PERIOD_TYPES = List.of("fixed", "moving", "available_moving", "unlimited");
  private static final int MAX_LOCATIONS = 10;
  private static final Set<String> UPDATE_FIELDS = Set.of(
      "contact", "name", "duration", "duration_options", "period_type", "start_date", "end_date",
      "max_booking_time", "min_booking_time", "hide_location", "location_configurations", "availability_rule");

  private final ApiContext context;
  private final EventTypesApi eventTypes;
  private final ExtraStore extras;

  public SharesApi(ApiContext context, EventTypesApi eventTypes, ExtraStore extras) {
    this.context = context;
    this.eventTypes = eventTypes;
    this.extras = extras;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.write("POST", "/shares", "shares:write", this::create);
    router.read("GET", "/shares", "shares:read", this::list);
    router.write("PATCH", "/shares/{uuid}", "shares:write", this::update);
    router.write("DELETE", "/shares/{uuid}", "shares:write", this::delete);
  }

  private ApiResponse list(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String user = params.requiredUri("user", "users");
    String eventType = params.uri("event_type", "event_types");
    Instant minCreated = params.instant("min_created_at");
    Instant maxCreated = params.instant("max_created_at");
    Pagination.Sort<Share> sort = Pagination.sort(params, "created_at:desc",
        Map.<String, Function<Share, Object>>of("created_at", s -> Pagination.instantKey(s.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    if (!caller.userUuid().equals(user)) {
      throw ApiException.forbidden("You can only list your own shares.");
    }
    List<Share> found = context.store().shares().stream()
        .filter(s -> context.store().eventType(s.eventTypeUuid()).map(t -> t.ownerUuid().equals(user)).orElse(false))
        .filter(s -> eventType == null || s.eventTypeUuid().equals(eventType))
        .filter(s -> minCreated == null || !s.createdAt().isBefore(minCreated))
        .filter(s -> maxCreated == null || s.createdAt().isBefore(maxCreated))
        .toList();
    return Pagination.page(request, context.uris().base(), found, sort, Share::uuid, page, this::render);
  }

  /** The share with its event type, when the caller may change it: 404 across organizations. */
  private record Owned(Share share, EventType eventType) {}

  private Owned owned(ApiRequest request) {
    Caller caller = request.caller();
    Share share = context.store().share(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    EventType eventType = eventTypes.visible(caller, share.eventTypeUuid());
    Access.requireSelfOrAdmin(caller, eventType.ownerUuid());
    return new Owned(share, eventType);
  }

  private ApiResponse delete(ApiRequest request) {
    Owned owned = owned(request);
    context.store().removeShare(owned.share().uuid());
    return ApiResponse.noContent();
  }

  private ApiResponse update(ApiRequest request) {
    Owned owned = owned(request);
    Share share = owned.share();
    EventType eventType = owned.eventType();
    Body body = context.body(request);
    JsonNode raw = request.jsonBody();
    if (raw == null || !raw.isObject() || raw.isEmpty()) {
      throw ApiException.invalid("name", "or another field of the share is required");
    }
    for (String field : raw.propertyNames()) {
      if (!UPDATE_FIELDS.contains(field)) {
        body.problems().add(field, "is not a field of a share");
      }
    }
    String contact = body.has("contact") ? body.requiredUri("contact", "contacts") : null;
    Settings sent = settings(body);
    Integer minBookingTime = body.integer("min_booking_time", 1, 525_600);
    body.problems().throwIfAny();
    if (!status(share).equals("active")) {
      throw ApiException.conflict("Only an active share that has not been booked can be updated.");
    }
    if (contact != null) {
      extras.contact(contact).filter(c -> c.ownerUuid().equals(request.caller().userUuid()))
          .orElseThrow(() -> ApiException.invalid("contact", "must be one of your contacts"));
    }

    // A field sent as null goes back to the event type's current value.
    List<Integer> typeOptions = eventType.durationOptions() != null ? eventType.durationOptions()
        : List.of(eventType.durationMinutes());
    List<Integer> newOptions = pick(raw, "duration_options", sent.options(), share.durationOptions(), typeOptions);
    Integer newDuration = pick(raw, "duration", sent.duration(), null,
        typeOptions.contains(eventType.durationMinutes()) ? eventType.durationMinutes() : typeOptions.get(0));
    if (newDuration == null) {
      newDuration = newOptions.contains(share.duration()) ? share.duration() : newOptions.get(0);
    }
    if (!newOptions.contains(newDuration)) {
      throw ApiException.invalid("duration", "must be one of the duration options " + newOptions);
    }
    String typePeriod = eventType.maxDaysInFuture() > 0 ? "moving" : "unlimited";
    String newPeriod = pick(raw, "period_type", sent.period(), share.periodType(), typePeriod);
    LocalDate newStart = pick(raw, "start_date", sent.start(), share.startDate(), null);
    LocalDate newEnd = pick(raw, "end_date", sent.end(), share.endDate(), null);
    Integer newMax = pick(raw, "max_booking_time", sent.maxBookingTime(), share.maxBookingTime(),
        Integer.valueOf(Math.max(1, eventType.maxDaysInFuture())));
    if ("fixed".equals(newPeriod)) {
      if (newStart == null || newEnd == null) {
        throw ApiException.invalid(newStart == null ? "start_date" : "end_date", "is required when period_type is fixed");
      }
      if (newEnd.isBefore(newStart)) {
        throw ApiException.invalid("end_date", "must not be before start_date");
      }
    }
    Schedule newHours = pick(raw, "availability_rule", sent.hours(), share.hours(), context.availability().schedule(eventType));
    if ("fixed".equals(newPeriod) && newEnd.isBefore(LocalDate.ofInstant(context.now(), newHours.zone()))) {
      throw ApiException.invalid("end_date", "must not be in the past");
    }
    if (newPeriod.endsWith("moving") && newMax == null) {
      newMax = Math.max(1, eventType.maxDaysInFuture());
    }
    Share changed = new Share(
        share.uuid(), share.eventTypeUuid(), share.bookingUrl(),
        pick(raw, "name", sent.name(), share.name(), eventType.name()), newDuration, newOptions, newPeriod,
        "fixed".equals(newPeriod) ? newStart : null, "fixed".equals(newPeriod) ? newEnd : null,
        newPeriod.endsWith("moving") ? newMax : null,
        pick(raw, "hide_location", sent.hideLocation(), share.hideLocation(), Boolean.FALSE),
        pick(raw, "location_configurations", sent.locations(), share.locations(), eventType.locations()),
        newHours, share.createdAt(),
        pick(raw, "contact", contact, share.contactUuid(), null),
        pick(raw, "min_booking_time", minBookingTime, share.minBookingTime(), eventType.minimumNoticeMinutes()));
    context.store().putShare(changed);
    return ApiResponse.resource(render(changed));
  }

  /** The value sent, the event type's when sent as null, else the share's current one. */
  private static <T> T pick(JsonNode raw, String field, T sent, T current, T eventTypes) {
    if (!raw.has(field)) {
      return current;
    }
    return raw.get(field).isNull() ? eventTypes : sent;
  }

  private String status(Share share) {
    boolean ended = "fixed".equals(share.periodType())
        && share.endDate().isBefore(LocalDate.ofInstant(context.now(), share.hours().zone()));
    return ended ? "expired" : "active";
  }

  private ApiResponse create(ApiRequest request) {
    Caller caller = request.caller();
    Body body = context.body(request);
    String eventTypeUuid = body.requiredUri("event_type", "event_types");
    Settings sent = settings(body);
    if ("fixed".equals(sent.period())) {
      if (sent.start() == null && !body.problems().has("start_date")) {
        body.problems().add("start_date", "is required when period_type is fixed");
      }
      if (sent.end() == null && !body.problems().has("end_date")) {
        body.problems().add("end_date", "is required when period_type is fixed");
      }
      if (sent.start() != null && sent.end() != null && sent.end().isBefore(sent.start())) {
        body.problems().add("end_date", "must not be before start_date");
      }
    }
    if (("moving".equals(sent.period()) || "available_moving".equals(sent.period())) && sent.maxBookingTime() == null
        && !body.problems().has("max_booking_time")) {
      body.problems().add("max_booking_time", "is required when period_type is " + sent.period());
    }
    body.problems().throwIfAny();

    EventType eventType = eventTypes.visible(caller, eventTypeUuid);
    if (eventType.isGroup() || !eventType.kind().equals("solo")) {
      throw ApiException.invalid("event_type", "This feature is only available for one-on-one event types.");
    }
    if (!eventType.active()) {
      throw ApiException.invalid("event_type", "the event type is not active");
    }
    Access.requireSelfOrAdmin(caller, eventType.ownerUuid());
    List<Integer> effectiveOptions = sent.options() != null ? sent.options()
        : eventType.durationOptions() != null ? eventType.durationOptions() : List.of(eventType.durationMinutes());
    int effectiveDuration = sent.duration() != null ? sent.duration()
        : effectiveOptions.contains(eventType.durationMinutes()) ? eventType.durationMinutes() : effectiveOptions.get(0);
    if (!effectiveOptions.contains(effectiveDuration)) {
      throw ApiException.invalid("duration", "must be one of the duration options " + effectiveOptions);
    }
    Schedule effectiveHours = sent.hours() != null ? sent.hours() : context.availability().schedule(eventType);
    ZoneId zone = effectiveHours.zone();
    if ("fixed".equals(sent.period()) && sent.end().isBefore(LocalDate.ofInstant(context.now(), zone))) {
      throw ApiException.invalid("end_date", "must not be in the past");
    }
    String effectivePeriod = sent.period() != null ? sent.period() : eventType.maxDaysInFuture() > 0 ? "moving" : "unlimited";
    Integer effectiveMax = effectivePeriod.endsWith("moving")
        ? (sent.maxBookingTime() != null ? sent.maxBookingTime() : Integer.valueOf(Math.max(1, eventType.maxDaysInFuture())))
        : null;
    String uuid = context.ids().uuid();
    Share share =
        new Share(
            uuid, eventType.uuid(),
            context.uris().page("d/" + context.ids().hex(12) + "/" + eventType.slug()),
            sent.name() != null ? sent.name() : eventType.name(), effectiveDuration, effectiveOptions, effectivePeriod,
            "fixed".equals(effectivePeriod) ? sent.start() : null, "fixed".equals(effectivePeriod) ? sent.end() : null,
            effectiveMax, sent.hideLocation() != null && sent.hideLocation(),
            sent.locations() != null ? sent.locations() : eventType.locations(), effectiveHours, context.now(),
            null, eventType.minimumNoticeMinutes());
    context.store().putShare(share);
    return ApiResponse.resource(201, render(share));
  }

  private ObjectNode render(Share share) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().share(share.uuid()));
    node.put("status", status(share));
    node.put("contact", share.contactUuid() == null ? null : context.uris().base() + "/contacts/" + share.contactUuid());
    node.put("created_at", Json.timestamp(share.createdAt()));
    ArrayNode links = node.putArray("scheduling_links");
    links.addObject()
        .put("booking_url", share.bookingUrl())
        .put("owner", context.uris().eventType(share.eventTypeUuid()))
        .put("owner_type", "EventType");
    ObjectNode settings = node.putObject("share_override");
    settings.put("name", share.name());
    settings.put("duration", share.duration());
    ArrayNode options = settings.putArray("duration_options");
    share.durationOptions().forEach(options::add);
    settings.put("period_type", share.periodType());
    settings.put("start_date", share.startDate() == null ? null : share.startDate().toString());
    settings.put("end_date", share.endDate() == null ? null : share.endDate().toString());
    settings.put("max_booking_time", share.maxBookingTime());
    settings.put("min_booking_time", share.minBookingTime());
    settings.put("hide_location", share.hideLocation());
    ArrayNode where = settings.putArray("location_configurations");
    for (int i = 0; i < share.locations().size(); i++) {
      EventTypeLocation location = share.locations().get(i);
      where.addObject()
          .put("kind", location.kind())
          .put("location", location.location())
          .put("additional_info", location.additionalInfo())
          .put("position", i);
    }
    ObjectNode rule = settings.putObject("availability_rule");
    rule.put("timezone", share.hours().zone().getId());
    rule.set("rules", context.views().rules(share.hours()));
    return node;
  }

  /**
   * The share settings a create or an update sends, each null when absent; what is wrong goes to
   * the body's problems. What they must satisfy together differs: a create checks the body alone,
   * an update the share the body makes.
   */
  private record Settings(
      String name, Integer duration, List<Integer> options, String period, LocalDate start, LocalDate end,
      Integer maxBookingTime, Boolean hideLocation, List<EventTypeLocation> locations, Schedule hours) {}

  private Settings settings(Body body) {
    String name = body.string("name", EventTypeWritesApi.MAX_NAME);
    Integer duration = body.integer("duration", 1, EventTypeWritesApi.MAX_DURATION);
    List<Integer> options = durationOptions(body);
    String period = body.string("period_type", 20);
    if (period != null && !PERIOD_TYPES.contains(period)) {
      body.problems().add("period_type", "must be one of: " + String.join(", ", PERIOD_TYPES));
    }
    LocalDate start = date(body, "start_date");
    LocalDate end = date(body, "end_date");
    Integer maxBookingTime = body.integer("max_booking_time", 1, 3650);
    Boolean hideLocation = null;
    if (body.has("hide_location")) {
      if (body.raw("hide_location").isBoolean()) {
        hideLocation = body.raw("hide_location").booleanValue();
      } else {
        body.problems().add("hide_location", "must be true or false");
      }
    }
    List<EventTypeLocation> locations = locations(body);
    Schedule hours = HoursRules.read(body.object("availability_rule"), context.now());
    return new Settings(name, duration, options, period, start, end, maxBookingTime, hideLocation, locations, hours);
  }

  private static List<Integer> durationOptions(Body body) {
    List<JsonNode> raw = body.array("duration_options", EventTypeWritesApi.MAX_DURATION_OPTIONS);
    if (raw == null) {
      return null;
    }
    List<Integer> options = new ArrayList<>();
    for (JsonNode option : raw) {
      if (!option.isIntegralNumber() || option.intValue() < 1 || option.intValue() > EventTypeWritesApi.MAX_DURATION) {
        body.problems().add("duration_options", "must contain whole minutes from 1 to " + EventTypeWritesApi.MAX_DURATION);
        return null;
      }
      options.add(option.intValue());
    }
    if (options.isEmpty() || new HashSet<>(options).size() != options.size()) {
      body.problems().add("duration_options", "must list 1 to 4 different lengths");
      return null;
    }
    return options;
  }

  private static List<EventTypeLocation> locations(Body body) {
    List<JsonNode> raw = body.array("location_configurations", MAX_LOCATIONS);
    if (raw == null) {
      return null;
    }
    List<EventTypeLocation> locations = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      Body where = body.element("location_configurations", i, raw.get(i));
      String kind = where.requiredString("kind", 64);
      if (kind != null && !EventTypesApi.LOCATION_KINDS.contains(kind)) {
        body.problems().add(where.name("kind"), "must be one of: " + String.join(", ", EventTypesApi.LOCATION_KINDS));
      }
      locations.add(new EventTypeLocation(kind, where.string("location", 1024), where.string("additional_info", 1024)));
    }
    return locations;
  }

  private static LocalDate date(Body body, String field) {
    String text = body.string(field, 10);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      body.problems().add(field, "must be a date like 2026-01-31");
      return null;
    }
  }
}
