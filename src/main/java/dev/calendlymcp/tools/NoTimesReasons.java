package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.BusyTime;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.ratelimit.RateLimitWaitTooLongException;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Why {@code find_available_times} found nothing, as far as the API lets this server tell. The
 * host's availability schedule shows days closed by a date override or without weekly hours;
 * their busy times show hours that are all taken; and one more search next to the range tells the
 * event type's own limits apart: open times right after a range close to now point at its minimum
 * scheduling notice, open times that stop some days before a far range point at its booking window.
 * At most three requests, made only when a search came back empty; any of them failing just leaves
 * its reason out.
 */
final class NoTimesReasons {

  /** Calendly's longest span for busy times, and the length of the probing search. */
  static final Duration PROBE = Duration.ofDays(7);
  /** A range starting closer to now than this is "near": an empty one suggests the minimum notice. */
  static final Duration NEAR = Duration.ofDays(1);
  /** Open times that stop at least this long before a far range suggest the booking window. */
  static final Duration WINDOW_GAP = Duration.ofDays(1);
  /** Minimum notice is rarely longer; open times later than this after now are not read as notice. */
  static final Duration MAX_NOTICE = Duration.ofDays(3);
  private static final int MAX_DATES_LISTED = 5;

  private final CalendlyClient client;
  private final EventType type;
  private final FindTimesTool.Range range;
  private final Instant now;
  private final ZoneId shownIn;
  private final Duration duration;

  /**
   * @param shownIn the zone times in the reasons are written in
   */
  NoTimesReasons(CalendlyClient client, EventType type, FindTimesTool.Range range, Instant now, ZoneId shownIn) {
    this.client = client;
    this.type = type;
    this.range = range;
    this.now = now;
    this.shownIn = shownIn;
    this.duration = Duration.ofMinutes(type.duration() == null ? 30 : type.duration());
  }

  /** The reasons, each a sentence; empty when none could be told. */
  Mono<List<String>> explain() {
    Optional<URI> host = host();
    if (host.isEmpty()) {
      return probe(null);
    }
    return quietly(client.availability().userAvailabilitySchedules(host.get().toString()))
        .map(NoTimesReasons::scheduleOf)
        .defaultIfEmpty(Optional.empty())
        .flatMap(schedule -> {
          if (schedule.isEmpty()) {
            return probe(null);
          }
          Hours hours = Hours.of(schedule.get(), range, duration);
          List<String> reasons = new ArrayList<>(hours.describe());
          if (hours.starts().isEmpty()) {
            return Mono.just(reasons);
          }
          return free(host.get(), hours)
              .flatMap(free -> free.isEmpty()
                  ? Mono.just(List.of("Every hour of the host's schedule in this range is taken by meetings or"
                      + " by events on their connected calendars."))
                  : probe(free.get(0)))
              .map(more -> {
                reasons.addAll(more);
                return reasons;
              });
        });
  }

  /** The owner of a one-person event type; team event types pool several schedules. */
  private Optional<URI> host() {
    return type.profile() != null && "User".equalsIgnoreCase(type.profile().type())
        ? Optional.ofNullable(type.profile().owner())
        : Optional.empty();
  }

  /** The schedule the event type most likely uses: the default one (or the only one). */
  private static Optional<AvailabilitySchedule> scheduleOf(List<AvailabilitySchedule> schedules) {
    return schedules.stream().filter(AvailabilitySchedule::defaultSchedule).findFirst()
        .or(() -> schedules.size() == 1 ? Optional.of(schedules.get(0)) : Optional.empty());
  }

  /**
   * The starts in the schedule's hours that no busy time blocks, earliest first; all of them when
   * the range is too long for one busy-times request (then nothing is known to be taken).
   */
  private Mono<List<Instant>> free(URI host, Hours hours) {
    if (range.length().compareTo(PROBE) > 0) {
      return Mono.just(hours.starts().stream().map(Span::start).toList());
    }
    return quietly(client.availability().userBusyTimes(host.toString(), range.start(), range.end()))
        .map(busy -> hours.starts().stream()
            .map(span -> firstFree(span, busy))
            .flatMap(Optional::stream)
            .sorted()
            .toList())
        .defaultIfEmpty(hours.starts().stream().map(Span::start).toList());
  }

  /** The first start in {@code span} whose meeting overlaps no busy time. */
  private Optional<Instant> firstFree(Span span, List<BusyTime> busy) {
    List<BusyTime> sorted = busy.stream()
        .filter(b -> b.startTime() != null && b.endTime() != null)
        .sorted(Comparator.comparing(NoTimesReasons::busyStart))
        .toList();
    Instant start = span.start();
    for (BusyTime b : sorted) {
      if (!start.plus(duration).isAfter(busyStart(b))) {
        break;
      }
      if (busyEnd(b).isAfter(start)) {
        start = busyEnd(b);
      }
    }
    return start.isAfter(span.end()) ? Optional.empty() : Optional.of(start);
  }

  private static Instant busyStart(BusyTime busy) {
    return busy.bufferedStartTime() != null ? busy.bufferedStartTime() : busy.startTime();
  }

  private static Instant busyEnd(BusyTime busy) {
    return busy.bufferedEndTime() != null ? busy.bufferedEndTime() : busy.endTime();
  }

  /**
   * One search next to the range. Near now: the first open time after it, which shows how much
   * notice the event type wants. Far from now: the last open time before it, which shows where the
   * booking window ends.
   *
   * @param freeFrom the first start the host's schedule and busy times leave open; null if unknown
   */
  private Mono<List<String>> probe(Instant freeFrom) {
    boolean near = Duration.between(now, range.start()).compareTo(NEAR) < 0;
    if (near) {
      return slots(range.end(), range.end().plus(PROBE)).map(slots -> {
        Optional<Instant> first = slots.stream().findFirst();
        if (first.isEmpty()) {
          return List.<String>of();
        }
        if (freeFrom != null && Duration.between(now, first.get()).compareTo(MAX_NOTICE) <= 0) {
          return List.of("The host is free from " + local(freeFrom) + ", yet the first open time is "
              + local(first.get()) + " (" + first.get() + "), " + hoursFromNow(first.get())
              + ": the event type most likely requires that much notice before a meeting (its minimum"
              + " scheduling notice). Search from " + first.get() + " instead.");
        }
        return List.of("The next open time after this range is " + local(first.get()) + " (" + first.get() + ").");
      });
    }
    Instant earliest = FindTimesTool.earliest(now);
    Instant from = range.start().minus(PROBE).isAfter(earliest) ? range.start().minus(PROBE) : earliest;
    if (!from.isBefore(range.start())) {
      return Mono.just(List.of());
    }
    return slots(from, range.start()).map(slots -> {
      Optional<Instant> last = slots.stream().reduce((a, b) -> b);
      if (last.isPresent() && Duration.between(last.get(), range.start()).compareTo(WINDOW_GAP) >= 0
          && freeFrom != null) {
        return List.of("Open times stop at " + local(last.get()) + " (" + last.get() + ") although the host's"
            + " schedule has free hours later: the event type's booking window (how many days ahead"
            + " invitees may book) most likely ends there.");
      }
      if (last.isEmpty()) {
        return List.of("There are no open times in the week before this range either.");
      }
      return List.of();
    });
  }

  private Mono<List<Instant>> slots(Instant from, Instant to) {
    return quietly(client.availability().eventTypeAvailableTimes(type.uri().toString(), from, to))
        .map(found -> found.stream().map(EventTypeAvailableTime::startTime).filter(Objects::nonNull).sorted().toList())
        .defaultIfEmpty(List.of());
  }

  /** A diagnosis request that fails is left out, never turned into the tool's failure. */
  private static <T> Mono<T> quietly(Mono<T> call) {
    return call.onErrorResume(e -> e instanceof CalendlyException || e instanceof RateLimitWaitTooLongException,
        e -> Mono.empty());
  }

  private String local(Instant instant) {
    return FindTimesTool.localLabel(instant, shownIn);
  }

  private String hoursFromNow(Instant instant) {
    long hours = Math.max(1, Duration.between(now, instant).toMinutes() / 60);
    return "about " + hours + (hours == 1 ? " hour" : " hours") + " from now";
  }

  /** A half-open span of meeting starts. */
  record Span(Instant start, Instant end) {}

  /**
   * The schedule's hours over the range, as spans where a meeting of the event type's length could
   * start, and the days it closes.
   *
   * @param scheduleName how to name the schedule in a reason
   * @param overridden dates a date override leaves without hours in the range
   * @param closedWeekdays weekdays in the range without weekly hours (and without an override)
   */
  record Hours(String scheduleName, List<Span> starts, List<LocalDate> overridden, List<DayOfWeek> closedWeekdays) {

    static Hours of(AvailabilitySchedule schedule, FindTimesTool.Range range, Duration duration) {
      ZoneId zone = zoneOf(schedule);
      List<Span> starts = new ArrayList<>();
      List<LocalDate> overridden = new ArrayList<>();
      TreeSet<DayOfWeek> closed = new TreeSet<>();
      LocalDate last = range.end().minusNanos(1).atZone(zone).toLocalDate();
      for (LocalDate day = range.start().atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
        LocalDate date = day;
        Optional<AvailabilityRule> override = schedule.rules().stream()
            .filter(rule -> rule.type() == AvailabilityRule.Type.DATE && date.equals(rule.date()))
            .findFirst();
        List<AvailabilityRule.Interval> intervals = override
            .map(AvailabilityRule::intervals)
            .orElseGet(() -> schedule.rules().stream()
                .filter(rule -> rule.type() == AvailabilityRule.Type.WDAY && rule.wday() != null
                    && rule.wday().toDayOfWeek().equals(Optional.of(date.getDayOfWeek())))
                .flatMap(rule -> rule.intervals().stream())
                .toList());
        int before = starts.size();
        for (AvailabilityRule.Interval interval : intervals) {
          Instant from = date.atStartOfDay(zone).plusMinutes(interval.fromMinute()).toInstant();
          Instant to = date.atStartOfDay(zone).plusMinutes(interval.toMinute()).toInstant().minus(duration);
          Instant start = from.isBefore(range.start()) ? range.start() : from;
          Instant end = to.isAfter(range.end()) ? range.end() : to;
          if (!start.isAfter(end)) {
            starts.add(new Span(start, end));
          }
        }
        if (starts.size() == before) {
          if (override.isPresent()) {
            overridden.add(date);
          } else if (intervals.isEmpty()) {
            closed.add(date.getDayOfWeek());
          }
        }
      }
      String name = (schedule.name() == null ? "availability schedule" : "schedule '" + schedule.name() + "'")
          + " (" + zone.getId() + ")";
      return new Hours(name, List.copyOf(starts), List.copyOf(overridden), List.copyOf(closed));
    }

    private static ZoneId zoneOf(AvailabilitySchedule schedule) {
      return schedule.timezone() != null && ZoneId.getAvailableZoneIds().contains(schedule.timezone())
          ? ZoneId.of(schedule.timezone())
          : ZoneId.of("UTC");
    }

    /**
     * The days the schedule closes, as one sentence. When it leaves some hours open, only date
     * overrides are worth telling: days off every week are no news.
     */
    List<String> describe() {
      List<String> parts = new ArrayList<>();
      if (!overridden.isEmpty()) {
        parts.add("a date override blocks " + dates(overridden));
      }
      if (!closedWeekdays.isEmpty() && starts.isEmpty()) {
        parts.add("it has no weekly hours on " + closedWeekdays.stream()
            .map(day -> day.getDisplayName(TextStyle.FULL, Locale.ENGLISH))
            .collect(Collectors.joining(", ")));
      }
      if (parts.isEmpty() && !starts.isEmpty()) {
        return List.of();
      }
      if (parts.isEmpty()) {
        return List.of("The host's " + scheduleName + " has no hours in this range long enough for the meeting.");
      }
      String lead = starts.isEmpty()
          ? "The host's " + scheduleName + " offers no hours in this range: "
          : "In this range the host's " + scheduleName + " has days off: ";
      return List.of(lead + String.join("; ", parts) + ".");
    }

    private static String dates(List<LocalDate> dates) {
      String listed = dates.stream().limit(MAX_DATES_LISTED).map(LocalDate::toString).collect(Collectors.joining(", "));
      return dates.size() > MAX_DATES_LISTED ? listed + " and " + (dates.size() - MAX_DATES_LISTED) + " more days" : listed;
    }
  }
}
