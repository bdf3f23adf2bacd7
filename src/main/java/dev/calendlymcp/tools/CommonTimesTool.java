package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.BusyTime;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code find_common_times}: when several members of the organization are all free, over up to 90
 * days. Each person's free time is their default availability schedule, read in the schedule's own
 * time zone (so 09:00 stays 09:00 across a daylight-saving change), minus their busy times
 * (Calendly meetings and events on connected calendars), read in Calendly's 7-day windows. The
 * common time is the intersection, cut to stretches of at least the meeting's length.
 *
 * <p>A calendar Calendly will not show (another member's needs an admin or owner, and the token
 * needs {@code availability:read}) does not fail the search: the result says whose calendar was
 * left out and why, and the times hold for the others only. Reads go through the client's cache and
 * limiter; a search that needs more reads than the user's per-minute limit is refused up front with
 * the range or group size that would fit.
 */
final class CommonTimesTool {

  static final int MAX_PEOPLE = 8;
  static final int DEFAULT_MAX_RESULTS = 20;
  static final int MAX_RESULTS = 200;
  private static final int PARALLEL_READS = 4;
  /** Reads per person besides busy times: the user (name, zone) and their schedules. */
  private static final int FIXED_READS_PER_PERSON = 2;
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
  private static final int SHOWN_IN_TEXT = 10;

  private CommonTimesTool() {}

  static ToolDefinition definition() {
    Schema window = Schema.object()
        .optional("start_time", Schema.string().description("UTC."))
        .optional("end_time", Schema.string().description("UTC; everyone is free until then."))
        .optional("minutes", Schema.integer())
        .optional("local_start", Schema.string().description("In timezone."))
        .optional("local_end", Schema.string());
    Schema person = Schema.object()
        .optional("user_uri", Schema.string().nullable().description("Null if it could not be looked up."))
        .optional("name", Schema.string().nullable())
        .optional("timezone", Schema.string().nullable().description("Their schedule's."))
        .optional("schedule", Schema.string().nullable().description("The schedule used."))
        .optional("busy_count", Schema.integer())
        .optional("readable", Schema.bool().description("False: left out of the times; see reason."))
        .optional("reason", Schema.string().nullable());
    return ToolDefinition.builder("find_common_times")
        .title("Find common free times")
        .description(
            "When several members (you included, as \"me\") are all free for a meeting within 90"
                + " days: each one's default availability schedule in their own time zone, minus"
                + " their busy times. Reading another"
                + " member's calendar needs an admin or owner: anyone unreadable is left out and"
                + " listed with the reason. Costs about 2 reads per person plus 1 per person-week.")
        .toolset(Toolset.AVAILABILITY)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("people", Schema.array(References.userArgument()).minItems(1).maxItems(MAX_PEOPLE)
                .description("Each by URI, UUID, email or member name; \"me\" for you."))
            .required("duration_minutes", Schema.integer().minimum(5).maximum(24 * 60)
                .description("Meeting length."))
            .optional("start_time", Schema.string().format(Schema.DATE_TIME).maxLength(40).description("Default: now."))
            .optional("end_time", Schema.string().format(Schema.DATE_TIME).maxLength(40)
                .description("Default: +7 days; max +90."))
            .optional("timezone", Schema.string().maxLength(64).description("IANA, for local times; default: yours."))
            .optional("max_results", Schema.integer().minimum(1).maximum(MAX_RESULTS)
                .defaultValue(DEFAULT_MAX_RESULTS).description("Window cap."))
            .closed())
        .output(Schema.object()
            .optional("range_start", Schema.string())
            .optional("range_end", Schema.string())
            .optional("duration_minutes", Schema.integer())
            .optional("timezone", Schema.string())
            .optional("windows", Schema.array(window)
                .description("Stretches when every readable person is free, earliest first."))
            .optional("more_available", Schema.bool().description("More windows than max_results."))
            .optional("complete", Schema.bool().description("False if someone's calendar was unreadable."))
            .optional("people", Schema.array(person))
            .optional("calendly_reads", Schema.integer().description("Calendly reads this search made (cached ones too).")))
        .handler(CommonTimesTool::handle)
        .build();
  }

  /** A half-open stretch of time. */
  record Span(Instant start, Instant end) {
    Duration length() {
      return Duration.between(start, end);
    }
  }

  /**
   * One person as far as they were read.
   *
   * @param uri null when the reference could not even be looked up
   * @param reference what the caller passed, for when neither URI nor name is known
   */
  record Person(URI uri, String reference, String name, AvailabilitySchedule schedule, List<BusyTime> busy,
      String unreadable) {
    boolean readable() {
      return unreadable == null;
    }

    Person withBusy(List<BusyTime> found) {
      return new Person(uri, reference, name, schedule, found, null);
    }

    Person refused(String reason) {
      return new Person(uri, reference, name, schedule, List.of(), reason);
    }
  }

  private static Mono<ToolResult> handle(ToolArguments arguments, ToolContext context) {
    return Mono.defer(() -> {
      FindTimesTool.Range range = FindTimesTool.range(
          arguments.instant("start_time"), arguments.instant("end_time"), context.clock().instant());
      Span span = new Span(range.start(), range.end());
      Duration duration = Duration.ofMinutes(arguments.integer("duration_minutes").orElseThrow());
      int maxResults = arguments.integer("max_results").orElse((long) DEFAULT_MAX_RESULTS).intValue();
      Optional<ZoneId> zone = arguments.string("timezone").map(FindTimesTool::zone);
      List<String> references = arguments.stringList("people");
      CalendlyClient client = context.calendly().client();
      List<Instant[]> windows = AvailabilityTools.windows(span.start(), span.end());
      AtomicInteger reads = new AtomicInteger();
      return client.users().me().flatMap(me -> resolve(client, references)
          .flatMap(resolved -> {
            checkBudget(context.calendly().rateBudget(), resolved.size(), windows.size(), span);
            return Flux.fromIterable(resolved)
                .flatMapSequential(one -> one.uri() == null
                    ? Mono.just(new Person(null, one.reference(), null, null, List.of(), one.refusal()))
                    : describe(client, me, one, reads), PARALLEL_READS)
                .collectList()
                .flatMap(people -> readBusy(client, people, windows, reads, context.progress()))
                .map(people -> render(people, me, span, duration, zone.orElseGet(() -> FindTimesTool.userZone(me)),
                    maxResults, reads.get()));
          }));
    });
  }

  /** A reference as looked up: its user, or why it could not be. */
  record Resolved(String reference, URI uri, String refusal) {}

  /**
   * Every reference as a user URI, in the order given, each person once. A name or email needs the
   * member list, which Calendly may refuse a member: that person is then left out with the reason,
   * while a name that matches no one (or several) fails the call, for the model to fix.
   */
  private static Mono<List<Resolved>> resolve(CalendlyClient client, List<String> references) {
    return Flux.range(0, references.size())
        .concatMap(i -> References.user(client, Optional.of(references.get(i)), "people[" + i + "]")
            .map(uri -> new Resolved(references.get(i), uri, null))
            .onErrorResume(CalendlyException.PermissionDenied.class, e -> Mono.just(new Resolved(
                references.get(i), null, refusal(e, ROLE_FOR_LOOKUP)))))
        .collectList()
        .map(all -> {
          Map<String, Resolved> distinct = new LinkedHashMap<>();
          all.forEach(one -> distinct.putIfAbsent(one.uri() == null ? "?" + one.reference() : one.uri().toString(), one));
          return List.copyOf(distinct.values());
        });
  }

  /**
   * Refuses up front a search that needs more reads than the user may make in a minute: the limiter
   * would queue it past the call's deadline. Names the longest range that fits.
   */
  static void checkBudget(Optional<BudgetSnapshot> budget, int people, int windows, Span span) {
    int needed = people * (FIXED_READS_PER_PERSON + windows);
    budget.ifPresent(snapshot -> {
      if (needed > snapshot.limit()) {
        int weeks = snapshot.limit() / people - FIXED_READS_PER_PERSON;
        String advice = weeks >= 1
            ? "search at most " + weeks * 7 + " days at a time (end_time " + span.start().plus(Duration.ofDays(weeks * 7L)) + ")"
            : "name fewer people";
        throw new ToolFailure("Finding common times for " + people + " people over "
            + Math.max(1, span.length().toDays()) + " days needs about " + needed + " Calendly reads, more than the "
            + snapshot.limit() + " per minute this account's rate limit allows; " + advice + ". Nothing was read.");
      }
    });
  }

  /** The person's name and default schedule, or why Calendly would not show them. */
  private static Mono<Person> describe(CalendlyClient client, User me, Resolved resolved, AtomicInteger reads) {
    URI uri = resolved.uri();
    String reference = resolved.reference();
    boolean self = uri.equals(me.uri());
    Mono<User> user = self ? Mono.just(me) : Mono.defer(() -> {
      reads.incrementAndGet();
      return client.users().get(uri.toString());
    });
    return user
        .flatMap(found -> {
          reads.incrementAndGet();
          return client.availability().userAvailabilitySchedules(uri.toString())
              .map(schedules -> pick(schedules)
                  .map(schedule -> new Person(uri, reference, found.name(), schedule, List.of(), null))
                  .orElseGet(() -> new Person(uri, reference, found.name(), null, List.of(),
                      "Calendly returned no availability schedule for them")))
              .onErrorResume(CalendlyException.PermissionDenied.class,
                  e -> Mono.just(new Person(uri, reference, found.name(), null, List.of(), refusal(e, self))));
        })
        .onErrorResume(CalendlyException.PermissionDenied.class,
            e -> Mono.just(new Person(uri, reference, null, null, List.of(), refusal(e, self))))
        .onErrorResume(CalendlyException.NotFound.class,
            e -> Mono.just(new Person(uri, reference, null, null, List.of(), "Calendly knows no such user in your organization")));
  }

  /** The default schedule, else the first. */
  private static Optional<AvailabilitySchedule> pick(List<AvailabilitySchedule> schedules) {
    return schedules.stream().filter(AvailabilitySchedule::defaultSchedule).findFirst()
        .or(() -> schedules.stream().findFirst());
  }

  private static final String ROLE_FOR_CALENDAR = "only admins and owners may read another member's busy times"
      + " and schedules; ask them for a booking link, or an admin to search";
  private static final String ROLE_FOR_LOOKUP = "looking members up by name or email needs the admin or owner"
      + " role here; pass their user URI instead";

  /** Why a calendar cannot be read, told by what Calendly said: scope, plan, else role. */
  static String refusal(CalendlyException.PermissionDenied error, boolean self) {
    return refusal(error, self ? "Calendly refused to show your own calendar" : ROLE_FOR_CALENDAR);
  }

  private static String refusal(CalendlyException.PermissionDenied error, String otherwise) {
    String said = Optional.ofNullable(error.calendlyMessage()).filter(m -> !m.isBlank()).orElse("403");
    String lower = said.toLowerCase(Locale.ROOT);
    String why;
    if (lower.contains("scope")) {
      why = "the token lacks a scope this needs (availability:read, or organizations:read to look members up);"
          + " reconnect granting it";
    } else if (lower.contains("plan") || lower.contains("upgrade")) {
      why = "the organization's Calendly plan does not allow it";
    } else {
      why = otherwise;
    }
    return why + " (Calendly: " + said + ")";
  }

  /** Every readable person's busy times over the range, one 7-day window per read. */
  private static Mono<List<Person>> readBusy(
      CalendlyClient client, List<Person> people, List<Instant[]> windows, AtomicInteger reads, ProgressReporter progress) {
    record Task(int person, Instant[] window) {}
    List<Task> tasks = new ArrayList<>();
    for (int p = 0; p < people.size(); p++) {
      if (people.get(p).readable()) {
        for (Instant[] window : windows) {
          tasks.add(new Task(p, window));
        }
      }
    }
    record Read(int person, List<BusyTime> busy, String refused) {}
    AtomicInteger done = new AtomicInteger();
    return Flux.fromIterable(tasks)
        .flatMap(task -> {
          reads.incrementAndGet();
          URI uri = people.get(task.person()).uri();
          return client.availability().userBusyTimes(uri.toString(), task.window()[0], task.window()[1])
              .map(busy -> new Read(task.person(), busy, null))
              .onErrorResume(CalendlyException.PermissionDenied.class, e -> Mono.just(
                  new Read(task.person(), List.of(), refusal(e, false))));
        }, PARALLEL_READS)
        // One report at a time, in order, so a client sees progress only grow.
        .concatMap(read -> {
          int reached = done.incrementAndGet();
          return tasks.size() < 2 ? Mono.just(read)
              : progress.report(reached, (double) tasks.size(), reached + " of " + tasks.size() + " calendar weeks read")
                  .thenReturn(read);
        })
        .collectList()
        .map(all -> {
          Map<Integer, List<BusyTime>> busy = new HashMap<>();
          Map<Integer, String> refused = new HashMap<>();
          for (Read read : all) {
            busy.computeIfAbsent(read.person(), p -> new ArrayList<>()).addAll(read.busy());
            if (read.refused() != null) {
              refused.putIfAbsent(read.person(), read.refused());
            }
          }
          List<Person> out = new ArrayList<>();
          for (int p = 0; p < people.size(); p++) {
            Person person = people.get(p);
            out.add(!person.readable() ? person
                : refused.containsKey(p) ? person.refused(refused.get(p))
                : person.withBusy(busy.getOrDefault(p, List.of())));
          }
          return out;
        });
  }

  // ---- the arithmetic

  /** When the schedule offers time within {@code range}, as instants, sorted and disjoint. */
  static List<Span> available(AvailabilitySchedule schedule, Span range) {
    ZoneId zone = zoneOf(schedule);
    Map<DayOfWeek, List<AvailabilityRule.Interval>> weekly = new EnumMap<>(DayOfWeek.class);
    Map<LocalDate, List<AvailabilityRule.Interval>> dates = new HashMap<>();
    for (AvailabilityRule rule : schedule.rules()) {
      if (rule.type() == AvailabilityRule.Type.WDAY && rule.wday() != null) {
        rule.wday().toDayOfWeek().ifPresent(day -> weekly.computeIfAbsent(day, d -> new ArrayList<>()).addAll(rule.intervals()));
      } else if (rule.type() == AvailabilityRule.Type.DATE && rule.date() != null) {
        dates.computeIfAbsent(rule.date(), d -> new ArrayList<>()).addAll(rule.intervals());
      }
    }
    List<Span> spans = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(range.end(), zone).plusDays(1);
    for (LocalDate day = LocalDate.ofInstant(range.start(), zone).minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
      List<AvailabilityRule.Interval> intervals =
          dates.containsKey(day) ? dates.get(day) : weekly.getOrDefault(day.getDayOfWeek(), List.of());
      for (AvailabilityRule.Interval interval : intervals) {
        Instant from = max(at(day, interval.fromMinute(), zone), range.start());
        Instant to = min(at(day, interval.toMinute(), zone), range.end());
        if (from.isBefore(to)) {
          spans.add(new Span(from, to));
        }
      }
    }
    return union(spans);
  }

  /**
   * The first instant whose wall-clock time in {@code zone} is {@code minute} of {@code day}: in a
   * spring-forward gap that is the moment the clocks jump, as a person reading "from 02:30" means.
   */
  static Instant at(LocalDate day, int minute, ZoneId zone) {
    if (minute >= 24 * 60) {
      return day.plusDays(1).atStartOfDay(zone).toInstant();
    }
    LocalDateTime local = LocalDateTime.of(day, LocalTime.of(minute / 60, minute % 60));
    if (zone.getRules().getValidOffsets(local).isEmpty()) {
      ZoneOffsetTransition gap = zone.getRules().getTransition(local);
      return gap.getInstant();
    }
    return local.atZone(zone).toInstant();
  }

  /** {@code free} minus {@code busy}; both sorted and disjoint on output. */
  static List<Span> subtract(List<Span> free, List<Span> busy) {
    List<Span> out = new ArrayList<>();
    List<Span> blocks = union(busy);
    for (Span span : free) {
      Instant cursor = span.start();
      for (Span block : blocks) {
        if (!block.end().isAfter(cursor) || !block.start().isBefore(span.end())) {
          continue;
        }
        if (block.start().isAfter(cursor)) {
          out.add(new Span(cursor, block.start()));
        }
        cursor = max(cursor, block.end());
      }
      if (cursor.isBefore(span.end())) {
        out.add(new Span(cursor, span.end()));
      }
    }
    return out;
  }

  /** Where two sorted, disjoint lists overlap. */
  static List<Span> intersect(List<Span> a, List<Span> b) {
    List<Span> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      Instant from = max(a.get(i).start(), b.get(j).start());
      Instant to = min(a.get(i).end(), b.get(j).end());
      if (from.isBefore(to)) {
        out.add(new Span(from, to));
      }
      if (a.get(i).end().isBefore(b.get(j).end())) {
        i++;
      } else {
        j++;
      }
    }
    return out;
  }

  /** Sorted, with overlapping or touching spans joined. */
  static List<Span> union(List<Span> spans) {
    List<Span> sorted = spans.stream().filter(s -> s.start().isBefore(s.end()))
        .sorted(Comparator.comparing(Span::start)).toList();
    List<Span> out = new ArrayList<>();
    for (Span span : sorted) {
      if (!out.isEmpty() && !span.start().isAfter(out.get(out.size() - 1).end())) {
        Span previous = out.remove(out.size() - 1);
        out.add(new Span(previous.start(), max(previous.end(), span.end())));
      } else {
        out.add(span);
      }
    }
    return out;
  }

  /** When every readable person is free for at least {@code duration}; null when none is readable. */
  static List<Span> common(List<Person> people, Span range, Duration duration) {
    List<Span> together = null;
    for (Person person : people) {
      if (!person.readable()) {
        continue;
      }
      List<Span> busy = person.busy().stream()
          .filter(b -> b.startTime() != null && b.endTime() != null)
          .map(b -> new Span(b.startTime(), b.endTime()))
          .toList();
      List<Span> free = subtract(available(person.schedule(), range), busy);
      together = together == null ? free : intersect(together, free);
    }
    return together == null ? null
        : together.stream().filter(span -> span.length().compareTo(duration) >= 0).toList();
  }

  private static ZoneId zoneOf(AvailabilitySchedule schedule) {
    String name = schedule.timezone();
    return name != null && ZoneId.getAvailableZoneIds().contains(name) ? ZoneId.of(name) : ZoneId.of("UTC");
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  // ---- the answer

  private static ToolResult render(
      List<Person> people, User me, Span range, Duration duration, ZoneId zone, int maxResults, int reads) {
    List<Span> found = common(people, range, duration);
    List<Span> all = found == null ? List.of() : found;
    List<Span> shown = all.size() > maxResults ? all.subList(0, maxResults) : all;
    List<Person> unreadable = people.stream().filter(p -> !p.readable()).toList();

    List<Map<String, Object>> windows = new ArrayList<>();
    for (Span span : shown) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("start_time", span.start().toString());
      item.put("end_time", span.end().toString());
      item.put("minutes", span.length().toMinutes());
      item.put("local_start", LOCAL.format(span.start().atZone(zone)));
      item.put("local_end", LOCAL.format(span.end().atZone(zone)));
      windows.add(item);
    }
    List<Map<String, Object>> persons = new ArrayList<>();
    for (Person person : people) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("user_uri", person.uri() == null ? null : person.uri().toString());
      item.put("name", person.name());
      item.put("timezone", person.schedule() == null ? null : person.schedule().timezone());
      item.put("schedule", person.schedule() == null ? null : person.schedule().name());
      item.put("busy_count", person.busy().size());
      item.put("readable", person.readable());
      item.put("reason", person.unreadable());
      persons.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("range_start", range.start().toString());
    out.put("range_end", range.end().toString());
    out.put("duration_minutes", duration.toMinutes());
    out.put("timezone", zone.getId());
    out.put("windows", windows);
    out.put("more_available", all.size() > shown.size());
    out.put("complete", unreadable.isEmpty());
    out.put("people", persons);
    out.put("calendly_reads", reads);
    return new ToolResult(out, text(people, me, range, duration, zone, all, shown, unreadable));
  }

  private static String text(List<Person> people, User me, Span range, Duration duration, ZoneId zone,
      List<Span> all, List<Span> shown, List<Person> unreadable) {
    List<String> readable = people.stream().filter(Person::readable).map(p -> label(p, me)).toList();
    StringBuilder text = new StringBuilder();
    if (readable.isEmpty()) {
      text.append("No calendar could be read, so no common time was computed.");
    } else {
      text.append(all.isEmpty() ? "No time" : all.size() + (all.size() == 1 ? " window" : " windows"))
          .append(" when ").append(String.join(", ", readable)).append(readable.size() == 1 ? " is" : " are all")
          .append(" free for ").append(duration.toMinutes()).append(" minutes between ")
          .append(FindTimesTool.localLabel(range.start(), zone)).append(" and ")
          .append(FindTimesTool.localLabel(range.end(), zone)).append(all.isEmpty() ? "." : ":");
      shown.stream().limit(SHOWN_IN_TEXT).forEach(span -> text.append("\n- ")
          .append(FindTimesTool.localLabel(span.start(), zone)).append(" to ")
          .append(span.start().atZone(zone).toLocalDate().equals(span.end().atZone(zone).toLocalDate())
              ? CLOCK.format(span.end().atZone(zone)) : FindTimesTool.localLabel(span.end(), zone))
          .append(" (").append(span.length().toMinutes()).append(" min)"));
      if (all.size() > SHOWN_IN_TEXT) {
        text.append("\n…and ").append(all.size() - SHOWN_IN_TEXT).append(" more in the structured result.");
      }
    }
    for (Person person : unreadable) {
      text.append("\nLeft out: ").append(label(person, me)).append(": ").append(person.unreadable()).append('.');
    }
    if (!unreadable.isEmpty() && !readable.isEmpty()) {
      text.append("\nThese times hold only for the people whose calendars were read.");
    }
    return text.toString();
  }

  private static String label(Person person, User me) {
    if (me.uri().equals(person.uri())) {
      return "you";
    }
    return person.name() != null ? person.name() : person.uri() != null ? person.uri().toString() : "'" + person.reference() + "'";
  }
}
