package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /user_availability_schedules} and {@code PATCH /user_availability_schedules/{uuid}}
 * ({@code availability:write}): the user's own schedules only, as Calendly's pages say ("for the
 * authenticated user"). A new or changed schedule is what the availability engine reads from the
 * next request on, for every event type that uses it.
 */
public final class UserScheduleWritesApi {

  private static final int MAX_NAME = 255;
  private static final Set<String> UPDATE_FIELDS = Set.of("name", "timezone", "rules", "default");

  private final ApiContext context;

  public UserScheduleWritesApi(ApiContext context) {
    this.context = context;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.write("POST", "/user_availability_schedules", "availability:write", this::create);
    router.write("PATCH", "/user_availability_schedules/{uuid}", "availability:write", this::update);
  }

  private ApiResponse create(ApiRequest request) {
    Caller caller = request.caller();
    Body body = context.body(request);
    String name = body.requiredString("name", MAX_NAME);
    Schedule hours = fullWeek(body, true);
    body.problems().throwIfAny();
    AvailabilitySchedule schedule =
        new AvailabilitySchedule(context.ids().uuid(), caller.userUuid(), name, false, hours);
    context.store().putSchedule(schedule);
    return ApiResponse.resource(201, context.views().schedule(schedule));
  }

  private ApiResponse update(ApiRequest request) {
    Caller caller = request.caller();
    AvailabilitySchedule current =
        context.store().schedule(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    Access.pathUser(context.store(), caller, current.userUuid());
    if (!current.userUuid().equals(caller.userUuid())) {
      throw ApiException.forbidden("Only the schedule's owner can change it.");
    }
    Body body = context.body(request);
    JsonNode raw = request.jsonBody();
    if (raw != null && raw.isObject()) {
      for (String field : raw.propertyNames()) {
        if (!UPDATE_FIELDS.contains(field)) {
          body.problems().add(field, "is not a field of an availability schedule; use name, timezone, rules or default");
        }
      }
    }
    if (raw == null || !raw.isObject() || raw.isEmpty()) {
      body.problems().add("name", "or timezone, rules or default is required");
    }
    String name = body.string("name", MAX_NAME);
    Boolean makeDefault = null;
    if (body.has("default")) {
      JsonNode value = body.raw("default");
      if (!value.isBoolean() || !value.booleanValue()) {
        body.problems().add("default", "can only be true; make another schedule the default instead");
      } else {
        makeDefault = true;
      }
    }
    Schedule hours = current.schedule();
    if (body.has("rules")) {
      hours = fullWeek(body, false);
      if (hours != null && !body.has("timezone")) {
        hours = new Schedule(current.schedule().zone(), hours.weekly(), hours.overrides());
      }
    } else if (body.has("timezone")) {
      // A new zone keeps every rule's local times, so their instants move.
      ZoneId zone = zone(body);
      hours = zone == null ? null : new Schedule(zone, current.schedule().weekly(), current.schedule().overrides());
    }
    body.problems().throwIfAny();
    boolean isDefault = current.isDefault() || Boolean.TRUE.equals(makeDefault);
    if (Boolean.TRUE.equals(makeDefault) && !current.isDefault()) {
      for (AvailabilitySchedule other : List.copyOf(context.store().schedulesOf(caller.userUuid()))) {
        if (other.isDefault()) {
          context.store().putSchedule(
              new AvailabilitySchedule(other.uuid(), other.userUuid(), other.name(), false, other.schedule()));
        }
      }
    }
    AvailabilitySchedule changed = new AvailabilitySchedule(
        current.uuid(), current.userUuid(), name != null ? name : current.name(), isDefault, hours);
    context.store().putSchedule(changed);
    return ApiResponse.resource(context.views().schedule(changed));
  }

  /**
   * The rules of the body, which must give each weekday exactly once. A new schedule's date rules
   * may not be before today; a changed one's before yesterday (the update page's wording).
   */
  private Schedule fullWeek(Body body, boolean creating) {
    if (!body.has("timezone") && creating) {
      body.problems().add("timezone", "is required");
      return null;
    }
    Body rules = body;
    if (!body.has("timezone")) {
      // The zone is checked with the rules and replaced by the schedule's own afterwards.
      rules = Body.of(withZone(body), body.problems(), context.uris());
    }
    Schedule hours = HoursRules.read(rules, context.now());
    if (hours == null) {
      return null;
    }
    if (hours.weekly().size() != 7) {
      body.problems().add("rules", "must include exactly one wday rule for each day of the week, sunday to saturday");
      return null;
    }
    LocalDate today = LocalDate.ofInstant(context.now(), hours.zone());
    if (creating && hours.overrides().keySet().stream().anyMatch(d -> d.isBefore(today))) {
      body.problems().add("rules", "date rules must not be before today");
      return null;
    }
    return hours;
  }

  private static JsonNode withZone(Body body) {
    ObjectNode copy = Json.object();
    copy.put("timezone", "UTC");
    copy.set("rules", body.raw("rules"));
    return copy;
  }

  private static ZoneId zone(Body body) {
    String text = body.string("timezone", 64);
    if (text == null) {
      return null;
    }
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      body.problems().add("timezone", "must be an IANA time zone, e.g. America/New_York");
      return null;
    }
  }
}
