package dev.calendlymcp.sandbox.availability;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Computes the bookable slots of one event type from its host's schedule, its slot rules, the
 * host's busy times and the seats already booked. Pure: no I/O, no clock (the caller passes
 * {@code now}), no state.
 *
 * <h2>Candidate starts</h2>
 *
 * For every local date of the schedule's zone that can touch the requested range, the date's
 * intervals are its override's if it has one, else its weekday's. Within each interval, candidate
 * wall-clock starts are {@code from + k * increment} for k = 0, 1, 2… while the wall-clock start is
 * before the interval's end. Each interval is handled on its own: a meeting never spans two
 * intervals, even adjacent ones.
 *
 * <h2>Daylight-saving time</h2>
 *
 * Intervals are wall-clock time: a 09:00–17:00 rule means 09:00–17:00 on the clock on every day,
 * including the days the clock changes. Meeting durations, buffers and notice are real elapsed
 * time. Precisely: the host is available during an interval at exactly those instants at which
 * the wall clock of the schedule's zone shows the interval's date and a time inside the interval,
 * and a candidate is a slot only when its whole meeting {@code [start, start + duration)} lies in
 * one unbroken stretch of such instants.
 *
 * <ul>
 *   <li>Spring forward: wall times in the gap (02:00–03:00 in New York on 2026-03-08) never
 *       happen, so candidates there are skipped; a 01:00–04:00 interval that day is two real
 *       hours long and holds two one-hour meetings.
 *   <li>Fall back: wall times in the overlap (01:00–02:00 in New York on 2026-11-01) happen twice.
 *       Both instants are candidates and each is offered when its meeting fits, so a 01:00–04:00
 *       interval that day is four real hours long and holds four one-hour meetings (01:00 EDT,
 *       01:00 EST, 02:00 EST, 03:00 EST). An interval ending inside the overlap (say 00:00–01:30)
 *       has a second, separate stretch when the clock repeats 01:00–01:30; meetings fit in either
 *       stretch but not across the hour in between, when the clock shows 01:30–02:00 EDT.
 * </ul>
 *
 * <h2>Filters</h2>
 *
 * A candidate starting at s with meeting end e = s + duration is offered only when all hold:
 *
 * <ul>
 *   <li>s lies in the requested half-open range {@code [from, to)};
 *   <li>s &ge; now + minimumNotice (so never in the past);
 *   <li>s &lt; now + maxDaysInFuture × 24 h, when maxDaysInFuture is not 0;
 *   <li>{@code [s - bufferBefore, e + bufferAfter)} overlaps no {@link Busy};
 *   <li>seats remain: {@code seatsPerSlot} minus the seats of the {@link Booked} entries starting
 *       exactly at s is at least 1; that number is the slot's {@code inviteesRemaining};
 *   <li>no other booked meeting of this event type (a {@link Booked} with seats taken, starting
 *       elsewhere than s) overlaps the candidate once either meeting's buffers are added: a host
 *       cannot run two sessions of a group event at once, but a started group slot stays open
 *       for more invitees.
 * </ul>
 *
 * For one-on-one event types the caller passes existing bookings as {@link Busy} and usually no
 * {@link Booked}; for group event types it passes the group's own bookings as {@link Booked} (not
 * as busy) and everything else as {@link Busy}.
 *
 * <h2>Cost</h2>
 *
 * Busy times are sorted once and each candidate costs two binary searches, so a call is
 * O(b log b + c log(b + k)) for b busy times, k booked starts and c candidates.
 */
public final class AvailabilityEngine {

  /** Longest range searched in one call, after notice and booking window have clipped it. */
  public static final int MAX_SPAN_DAYS = 3660;

  private AvailabilityEngine() {}

  /**
   * Open slots with a start in the half-open range {@code [from, to)}, sorted by start, without
   * duplicates. See the class documentation for the rules.
   *
   * @throws IllegalArgumentException naming the field when an argument is null, {@code from} is
   *     not before {@code to}, a list holds a null, or the range (once clipped to what may be
   *     booked) is longer than {@link #MAX_SPAN_DAYS}
   */
  public static List<Slot> slots(
      Schedule schedule,
      SlotRules rules,
      List<Busy> busy,
      List<Booked> booked,
      Instant now,
      Instant from,
      Instant to) {
    Checks.instant(from, "from");
    Checks.instant(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
    return search(schedule, rules, busy, booked, now, from, to);
  }

  /**
   * True when a booking starting at {@code start} would be accepted at {@code now}: exactly when
   * {@link #slots} over a range containing {@code start} offers it.
   *
   * @throws IllegalArgumentException naming the field when an argument is null or invalid
   */
  public static boolean isBookable(
      Schedule schedule,
      SlotRules rules,
      List<Busy> busy,
      List<Booked> booked,
      Instant now,
      Instant start) {
    Checks.instant(start, "start");
    // The same search as slots(), over a range holding only `start`, so the two cannot disagree.
    return !search(schedule, rules, busy, booked, now, start, start.plusNanos(1)).isEmpty();
  }

  private static List<Slot> search(
      Schedule schedule,
      SlotRules rules,
      List<Busy> busy,
      List<Booked> booked,
      Instant now,
      Instant from,
      Instant to) {
    Checks.notNull(schedule, "schedule");
    Checks.notNull(rules, "rules");
    Checks.notNull(busy, "busy");
    Checks.notNull(booked, "booked");
    Checks.instant(now, "now");

    Instant earliest = later(from, now.plus(rules.minimumNotice()));
    Instant latest =
        rules.maxDaysInFuture() == 0
            ? to
            : earlier(to, now.plus(Duration.ofDays(rules.maxDaysInFuture())));
    BusyIndex busyIndex = BusyIndex.of(busy);
    NavigableMap<Instant, Integer> seatsTaken = seatsTakenByStart(booked);
    if (!earliest.isBefore(latest)) {
      return List.of();
    }
    if (Duration.between(earliest, latest).compareTo(Checks.MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "from..to must span at most " + MAX_SPAN_DAYS + " days of bookable time, got "
              + earliest + ".." + latest);
    }

    Search search = new Search(schedule.zone(), rules, busyIndex, seatsTaken, earliest, latest);
    // One day either side: a clock change may replay a neighbouring date's wall times in range.
    LocalDate last = LocalDate.ofInstant(latest, schedule.zone()).plusDays(1);
    for (LocalDate date = LocalDate.ofInstant(earliest, schedule.zone()).minusDays(1);
        !date.isAfter(last);
        date = date.plusDays(1)) {
      for (LocalInterval interval : schedule.intervalsOn(date)) {
        search.addSlots(date, interval);
      }
    }
    return List.copyOf(search.found.values());
  }

  private static NavigableMap<Instant, Integer> seatsTakenByStart(List<Booked> booked) {
    NavigableMap<Instant, Integer> seats = new TreeMap<>();
    for (int i = 0; i < booked.size(); i++) {
      Booked b = Checks.notNull(booked.get(i), "booked[" + i + "]");
      if (b.seatsTaken() > 0) {
        seats.merge(b.start(), b.seatsTaken(), AvailabilityEngine::saturatedSum);
      }
    }
    return seats;
  }

  private static int saturatedSum(int a, int b) {
    long sum = (long) a + b;
    return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** A half-open stretch of real time. */
  private record Stretch(Instant start, Instant end) {
    boolean contains(Instant from, Instant to) {
      return !from.isBefore(start) && !to.isAfter(end);
    }
  }

  /** The state of one search: its inputs, made ready for lookups, and the slots found so far. */
  private static final class Search {
    private final ZoneRules zoneRules;
    private final SlotRules rules;
    private final BusyIndex busy;
    private final NavigableMap<Instant, Integer> seatsTaken;
    private final Instant earliest;
    private final Instant latest;
    // Another booked meeting blocks a candidate whose start is closer than this to its start:
    // the meetings overlap once the larger buffer of either side is added.
    private final Duration bookedReach;
    private final Map<Instant, Slot> found = new TreeMap<>();

    Search(
        ZoneId zone,
        SlotRules rules,
        BusyIndex busy,
        NavigableMap<Instant, Integer> seatsTaken,
        Instant earliest,
        Instant latest) {
      this.zoneRules = zone.getRules();
      this.rules = rules;
      this.busy = busy;
      this.seatsTaken = seatsTaken;
      this.earliest = earliest;
      this.latest = latest;
      Duration widerBuffer =
          rules.bufferBefore().compareTo(rules.bufferAfter()) >= 0
              ? rules.bufferBefore()
              : rules.bufferAfter();
      this.bookedReach = rules.duration().plus(widerBuffer);
    }

    void addSlots(LocalDate date, LocalInterval interval) {
      LocalDateTime intervalStart = date.atStartOfDay().plusMinutes(interval.fromMinute());
      LocalDateTime intervalEnd = date.atStartOfDay().plusMinutes(interval.toMinute());
      List<Stretch> stretches = realTime(intervalStart, intervalEnd);
      if (stretches.isEmpty()
          || !stretches.get(0).start().isBefore(latest)
          || !stretches.get(stretches.size() - 1).end().isAfter(earliest)) {
        return;
      }
      for (LocalDateTime wallStart = intervalStart;
          wallStart.isBefore(intervalEnd);
          wallStart = wallStart.plus(rules.increment())) {
        // Empty in a spring-forward gap, two offsets in a fall-back overlap.
        for (ZoneOffset offset : zoneRules.getValidOffsets(wallStart)) {
          consider(wallStart.toInstant(offset), stretches);
        }
      }
    }

    private void consider(Instant start, List<Stretch> stretches) {
      if (start.isBefore(earliest) || !start.isBefore(latest)) {
        return;
      }
      Instant end = start.plus(rules.duration());
      if (stretches.stream().noneMatch(s -> s.contains(start, end))) {
        return;
      }
      if (busy.overlaps(start.minus(rules.bufferBefore()), end.plus(rules.bufferAfter()))) {
        return;
      }
      int remaining = rules.seatsPerSlot() - seatsTaken.getOrDefault(start, 0);
      if (remaining < 1 || anotherBookedMeetingOverlaps(start)) {
        return;
      }
      found.putIfAbsent(start, new Slot(start, remaining));
    }

    private boolean anotherBookedMeetingOverlaps(Instant start) {
      Instant nearest = seatsTaken.higherKey(start.minus(bookedReach));
      if (start.equals(nearest)) {
        nearest = seatsTaken.higherKey(start);
      }
      return nearest != null && nearest.isBefore(start.plus(bookedReach));
    }

    /**
     * The instants at which the wall clock shows a time in {@code [wallStart, wallEnd)}, as
     * unbroken stretches in order: walks the zone's offsets over every instant that could show
     * such a time and keeps, per constant-offset segment, the part whose wall time is inside.
     */
    private List<Stretch> realTime(LocalDateTime wallStart, LocalDateTime wallEnd) {
      Instant windowEnd = wallEnd.toInstant(ZoneOffset.MIN);
      List<Stretch> stretches = new ArrayList<>(1);
      Instant segmentStart = wallStart.toInstant(ZoneOffset.MAX);
      while (segmentStart.isBefore(windowEnd)) {
        ZoneOffset offset = zoneRules.getOffset(segmentStart);
        ZoneOffsetTransition next = zoneRules.nextTransition(segmentStart);
        Instant segmentEnd =
            next == null ? windowEnd : earlier(next.getInstant(), windowEnd);
        Instant start = later(segmentStart, wallStart.toInstant(offset));
        Instant end = earlier(segmentEnd, wallEnd.toInstant(offset));
        if (start.isBefore(end)) {
          int lastIndex = stretches.size() - 1;
          if (lastIndex >= 0 && stretches.get(lastIndex).end().equals(start)) {
            stretches.set(lastIndex, new Stretch(stretches.get(lastIndex).start(), end));
          } else {
            stretches.add(new Stretch(start, end));
          }
        }
        segmentStart = segmentEnd;
      }
      return stretches;
    }
  }
}
