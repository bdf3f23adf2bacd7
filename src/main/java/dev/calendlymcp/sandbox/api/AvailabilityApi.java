package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.availability.Slot;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.ExternalBusy;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.User;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Endpoints 12–15: an event type's available times, a user's busy times, and availability
 * schedules.
 */
public final class AvailabilityApi {

  /** Longest range of {@code GET /user_busy_times}. */
  static final int MAX_BUSY_SPAN_DAYS = 7;

  private final ApiContext context;
  private final EventTypesApi eventTypes;

  public AvailabilityApi(ApiContext context, EventTypesApi eventTypes) {
    this.context = context;
    this.eventTypes = eventTypes;
  }

  /** Registers the routes. */
  public void register(Router router) {
    // The Scope Catalog files available times under event_types:read, the endpoint's page under
    // availability:read; a token with either is let through, so that a client following either
    // page is not refused for it.
    router.read(
        "GET", "/event_type_available_times", List.of("event_types:read", "availability:read"),
        this::availableTimes);
    router.read("GET", "/user_busy_times", "availability:read", this::busyTimes);
    router.read("GET", "/user_availability_schedules", "availability:read", this::schedules);
    router.read("GET", "/user_availability_schedules/{uuid}", "availability:read", this::schedule);
  }

  private ApiResponse availableTimes(ApiRequest request) {
    Params params = context.params(request);
    String eventTypeUuid = params.requiredUri("event_type", "event_types");
    Instant[] range = range(params, context.maxAvailableTimesSpanDays());
    params.problems().throwIfAny();
    EventType eventType = eventTypes.visible(request.caller(), eventTypeUuid);

    List<Slot> slots =
        eventType.active()
            ? context.availability().slots(eventType, context.now(), range[0], range[1])
            : List.of();
    String page = context.views().schedulingUrl(eventType);
    ObjectNode body = Json.object();
    ArrayNode collection = body.putArray("collection");
    for (Slot slot : slots) {
      String date = slot.start().atOffset(ZoneOffset.UTC).toLocalDate().toString();
      collection.addObject()
          .put("status", "available")
          .put("invitees_remaining", slot.inviteesRemaining())
          .put("start_time", Json.timestamp(slot.start()))
          .put("scheduling_url",
              page + "/" + Json.timestamp(slot.start()) + "?month=" + date.substring(0, 7) + "&date=" + date);
    }
    return ApiResponse.json(200, body);
  }

  private ApiResponse busyTimes(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Params params = context.params(request);
    String userUuid = params.requiredUri("user", "users");
    Instant[] range = range(params, MAX_BUSY_SPAN_DAYS);
    params.problems().throwIfAny();
    User user = Access.referencedUser(store, caller, userUuid);
    Access.requireSelfOrAdmin(caller, user.uuid());

    List<ObjectNode> items = new ArrayList<>();
    List<Instant> starts = new ArrayList<>();
    for (ScheduledEvent event : store.eventsOfHost(user.uuid())) {
      if (event.isActive() && overlaps(event.bufferedStart(), event.bufferedEnd(), range)) {
        ObjectNode item = Json.object();
        item.put("type", "calendly");
        item.put("start_time", Json.timestamp(event.start()));
        item.put("end_time", Json.timestamp(event.end()));
        item.put("buffered_start_time", Json.timestamp(event.bufferedStart()));
        item.put("buffered_end_time", Json.timestamp(event.bufferedEnd()));
        item.putObject("event").put("uri", context.uris().scheduledEvent(event.uuid()));
        items.add(item);
        starts.add(event.start());
      }
    }
    for (ExternalBusy busy : store.externalBusyOf(user.uuid())) {
      if (overlaps(busy.start(), busy.end(), range)) {
        ObjectNode item = Json.object();
        item.put("type", "external");
        item.put("start_time", Json.timestamp(busy.start()));
        item.put("end_time", Json.timestamp(busy.end()));
        item.put("buffered_start_time", Json.timestamp(busy.start()));
        item.put("buffered_end_time", Json.timestamp(busy.end()));
        items.add(item);
        starts.add(busy.start());
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(starts::get));
    ObjectNode body = Json.object();
    ArrayNode collection = body.putArray("collection");
    order.forEach(i -> collection.add(items.get(i)));
    ObjectNode pagination = body.putObject("pagination");
    pagination.put("count", items.size());
    pagination.putNull("next_page");
    pagination.putNull("previous_page");
    pagination.putNull("next_page_token");
    pagination.putNull("previous_page_token");
    return ApiResponse.json(200, body);
  }

  private ApiResponse schedules(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String userUuid = params.requiredUri("user", "users");
    params.problems().throwIfAny();
    User user = Access.referencedUser(context.store(), caller, userUuid);
    Access.requireSelfOrAdmin(caller, user.uuid());
    ObjectNode body = Json.object();
    ArrayNode collection = body.putArray("collection");
    for (AvailabilitySchedule schedule : context.store().schedulesOf(user.uuid())) {
      collection.add(context.views().schedule(schedule));
    }
    return ApiResponse.json(200, body);
  }

  private ApiResponse schedule(ApiRequest request) {
    Caller caller = request.caller();
    AvailabilitySchedule schedule =
        context.store().schedule(request.pathVariable("uuid")).orElseThrow(ApiException::notFound);
    Access.pathUser(context.store(), caller, schedule.userUuid());
    Access.requireSelfOrAdmin(caller, schedule.userUuid());
    return ApiResponse.resource(context.views().schedule(schedule));
  }

  /**
   * Reads {@code start_time} and {@code end_time}: both required, start not in the past, end
   * after start, and at most {@code maxDays} apart.
   */
  private Instant[] range(Params params, int maxDays) {
    Instant start = params.requiredInstant("start_time");
    Instant end = params.requiredInstant("end_time");
    if (start != null && start.isBefore(context.now())) {
      params.problems().add("start_time", "must be in the future");
    }
    if (start != null && end != null) {
      if (!end.isAfter(start)) {
        params.problems().add("end_time", "must be after start_time");
      } else if (Duration.between(start, end).compareTo(Duration.ofDays(maxDays)) > 0) {
        params.problems().add(
            "end_time", "the range between start_time and end_time can be no greater than " + maxDays + " days");
      }
    }
    return new Instant[] {start, end};
  }

  private static boolean overlaps(Instant start, Instant end, Instant[] range) {
    return start.isBefore(range[1]) && end.isAfter(range[0]);
  }
}
