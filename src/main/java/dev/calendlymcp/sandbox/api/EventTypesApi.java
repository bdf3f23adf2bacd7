package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.model.DateRange;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.User;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Endpoints 3–5: list and get event types, create a one-off event type. */
public final class EventTypesApi {

  /** Location kinds Calendly accepts for event types. */
  static final List<String> LOCATION_KINDS =
      List.of(
          "physical", "ask_invitee", "custom", "outbound_call", "inbound_call",
          "google_conference", "zoom_conference", "microsoft_teams_conference",
          "gotomeeting_conference", "webex_conference");

  private final ApiContext context;

  public EventTypesApi(ApiContext context) {
    this.context = context;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/event_types", "event_types:read", this::list);
    router.read("GET", "/event_types/{uuid}", "event_types:read", this::get);
    router.write("POST", "/one_off_event_types", "event_types:write", this::createOneOff);
  }

  private ApiResponse list(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Params params = context.params(request);
    String user = params.uri("user", "users");
    String organization = params.uri("organization", "organizations");
    if (!params.present("user") && !params.present("organization")) {
      params.problems().add("user", "either user or organization is required");
      params.problems().add("organization", "either user or organization is required");
    }
    Boolean active = params.bool("active");
    Boolean adminManaged = params.bool("admin_managed");
    String schedule = params.uri("user_availability_schedule", "user_availability_schedules");
    if (schedule != null && !params.present("user")) {
      params.problems().add("user_availability_schedule", "can only be used together with user");
    }
    Map<String, Function<EventType, Object>> sortable = new LinkedHashMap<>();
    sortable.put("name", et -> et.name().toLowerCase(Locale.ROOT));
    sortable.put("position", et -> (long) et.position());
    sortable.put("created_at", et -> Pagination.instantKey(et.createdAt()));
    sortable.put("updated_at", et -> Pagination.instantKey(et.updatedAt()));
    Pagination.Sort<EventType> sort = Pagination.sort(params, "name:asc", sortable);
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();

    List<EventType> found = new ArrayList<>();
    if (user != null) {
      Access.referencedUser(store, caller, user);
      if (organization != null) {
        Access.referencedOrganization(store, caller, organization);
      }
      found.addAll(store.eventTypesOf(user));
    } else {
      Access.referencedOrganization(store, caller, organization);
      Access.requireAdmin(caller);
      for (Membership member : store.membershipsOf(organization)) {
        found.addAll(store.eventTypesOf(member.userUuid()));
      }
    }
    List<EventType> filtered =
        found.stream()
            .filter(et -> active == null || et.active() == active)
            .filter(et -> adminManaged == null || et.adminManaged() == adminManaged)
            .filter(et -> schedule == null || schedule.equals(et.scheduleUuid()))
            .toList();
    return Pagination.page(
        request, context.uris().base(), filtered, sort, EventType::uuid, page, context.views()::eventType);
  }

  private ApiResponse get(ApiRequest request) {
    EventType eventType = visible(request.caller(), request.pathVariable("uuid"));
    return ApiResponse.resource(context.views().eventType(eventType));
  }

  /** An event type the caller may see (its owner is in the caller's organization), or 404. */
  EventType visible(Caller caller, String uuid) {
    EventType eventType = context.store().eventType(uuid).orElseThrow(ApiException::notFound);
    if (!Access.sameOrganization(context.store(), caller, eventType.ownerUuid())) {
      throw ApiException.notFound();
    }
    return eventType;
  }

  private ApiResponse createOneOff(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Body body = context.body(request);
    String name = body.requiredString("name", 255);
    String host = body.requiredUri("host", "users");
    List<String> coHosts = new ArrayList<>();
    List<String> coHostUris = body.strings("co_hosts", 10);
    if (coHostUris != null) {
      for (String uri : coHostUris) {
        context.uris().uuidOf(uri, "users").ifPresentOrElse(coHosts::add,
            () -> body.problems().add("co_hosts", "must contain user URIs"));
      }
    }
    Integer duration = body.requiredInteger("duration", 1, 720);
    String timezone = body.string("timezone", 64);
    ZoneId zone = null;
    if (timezone != null) {
      try {
        zone = ZoneId.of(timezone);
      } catch (DateTimeException e) {
        body.problems().add("timezone", "must be an IANA time zone, e.g. America/New_York");
      }
    }
    DateRange range = null;
    Body dateSetting = body.requiredObject("date_setting");
    if (dateSetting != null) {
      String type = dateSetting.requiredString("type", 32);
      if (type != null && !type.equals("date_range")) {
        body.problems().add(dateSetting.name("type"), "must be date_range");
      }
      LocalDate start = date(dateSetting, "start_date");
      LocalDate end = date(dateSetting, "end_date");
      if (start != null && end != null) {
        if (end.isBefore(start)) {
          body.problems().add(dateSetting.name("end_date"), "must not be before start_date");
        } else {
          range = new DateRange(start, end);
        }
      }
    }
    EventTypeLocation location = null;
    Body where = body.requiredObject("location");
    if (where != null) {
      String kind = where.requiredString("kind", 64);
      if (kind != null && !LOCATION_KINDS.contains(kind)) {
        body.problems().add(where.name("kind"), "must be one of: " + String.join(", ", LOCATION_KINDS));
      }
      location = new EventTypeLocation(kind, where.string("location", 1024), where.string("additional_info", 1024));
    }
    body.problems().throwIfAny();

    User hostUser = Access.referencedUser(store, caller, host);
    Access.requireSelfOrAdmin(caller, host);
    for (String coHost : coHosts) {
      Access.referencedUser(store, caller, coHost);
    }
    ZoneId effectiveZone = zone != null ? zone : ZoneId.of(hostUser.timezone());
    if (range.endDate().isBefore(LocalDate.ofInstant(context.now(), effectiveZone))) {
      throw ApiException.invalid("date_setting.end_date", "must not be in the past");
    }
    AvailabilitySchedule schedule =
        store.schedulesOf(host).stream().filter(AvailabilitySchedule::isDefault).findFirst()
            .orElseThrow(() -> new IllegalStateException("user without a default schedule"));
    Instant now = context.now();
    String uuid = context.ids().uuid();
    EventType created =
        new EventType(
            uuid, host, name, slug(name) + "-" + uuid.substring(0, 8), true, "solo", true,
            duration, null, Math.min(duration, 30), 0, 0, 0, 1, 0, "#a0c3ff", null, null, true,
            false, 0, hostUser.locale(), List.of(location), List.of(), schedule.uuid(), range,
            coHosts, now, now);
    store.putEventType(created);
    return ApiResponse.resource(201, context.views().eventType(created));
  }

  private static LocalDate date(Body body, String field) {
    String text = body.requiredString(field, 10);
    if (text == null) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      body.problems().add(body.name(field), "must be a date like 2026-01-31");
      return null;
    }
  }

  /** A URL-safe slug of {@code text}. */
  static String slug(String text) {
    String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    return slug.isEmpty() ? "event" : slug;
  }
}
