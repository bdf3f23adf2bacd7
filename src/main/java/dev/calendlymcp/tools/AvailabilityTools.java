package dev.calendlymcp.tools;

import static dev.calendlymcp.tools.Lookups.text;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.BusyTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code availability} toolset: when a user is busy, and the working hours their event types
 * offer. It only reads them: this server has no tools yet to change a schedule.
 */
public final class AvailabilityTools {

  /** Calendly's longest span for {@code GET /user_busy_times}. */
  static final Duration WINDOW = Duration.ofDays(7);
  /** The longest range one call accepts: five windows, fetched together. */
  static final Duration MAX_RANGE = Duration.ofDays(31);
  /**
   * Calendly rejects a start in the past, and "now" moves while the request travels; a start
   * this close to now (or before it) is moved to now plus this margin.
   */
  static final Duration START_MARGIN = Duration.ofSeconds(5);
  private static final int SHOWN_IN_TEXT = 10;

  private AvailabilityTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(userBusyTimes(), listSchedules(), getSchedule(), CommonTimesTool.definition());
  }

  static ToolDefinition userBusyTimes() {
    Schema busy = Schema.object()
        .required("type", Schema.string().enumOf("calendly", "external", "unknown")
            .description("calendly: a Calendly meeting; external: an event on a connected calendar."))
        .required("start_time", Schema.string().format(Schema.DATE_TIME).description("Start (UTC)."))
        .required("end_time", Schema.string().format(Schema.DATE_TIME).description("End (UTC)."))
        .required("buffered_start_time", Schema.string().nullable().format(Schema.DATE_TIME)
            .description("Start including the buffer kept free before the meeting."))
        .required("buffered_end_time", Schema.string().nullable().format(Schema.DATE_TIME)
            .description("End including the buffer kept free after the meeting."))
        .required("event_uri", Schema.string().nullable()
            .description("The scheduled event, for calendly busy times; null for external ones."));
    return ToolDefinition.builder("get_user_busy_times")
        .title("User's busy times")
        .description(
            "List when a user is busy (Calendly meetings and events on connected calendars) between"
                + " two times up to 31 days apart, for you or, as an admin, another member; a start"
                + " in the past is moved to now. Pass start_time and end_time (RFC 3339) and"
                + " optionally user; returns the busy spans sorted by start, in UTC. Free time is not yet"
                + " a bookable slot: an event type adds its own rules.")
        .toolset(Toolset.AVAILABILITY)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("start_time", Schema.string().format(Schema.DATE_TIME).maxLength(40)
                .description("Start of the range, RFC 3339 with an offset, e.g. 2026-12-01T00:00:00Z."))
            .required("end_time", Schema.string().format(Schema.DATE_TIME).maxLength(40)
                .description("End of the range, at most 31 days after start_time."))
            .optional("user", References.userArgument("leave out for yourself"))
            .closed())
        .output(Schema.object()
            .required("user_uri", Schema.string().description("The user whose busy times these are."))
            .required("range_start", Schema.string().format(Schema.DATE_TIME)
                .description("Where the search started: start_time, or now if that was in the past."))
            .required("range_end", Schema.string().format(Schema.DATE_TIME).description("Where the search ended."))
            .required("busy_times", Schema.array(busy).description("The busy spans, earliest first."))
            .required("count", Schema.integer().description("How many busy spans there are.")))
        .handler(AvailabilityTools::busyTimes)
        .build();
  }

  private static Mono<ToolResult> busyTimes(ToolArguments arguments, ToolContext context) {
    Instant requestedStart = arguments.instant("start_time").orElseThrow();
    Instant end = arguments.instant("end_time").orElseThrow();
    Instant earliest = context.clock().instant().plus(START_MARGIN);
    Instant start = requestedStart.isBefore(earliest) ? earliest : requestedStart;
    if (!end.isAfter(requestedStart)) {
      return Mono.error(new IllegalArgumentException("end_time must be after start_time"));
    }
    if (!end.isAfter(start)) {
      return Mono.error(new IllegalArgumentException(
          "end_time is in the past; Calendly reports busy times from now on only"));
    }
    if (Duration.between(requestedStart, end).compareTo(MAX_RANGE) > 0) {
      return Mono.error(new IllegalArgumentException(
          "end_time may be at most 31 days after start_time; split longer ranges into several calls"));
    }
    CalendlyClient client = context.calendly().client();
    List<Instant[]> windows = windows(start, end);
    AtomicInteger done = new AtomicInteger();
    return References.user(client, arguments, "user")
        .flatMap(user -> Flux.fromIterable(windows)
            .flatMapSequential(
                window -> client.availability().userBusyTimes(user.toString(), window[0], window[1])
                    .flatMap(found -> progress(context, done.incrementAndGet(), windows.size()).thenReturn(found)),
                windows.size())
            .collectList()
            .map(pages -> render(user, start, end, merge(pages))))
        .transform(Lookups.onRefusal(
            "Only admins and owners see other members' busy times: leave user out to see your own,"
                + " or use find_available_times on the member's event types."));
  }

  private static Mono<Void> progress(ToolContext context, int done, int total) {
    if (total < 2) {
      return Mono.empty();
    }
    return context.progress().report(done, (double) total, done + " of " + total + " weeks searched");
  }

  /** Calendly's 7-day windows covering [start, end). */
  static List<Instant[]> windows(Instant start, Instant end) {
    List<Instant[]> windows = new ArrayList<>();
    for (Instant from = start; from.isBefore(end); from = from.plus(WINDOW)) {
      Instant to = from.plus(WINDOW);
      windows.add(new Instant[] {from, to.isAfter(end) ? end : to});
    }
    return windows;
  }

  /** One list, sorted by start; a meeting that spans two windows was reported by both. */
  private static List<BusyTime> merge(List<List<BusyTime>> pages) {
    LinkedHashSet<BusyTime> distinct = new LinkedHashSet<>();
    pages.forEach(distinct::addAll);
    List<BusyTime> sorted = new ArrayList<>(distinct);
    sorted.sort(Comparator.comparing(BusyTime::startTime, Comparator.nullsLast(Comparator.naturalOrder())));
    return sorted;
  }

  private static ToolResult render(URI user, Instant start, Instant end, List<BusyTime> busy) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (BusyTime time : busy) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("type", time.type() == null ? "unknown" : ResourceMaps.wire(time.type()));
      item.put("start_time", text(time.startTime()));
      item.put("end_time", text(time.endTime()));
      item.put("buffered_start_time", text(time.bufferedStartTime()));
      item.put("buffered_end_time", text(time.bufferedEndTime()));
      item.put("event_uri", time.event() == null ? null : text(time.event().uri()));
      items.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_uri", user.toString());
    out.put("range_start", start.toString());
    out.put("range_end", end.toString());
    out.put("busy_times", items);
    out.put("count", items.size());

    StringBuilder text = new StringBuilder();
    text.append(busy.isEmpty() ? "No busy times" : busy.size() + (busy.size() == 1 ? " busy time" : " busy times"))
        .append(" between ").append(start).append(" and ").append(end).append(busy.isEmpty() ? "." : ":");
    busy.stream().limit(SHOWN_IN_TEXT).forEach(time -> text.append("\n- ").append(time.startTime())
        .append(" to ").append(time.endTime()).append(" (")
        .append(time.type() == null ? "unknown" : ResourceMaps.wire(time.type())).append(')'));
    if (busy.size() > SHOWN_IN_TEXT) {
      text.append("\n…and ").append(busy.size() - SHOWN_IN_TEXT).append(" more in the structured result.");
    }
    return new ToolResult(out, text.toString());
  }

  static ToolDefinition listSchedules() {
    return ToolDefinition.builder("list_availability_schedules")
        .title("Availability schedules")
        .description(
            "List a user's availability schedules: the weekly working hours and date overrides,"
                + " in the schedule's time zone, that their event types offer. Leave user out for"
                + " yourself; another member's needs an admin.")
        .toolset(Toolset.AVAILABILITY)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("user", References.userArgument("leave out for yourself"))
            .closed())
        .output(Schema.object()
            .required("user_uri", Schema.string().description("Whose schedules these are."))
            .required("schedules", Schema.array(ResourceMaps.scheduleSchema()).description("The schedules, default first.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return References.user(client, arguments, "user")
              .flatMap(user -> client.availability().userAvailabilitySchedules(user.toString())
                  .map(schedules -> renderSchedules(user, schedules)))
              .transform(Lookups.onRefusal(
                  "Only admins and owners see other members' schedules: leave user out to see your own."));
        })
        .build();
  }

  private static ToolResult renderSchedules(URI user, List<AvailabilitySchedule> schedules) {
    List<AvailabilitySchedule> ordered = new ArrayList<>(schedules);
    ordered.sort(Comparator.comparing(s -> !s.defaultSchedule()));
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    text.append(ordered.isEmpty() ? "No availability schedules." : ordered.size() + " availability schedule"
        + (ordered.size() == 1 ? ":" : "s:"));
    for (AvailabilitySchedule schedule : ordered) {
      items.add(ResourceMaps.schedule(schedule));
      text.append("\n- ").append(ResourceMaps.scheduleLine(schedule));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user_uri", user.toString());
    out.put("schedules", items);
    return new ToolResult(out, text.toString());
  }

  static ToolDefinition getSchedule() {
    return ToolDefinition.builder("get_availability_schedule")
        .title("Availability schedule")
        .description(
            "Get one availability schedule by URI or UUID (from list_availability_schedules): its"
                + " weekly rules and date overrides in its time zone.")
        .toolset(Toolset.AVAILABILITY)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("schedule", Lookups.reference("The schedule's URI or UUID."))
            .closed())
        .output(ResourceMaps.scheduleSchema())
        .handler((arguments, context) -> context.calendly().client().availability()
            .userAvailabilitySchedule(arguments.requiredString("schedule"))
            .map(schedule -> new ToolResult(ResourceMaps.schedule(schedule), ResourceMaps.scheduleLine(schedule)))
            .transform(Lookups.onRefusal("Only admins and owners see other members' schedules.")))
        .build();
  }
}
