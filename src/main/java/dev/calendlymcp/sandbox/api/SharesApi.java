package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import dev.calendlymcp.sandbox.model.Share;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /shares} ("Customize once and share"): a single-use link of a one-on-one event type
 * with its length, bookable dates, hours or locations changed for one invitee. What the body leaves
 * out is copied from the event type, and the answer lists every setting's effective value, as
 * Calendly does since 2026-11-06.
 */
public final class SharesApi {

  private static final List<String> PERIOD_TYPES = List.of("fixed", "moving", "available_moving", "unlimited");
  private static final int MAX_LOCATIONS = 10;

  private final ApiContext context;
  private final EventTypesApi eventTypes;

  public SharesApi(ApiContext context, EventTypesApi eventTypes) {
    this.context = context;
    this.eventTypes = eventTypes;
  }

  /** Registers the route. */
  public void register(Router router) {
    router.write("POST", "/shares", "shares:write", this::create);
  }

  private ApiResponse create(ApiRequest request) {
    Caller caller = request.caller();
    Body body = context.body(request);
    String eventTypeUuid = body.requiredUri("event_type", "event_types");
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
    if ("fixed".equals(period)) {
      if (start == null && !body.problems().has("start_date")) {
        body.problems().add("start_date", "is required when period_type is fixed");
      }
      if (end == null && !body.problems().has("end_date")) {
        body.problems().add("end_date", "is required when period_type is fixed");
      }
      if (start != null && end != null && end.isBefore(start)) {
        body.problems().add("end_date", "must not be before start_date");
      }
    }
    if (("moving".equals(period) || "available_moving".equals(period)) && maxBookingTime == null
        && !body.problems().has("max_booking_time")) {
      body.problems().add("max_booking_time", "is required when period_type is " + period);
    }
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
    body.problems().throwIfAny();

    EventType eventType = eventTypes.visible(caller, eventTypeUuid);
    if (eventType.isGroup() || !eventType.kind().equals("solo")) {
      throw ApiException.invalid("event_type", "This feature is only available for one-on-one event types.");
    }
    if (!eventType.active()) {
      throw ApiException.invalid("event_type", "the event type is not active");
    }
    Access.requireSelfOrAdmin(caller, eventType.ownerUuid());
    List<Integer> effectiveOptions = options != null ? options
        : eventType.durationOptions() != null ? eventType.durationOptions() : List.of(eventType.durationMinutes());
    int effectiveDuration = duration != null ? duration
        : effectiveOptions.contains(eventType.durationMinutes()) ? eventType.durationMinutes() : effectiveOptions.get(0);
    if (!effectiveOptions.contains(effectiveDuration)) {
      throw ApiException.invalid("duration", "must be one of the duration options " + effectiveOptions);
    }
    Schedule effectiveHours = hours != null ? hours : context.availability().schedule(eventType);
    ZoneId zone = effectiveHours.zone();
    if ("fixed".equals(period) && end.isBefore(LocalDate.ofInstant(context.now(), zone))) {
      throw ApiException.invalid("end_date", "must not be in the past");
    }
    String effectivePeriod = period != null ? period : eventType.maxDaysInFuture() > 0 ? "moving" : "unlimited";
    Integer effectiveMax = effectivePeriod.endsWith("moving")
        ? (maxBookingTime != null ? maxBookingTime : Integer.valueOf(Math.max(1, eventType.maxDaysInFuture())))
        : null;
    String uuid = context.ids().uuid();
    Share share =
        new Share(
            uuid, eventType.uuid(),
            context.uris().page("d/" + context.ids().hex(12) + "/" + eventType.slug()),
            name != null ? name : eventType.name(), effectiveDuration, effectiveOptions, effectivePeriod,
            "fixed".equals(effectivePeriod) ? start : null, "fixed".equals(effectivePeriod) ? end : null,
            effectiveMax, hideLocation != null && hideLocation,
            locations != null ? locations : eventType.locations(), effectiveHours, context.now());
    context.store().putShare(share);
    return ApiResponse.resource(201, render(share));
  }

  private ObjectNode render(Share share) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().share(share.uuid()));
    node.put("status", "active");
    node.putNull("contact");
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
    settings.put("min_booking_time", 0);
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
