package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.calendly.model.User;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code find_available_times}: the open slots of an event type over any range up to 90 days.
 * Calendly answers at most one span per request (31 days today, 7 before July 2026), so the range
 * is cut into windows of that span, fetched concurrently (the client's rate limiter paces them),
 * merged, sorted and deduplicated. A span Calendly refuses as too long is retried in 7-day
 * windows and remembered for the account ({@link AvailabilitySpans}); until an account's long
 * span is known to work, its first window is sent alone, so a refusal costs one request, not one
 * per window.
 */
final class FindTimesTool {

  private static final Logger log = LoggerFactory.getLogger(FindTimesTool.class);

  static final Duration MAX_RANGE = Duration.ofDays(90);
  static final Duration DEFAULT_RANGE = Duration.ofDays(7);
  /** A start this far in the past is read as "now": the model's clock and ours differ a little. */
  static final Duration PAST_TOLERANCE = Duration.ofSeconds(60);
  /**
   * A start at "now" is sent this far ahead, rounded up to the minute: Calendly refuses a start
   * in the past, which "now" becomes on the way, and a whole minute keeps the windows (and so
   * the cache keys) of repeated searches the same.
   */
  static final Duration LEAD = Duration.ofSeconds(30);
  static final int MAX_PARALLEL_WINDOWS = 6;
  static final int DEFAULT_MAX_RESULTS = 50;
  static final int MAX_RESULTS = 500;

  // How Calendly words a span that is too long ("the range between start_time and end_time can
  // be no greater than 7 days"), as opposed to a start in the past or an end before the start.
  private static final Pattern SPAN_WORDS =
      Pattern.compile("\\b(days?|weeks?|range|span|greater|longer|exceed\\w*)\\b", Pattern.CASE_INSENSITIVE);
  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("EEE d MMM uuuu", Locale.ENGLISH);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private final AvailabilitySpans spans;

  FindTimesTool(AvailabilitySpans spans) {
    this.spans = spans;
  }

  /** A half-open interval of time. */
  record Range(Instant start, Instant end) {
    Duration length() {
      return Duration.between(start, end);
    }
  }

  ToolDefinition definition() {
    return ToolDefinition.builder("find_available_times")
        .title("Find times")
        .description(
            "Open slots of an event type within 90 days, earliest first; book one by its start_time. If"
                + " more_available, go on from next_start_time.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .required("event_type", References.eventTypeArgument())
                .optional(
                    "start_time",
                    Schema.string().format(Schema.DATE_TIME).description("Default: now."))
                .optional(
                    "end_time",
                    Schema.string().format(Schema.DATE_TIME)
                        .description("Default: +7 days; max +90."))
                .optional(
                    "timezone",
                    Schema.string().maxLength(64).description("IANA; default: yours."))
                .optional(
                    "max_results",
                    Schema.integer().minimum(1).maximum(MAX_RESULTS).defaultValue(DEFAULT_MAX_RESULTS)
                        .description("Slot cap."))
                .closed())
        .output(outputSchema())
        .handler(this::handle)
        .build();
  }

  private Mono<ToolResult> handle(ToolArguments arguments, ToolContext context) {
    return Mono.defer(
        () -> {
          Range range = range(arguments.instant("start_time"), arguments.instant("end_time"), context.clock().instant());
          Optional<ZoneId> zone = arguments.string("timezone").map(FindTimesTool::zone);
          int maxResults = arguments.integer("max_results").orElse((long) DEFAULT_MAX_RESULTS).intValue();
          CalendlyClient client = context.calendly().client();
          return Mono.zip(
                  client.users().me(),
                  References.eventType(client, arguments.requiredString("event_type"), "event_type"))
              .flatMap(found -> {
                User me = found.getT1();
                EventType type = found.getT2();
                if (Boolean.FALSE.equals(type.active())) {
                  return Mono.error(new ToolFailure(EventTypeTools.inactive(type)));
                }
                ZoneId out = zone.orElseGet(() -> userZone(me));
                Search search = new Search(client, type.uri().toString(), me.uri().toString(), context.progress());
                return search.run(range).flatMap(result -> result.slots().isEmpty()
                    ? new NoTimesReasons(client, type, range, context.clock().instant(), out).explain()
                        .map(reasons -> render(type, out, range, result, maxResults, reasons))
                    : Mono.just(render(type, out, range, result, maxResults, List.of())));
              });
        });
  }

  /**
   * The range to search: defaults filled in, a start up to {@link #PAST_TOLERANCE} behind {@code
   * now} moved to just after now, and every rule checked with a message naming the argument.
   */
  static Range range(Optional<Instant> requestedStart, Optional<Instant> requestedEnd, Instant now) {
    Instant earliest = earliest(now);
    Instant start = requestedStart.orElse(earliest);
    if (start.isBefore(now.minus(PAST_TOLERANCE))) {
      throw new IllegalArgumentException(
          "start_time " + start + " is in the past (now is " + now.truncatedTo(ChronoUnit.SECONDS)
              + "); Calendly only searches the future: pass a later start_time, or omit it to search from now");
    }
    if (start.isBefore(earliest)) {
      start = earliest;
    }
    Instant end = requestedEnd.orElse(start.plus(DEFAULT_RANGE));
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "end_time " + end + " must be after start_time " + start + (requestedStart.isEmpty() ? " (now)" : ""));
    }
    if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
      throw new IllegalArgumentException(
          "the range from start_time " + start + " to end_time " + end + " is "
              + Duration.between(start, end).toDays() + " days, longer than the 90 days one call searches;"
              + " set end_time to " + start.plus(MAX_RANGE) + " or earlier and continue from there");
    }
    return new Range(start, end);
  }

  /** The earliest start a search sends: "now" on its way to Calendly, on a whole minute. */
  static Instant earliest(Instant now) {
    return now.plus(LEAD).truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
  }

  /** {@code Tue 3 Mar 2026 14:00 Europe/London}: a time as a reason or a person reads it. */
  static String localLabel(Instant instant, ZoneId zone) {
    ZonedDateTime local = instant.atZone(zone);
    return DAY_LABEL.format(local) + " " + CLOCK.format(local) + " " + zone.getId();
  }

  /** {@code range} cut into consecutive windows of at most {@code spanDays}. */
  static List<Range> windows(Range range, int spanDays) {
    Duration span = Duration.ofDays(spanDays);
    List<Range> windows = new ArrayList<>();
    Instant from = range.start();
    while (from.isBefore(range.end())) {
      Instant to = from.plus(span).isBefore(range.end()) ? from.plus(span) : range.end();
      windows.add(new Range(from, to));
      from = to;
    }
    return windows;
  }

  /** Whether Calendly refused a request because its range was longer than it accepts. */
  static boolean spanTooLong(Throwable error) {
    if (!(error instanceof CalendlyException.BadRequest bad)) {
      return false;
    }
    return bad.details().stream()
        .anyMatch(d -> ("start_time".equals(d.parameter()) || "end_time".equals(d.parameter()))
            && d.message() != null
            && SPAN_WORDS.matcher(d.message()).find());
  }

  /** An IANA zone name, or an error naming the argument. */
  static ZoneId zone(String name) {
    String value = name.strip();
    if (!ZoneId.getAvailableZoneIds().contains(value)) {
      String shown = value.length() > 64 ? value.substring(0, 64) + "…" : value;
      throw new IllegalArgumentException(
          "timezone '" + shown + "' is not an IANA time zone name; use one such as Europe/Paris,"
              + " America/New_York or UTC");
    }
    return ZoneId.of(value);
  }

  /** The user's time zone, or UTC when Calendly gives none (or one this JVM does not know). */
  static ZoneId userZone(User me) {
    if (me.timezone() != null && ZoneId.getAvailableZoneIds().contains(me.timezone())) {
      return ZoneId.of(me.timezone());
    }
    return ZoneId.of("UTC");
  }

  /** The merged slots and how they were fetched. */
  record Found(List<EventTypeAvailableTime> slots, int windows, int spanDays) {}

  /** One search of one event type for one account. */
  private final class Search {
    private final CalendlyClient client;
    private final String eventType;
    private final String account;
    private final WindowProgress progress;

    Search(CalendlyClient client, String eventType, String account, ProgressReporter reporter) {
      this.client = client;
      this.eventType = eventType;
      this.account = account;
      this.progress = new WindowProgress(reporter);
    }

    Mono<Found> run(Range range) {
      int span = spans.spanDays(account);
      boolean probe = spans.verdict(account).isEmpty();
      Mono<Found> first = fetch(windows(range, span), span, probe);
      if (span == AvailabilitySpans.SHORT_DAYS) {
        return first;
      }
      return first.onErrorResume(
          FindTimesTool::spanTooLong,
          refused -> {
            spans.shortOnly(account);
            log.info("Calendly refused a {}-day availability range for this account; searching in {}-day windows from now on",
                span, AvailabilitySpans.SHORT_DAYS);
            return fetch(windows(range, AvailabilitySpans.SHORT_DAYS), AvailabilitySpans.SHORT_DAYS, false);
          });
    }

    private Mono<Found> fetch(List<Range> windows, int span, boolean probeFirst) {
      return Flux.defer(
              () -> {
                progress.start(windows.size());
                if (probeFirst && windows.size() > 1) {
                  return one(windows.get(0))
                      .concatWith(Flux.fromIterable(windows.subList(1, windows.size())).flatMap(this::one, MAX_PARALLEL_WINDOWS));
                }
                return Flux.fromIterable(windows).flatMap(this::one, MAX_PARALLEL_WINDOWS);
              })
          // flatMap emits one window at a time, so the reports go out in order and keep growing.
          .concatMap(slots -> progress.windowDone().thenReturn(slots))
          .collectList()
          .map(results -> new Found(merge(results), windows.size(), span));
    }

    private Mono<List<EventTypeAvailableTime>> one(Range window) {
      return client.availability()
          .eventTypeAvailableTimes(eventType, window.start(), window.end())
          .doOnNext(slots -> {
            if (window.length().compareTo(Duration.ofDays(AvailabilitySpans.SHORT_DAYS)) > 0) {
              spans.longAccepted(account);
            }
          });
    }
  }

  /** Sorted by start, one slot per start (windows meet at their edges). */
  static List<EventTypeAvailableTime> merge(List<List<EventTypeAvailableTime>> windows) {
    TreeMap<Instant, EventTypeAvailableTime> byStart = new TreeMap<>();
    for (List<EventTypeAvailableTime> slots : windows) {
      for (EventTypeAvailableTime slot : slots) {
        if (slot.startTime() != null) {
          byStart.putIfAbsent(slot.startTime(), slot);
        }
      }
    }
    return List.copyOf(byStart.values());
  }

  /**
   * Progress over the windows of a search; a fallback to short windows continues from where the
   * refused attempt left off, because a client must see progress only grow.
   */
  private static final class WindowProgress {
    private final ProgressReporter reporter;
    private int base;
    private int done;
    private int total;

    WindowProgress(ProgressReporter reporter) {
      this.reporter = reporter;
    }

    synchronized void start(int windows) {
      base += done;
      done = 0;
      total = windows;
    }

    Mono<Void> windowDone() {
      int reached;
      int all;
      String message;
      synchronized (this) {
        done++;
        reached = base + done;
        all = base + total;
        message = done + " of " + total + (total == 1 ? " window" : " windows") + " searched";
      }
      return reporter.report(reached, (double) all, message);
    }
  }

  private static ToolResult render(
      EventType type, ZoneId zone, Range range, Found found, int maxResults, List<String> whyNone) {
    List<EventTypeAvailableTime> all = found.slots();
    List<EventTypeAvailableTime> shown = all.size() > maxResults ? all.subList(0, maxResults) : all;
    boolean more = all.size() > shown.size();
    String next = more ? all.get(shown.size()).startTime().toString() : null;

    Map<String, Object> eventType = new LinkedHashMap<>();
    eventType.put("uri", type.uri().toString());
    eventType.put("name", type.name());
    eventType.put("duration_minutes", type.duration());
    eventType.put("scheduling_url", EventTypeTools.text(type.schedulingUrl()));

    List<Map<String, Object>> slots = new ArrayList<>();
    Map<LocalDate, List<String>> byDay = new LinkedHashMap<>();
    for (EventTypeAvailableTime slot : shown) {
      ZonedDateTime local = slot.startTime().atZone(zone);
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("start_time", slot.startTime().toString());
      item.put("local_time", LOCAL_TIME.format(local));
      item.put("weekday", local.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
      item.put("invitees_remaining", slot.inviteesRemaining());
      item.put("scheduling_url", EventTypeTools.text(slot.schedulingUrl()));
      slots.add(item);
      byDay.computeIfAbsent(local.toLocalDate(), day -> new ArrayList<>()).add(CLOCK.format(local));
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("event_type", eventType);
    out.put("timezone", zone.getId());
    out.put("start_time", range.start().toString());
    out.put("end_time", range.end().toString());
    out.put("slots", slots);
    out.put("total_found", all.size());
    out.put("more_available", more);
    out.put("next_start_time", next);
    out.put("windows_searched", found.windows());
    out.put("window_days", found.spanDays());
    out.put("why_none", whyNone.isEmpty() ? null : String.join(" ", whyNone));

    StringBuilder text = new StringBuilder();
    String name = type.name() == null ? type.uri().toString() : type.name();
    if (all.isEmpty()) {
      text.append("No open times for ").append(name).append(" between ").append(range.start())
          .append(" and ").append(range.end()).append('.');
      whyNone.forEach(reason -> text.append(' ').append(reason));
    } else {
      text.append(all.size()).append(all.size() == 1 ? " open time" : " open times").append(" for ").append(name)
          .append(" between ").append(range.start()).append(" and ").append(range.end());
      if (more) {
        text.append("; the first ").append(shown.size()).append(" shown");
      }
      text.append(", in ").append(zone.getId()).append(':');
      byDay.forEach((day, times) -> text.append("\n").append(DAY_LABEL.format(day)).append(": ").append(String.join(", ", times)));
      if (more) {
        text.append("\nMore available: call again with start_time ").append(next).append('.');
      }
    }
    return new ToolResult(out, text.toString());
  }

  private static Schema outputSchema() {
    return Schema.object()
        .field("event_type", Schema.object().strings("uri", "name").integers("duration_minutes").strings("scheduling_url"))
        .strings("timezone", "start_time", "end_time")
        .field(
            "slots",
            Schema.listOf(Schema.object()
                .strings("start_time", "local_time", "weekday").integers("invitees_remaining").strings("scheduling_url")))
        .integers("total_found")
        .booleans("more_available")
        .strings("next_start_time")
        .integers("windows_searched", "window_days")
        .strings("why_none");
  }
}
