package dev.calendlymcp.sandbox.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AvailabilityEngineTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  // Monday 2026-06-01, 00:00 EDT (UTC-4).
  private static final Instant MONDAY = Instant.parse("2026-06-01T04:00:00Z");
  private static final Instant LONG_BEFORE = Instant.parse("2026-05-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);

  @Test
  void weeklyRulesProduceTheRightSlotsOverAWeekInNewYork() {
    Map<DayOfWeek, List<LocalInterval>> weekly = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.THURSDAY,
        DayOfWeek.FRIDAY)) {
      weekly.put(day, List.of(LocalInterval.parse("09:00", "12:00")));
    }
    weekly.put(DayOfWeek.WEDNESDAY, List.of(LocalInterval.parse("14:00", "16:00")));

    List<Slot> slots = AvailabilityEngine.slots(Schedule.weekly(NEW_YORK, weekly),
        SlotRules.of(HOUR), List.of(), List.of(), LONG_BEFORE, MONDAY, MONDAY.plus(days(7)));

    assertThat(starts(slots)).containsExactly(
        at("2026-06-01T13:00"), at("2026-06-01T14:00"), at("2026-06-01T15:00"),
        at("2026-06-02T13:00"), at("2026-06-02T14:00"), at("2026-06-02T15:00"),
        at("2026-06-03T18:00"), at("2026-06-03T19:00"),
        at("2026-06-04T13:00"), at("2026-06-04T14:00"), at("2026-06-04T15:00"),
        at("2026-06-05T13:00"), at("2026-06-05T14:00"), at("2026-06-05T15:00"));
    assertThat(slots).allSatisfy(slot -> assertThat(slot.inviteesRemaining()).isEqualTo(1));
  }

  @Test
  void dateOverridesReplaceTheWeekdayAndAnEmptyOverrideClosesTheDay() {
    Schedule schedule = weekdayMornings()
        .withOverride(LocalDate.of(2026, 6, 2), List.of(LocalInterval.parse("15:00", "16:00")))
        .withOverride(LocalDate.of(2026, 6, 3), List.of())
        .withOverride(LocalDate.of(2026, 6, 6), List.of(LocalInterval.parse("10:00", "11:00")));

    List<Slot> slots = AvailabilityEngine.slots(schedule, SlotRules.of(HOUR), List.of(),
        List.of(), LONG_BEFORE, MONDAY, MONDAY.plus(days(7)));

    assertThat(starts(slots)).containsExactly(
        at("2026-06-01T13:00"), at("2026-06-01T14:00"), at("2026-06-01T15:00"),
        at("2026-06-02T19:00"),
        at("2026-06-04T13:00"), at("2026-06-04T14:00"), at("2026-06-04T15:00"),
        at("2026-06-05T13:00"), at("2026-06-05T14:00"), at("2026-06-05T15:00"),
        at("2026-06-06T14:00"));
  }

  @Test
  void aBookingRemovesExactlyItsSlot() {
    List<Busy> booking = List.of(busy("2026-06-01T14:00", "2026-06-01T14:30"));

    assertThat(mondayMorningStarts(SlotRules.of(HALF_HOUR), booking)).containsExactly(
        at("2026-06-01T13:00"), at("2026-06-01T13:30"),
        at("2026-06-01T14:30"), at("2026-06-01T15:00"), at("2026-06-01T15:30"));
  }

  @Test
  void aShortBusyTimeRemovesOnlyTheSlotItFallsIn() {
    List<Busy> call = List.of(busy("2026-06-01T14:10", "2026-06-01T14:20"));

    assertThat(mondayMorningStarts(SlotRules.of(HALF_HOUR), call))
        .doesNotContain(at("2026-06-01T14:00"))
        .hasSize(5);
  }

  @Test
  void aBufferAfterRemovesTheSlotsThatWouldRunIntoABooking() {
    List<Busy> booking = List.of(busy("2026-06-01T14:00", "2026-06-01T14:30"));

    assertThat(mondayMorningStarts(
            SlotRules.of(HALF_HOUR).withBuffers(Duration.ZERO, Duration.ofMinutes(15)), booking))
        .containsExactly(at("2026-06-01T13:00"),
            at("2026-06-01T14:30"), at("2026-06-01T15:00"), at("2026-06-01T15:30"));
    // A buffer that ends exactly where the booking starts does not overlap it.
    assertThat(mondayMorningStarts(SlotRules.of(HALF_HOUR).withBuffers(Duration.ZERO, HALF_HOUR),
            booking))
        .containsExactly(at("2026-06-01T13:00"),
            at("2026-06-01T14:30"), at("2026-06-01T15:00"), at("2026-06-01T15:30"));
  }

  @Test
  void aBufferBeforeRemovesTheSlotsThatWouldStartTooSoonAfterABooking() {
    List<Busy> booking = List.of(busy("2026-06-01T14:00", "2026-06-01T14:30"));

    assertThat(mondayMorningStarts(
            SlotRules.of(HALF_HOUR).withBuffers(Duration.ofMinutes(15), Duration.ZERO), booking))
        .containsExactly(at("2026-06-01T13:00"), at("2026-06-01T13:30"),
            at("2026-06-01T15:00"), at("2026-06-01T15:30"));
  }

  @Test
  void minimumNoticeHidesSlotsStartingTooSoon() {
    SlotRules rules = SlotRules.of(HOUR).withMinimumNotice(Duration.ofHours(2));

    List<Slot> afterTenPast = AvailabilityEngine.slots(weekdayWorkingHours(), rules, List.of(),
        List.of(), at("2026-06-01T13:10"), MONDAY, MONDAY.plus(days(1)));
    List<Slot> onTheHour = AvailabilityEngine.slots(weekdayWorkingHours(), rules, List.of(),
        List.of(), at("2026-06-01T13:00"), MONDAY, MONDAY.plus(days(1)));

    assertThat(starts(afterTenPast)).first().isEqualTo(at("2026-06-01T16:00"));
    assertThat(starts(onTheHour)).first().isEqualTo(at("2026-06-01T15:00"));
  }

  @Test
  void slotsInThePastAreNotOfferedButOneStartingNowIs() {
    List<Slot> slots = AvailabilityEngine.slots(weekdayWorkingHours(), SlotRules.of(HOUR),
        List.of(), List.of(), at("2026-06-01T15:00"), MONDAY, MONDAY.plus(days(1)));

    assertThat(starts(slots)).containsExactly(at("2026-06-01T15:00"), at("2026-06-01T16:00"),
        at("2026-06-01T17:00"), at("2026-06-01T18:00"), at("2026-06-01T19:00"),
        at("2026-06-01T20:00"));
  }

  @Test
  void maxDaysInFutureEndsTheBookingWindowExactlyThatLongAfterNow() {
    Instant now = at("2026-06-01T14:00");
    SlotRules rules = SlotRules.of(HOUR).withMaxDaysInFuture(2);

    List<Slot> slots = AvailabilityEngine.slots(weekdayWorkingHours(), rules, List.of(),
        List.of(), now, now, now.plus(days(7)));

    assertThat(starts(slots)).first().isEqualTo(at("2026-06-01T14:00"));
    assertThat(starts(slots)).last().isEqualTo(at("2026-06-03T13:00"));
    assertThat(slots).hasSize(7 + 8 + 1);
    assertThat(isBookable(weekdayWorkingHours(), rules, List.of(), List.of(), now,
        at("2026-06-03T14:00"))).isFalse();
  }

  @Test
  void aMaxDaysInFutureOfZeroMeansNoLimit() {
    List<Slot> slots = AvailabilityEngine.slots(weekdayWorkingHours(), SlotRules.of(HOUR),
        List.of(), List.of(), LONG_BEFORE, at("2027-06-01T00:00"), at("2027-06-02T00:00"));

    assertThat(slots).hasSize(8);
  }

  @Test
  void aGroupSlotStaysOpenWithFewerSeatsUntilItIsFull() {
    SlotRules rules = SlotRules.of(HOUR).withSeatsPerSlot(3);
    Instant ten = at("2026-06-01T14:00");

    List<Integer> remainingAtTen = new ArrayList<>();
    for (int taken = 0; taken <= 2; taken++) {
      List<Slot> slots = mondayMorning(rules, List.of(), List.of(new Booked(ten, taken)));
      assertThat(starts(slots)).containsExactly(at("2026-06-01T13:00"), ten,
          at("2026-06-01T15:00"));
      remainingAtTen.add(slots.get(1).inviteesRemaining());
      assertThat(slots.get(0).inviteesRemaining()).isEqualTo(3);
    }
    List<Slot> full = mondayMorning(rules, List.of(),
        List.of(new Booked(ten, 2), new Booked(ten, 1)));

    assertThat(remainingAtTen).containsExactly(3, 2, 1);
    assertThat(full).extracting(Slot::start, Slot::inviteesRemaining).containsExactly(
        tuple(at("2026-06-01T13:00"), 3),
        tuple(at("2026-06-01T15:00"), 3));
    assertThat(isBookable(weekdayMornings(), rules, List.of(),
        List.of(new Booked(ten, 3)), LONG_BEFORE, ten)).isFalse();
  }

  @Test
  void aGroupSessionBlocksOtherStartsThatWouldOverlapIt() {
    SlotRules rules = SlotRules.of(HOUR).withIncrement(HALF_HOUR).withSeatsPerSlot(3);

    List<Slot> slots = mondayMorning(rules, List.of(),
        List.of(new Booked(at("2026-06-01T14:00"), 1)));

    assertThat(slots).extracting(Slot::start, Slot::inviteesRemaining).containsExactly(
        tuple(at("2026-06-01T13:00"), 3),
        tuple(at("2026-06-01T14:00"), 2),
        tuple(at("2026-06-01T15:00"), 3));
  }

  @Test
  void aFifteenMinuteIncrementStaggersThirtyMinuteMeetings() {
    Schedule nineToTen = Schedule.weekly(NEW_YORK,
        Map.of(DayOfWeek.MONDAY, List.of(LocalInterval.parse("09:00", "10:00"))));

    List<Slot> slots = AvailabilityEngine.slots(nineToTen,
        SlotRules.of(HALF_HOUR).withIncrement(Duration.ofMinutes(15)), List.of(), List.of(),
        LONG_BEFORE, MONDAY, MONDAY.plus(days(1)));

    assertThat(starts(slots)).containsExactly(
        at("2026-06-01T13:00"), at("2026-06-01T13:15"), at("2026-06-01T13:30"));
  }

  @Test
  void theRequestedRangeIncludesItsStartAndExcludesItsEnd() {
    List<Slot> slots = AvailabilityEngine.slots(weekdayMornings(), SlotRules.of(HOUR),
        List.of(), List.of(), LONG_BEFORE, at("2026-06-01T14:00"), at("2026-06-01T15:00"));

    assertThat(starts(slots)).containsExactly(at("2026-06-01T14:00"));
  }

  @Test
  void adjacentIntervalsStaySeparateAndOverlappingOnesGiveNoDuplicates() {
    Schedule adjacent = Schedule.weekly(NEW_YORK, Map.of(DayOfWeek.MONDAY, List.of(
        LocalInterval.parse("09:00", "10:00"), LocalInterval.parse("10:00", "11:00"))));
    Schedule overlapping = Schedule.weekly(NEW_YORK, Map.of(DayOfWeek.MONDAY, List.of(
        LocalInterval.parse("09:00", "11:00"), LocalInterval.parse("10:00", "12:00"))));

    assertThat(AvailabilityEngine.slots(adjacent, SlotRules.of(Duration.ofMinutes(90)),
        List.of(), List.of(), LONG_BEFORE, MONDAY, MONDAY.plus(days(1)))).isEmpty();
    assertThat(starts(AvailabilityEngine.slots(adjacent, SlotRules.of(HOUR), List.of(),
        List.of(), LONG_BEFORE, MONDAY, MONDAY.plus(days(1)))))
        .containsExactly(at("2026-06-01T13:00"), at("2026-06-01T14:00"));
    assertThat(starts(AvailabilityEngine.slots(overlapping, SlotRules.of(HOUR), List.of(),
        List.of(), LONG_BEFORE, MONDAY, MONDAY.plus(days(1)))))
        .containsExactly(at("2026-06-01T13:00"), at("2026-06-01T14:00"), at("2026-06-01T15:00"));
  }

  @Test
  void anIntervalEndingAtMidnightOffersItsLastSlot() {
    Schedule lateEvening = Schedule.weekly(NEW_YORK,
        Map.of(DayOfWeek.MONDAY, List.of(LocalInterval.parse("23:00", "24:00"))));

    assertThat(starts(AvailabilityEngine.slots(lateEvening, SlotRules.of(HOUR), List.of(),
        List.of(), LONG_BEFORE, MONDAY, MONDAY.plus(days(2)))))
        .containsExactly(at("2026-06-02T03:00"));
  }

  @Test
  void isBookableAgreesWithSlotsAtEveryFiveMinutesOfABusyWeek() {
    Schedule schedule = weekdayWorkingHours()
        .withOverride(LocalDate.of(2026, 6, 3), List.of(LocalInterval.parse("13:00", "14:30")));
    SlotRules rules = SlotRules.of(HALF_HOUR).withIncrement(Duration.ofMinutes(15))
        .withBuffers(Duration.ofMinutes(10), Duration.ofMinutes(5))
        .withMinimumNotice(Duration.ofHours(4)).withMaxDaysInFuture(4).withSeatsPerSlot(2);
    List<Busy> busy = List.of(busy("2026-06-01T15:20", "2026-06-01T16:00"),
        busy("2026-06-02T13:00", "2026-06-02T18:00"), busy("2026-06-04T19:55", "2026-06-04T20:05"));
    List<Booked> booked = List.of(new Booked(at("2026-06-01T17:00"), 1),
        new Booked(at("2026-06-04T14:00"), 2));
    Instant now = at("2026-06-01T09:30");

    Set<Instant> offered = new TreeSet<>(starts(AvailabilityEngine.slots(schedule, rules, busy,
        booked, now, MONDAY, MONDAY.plus(days(7)))));
    Set<Instant> bookable = new TreeSet<>();
    for (Instant t = MONDAY; t.isBefore(MONDAY.plus(days(7))); t = t.plus(Duration.ofMinutes(5))) {
      if (AvailabilityEngine.isBookable(schedule, rules, busy, booked, now, t)) {
        bookable.add(t);
      }
    }

    assertThat(offered).hasSizeGreaterThan(50);
    assertThat(bookable).isEqualTo(offered);
  }

  @Test
  void isBookableRejectsMisalignedBusyAndUnscheduledStarts() {
    List<Busy> busy = List.of(busy("2026-06-01T14:00", "2026-06-01T15:00"));

    assertThat(isBookable(weekdayMornings(), SlotRules.of(HOUR), busy, List.of(), LONG_BEFORE,
        at("2026-06-01T13:00"))).isTrue();
    assertThat(isBookable(weekdayMornings(), SlotRules.of(HOUR), busy, List.of(), LONG_BEFORE,
        at("2026-06-01T13:10"))).isFalse();
    assertThat(isBookable(weekdayMornings(), SlotRules.of(HOUR), busy, List.of(), LONG_BEFORE,
        at("2026-06-01T14:00"))).isFalse();
    assertThat(isBookable(weekdayMornings(), SlotRules.of(HOUR), busy, List.of(), LONG_BEFORE,
        at("2026-06-01T18:00"))).isFalse();
    assertThat(isBookable(weekdayMornings(), SlotRules.of(HOUR), busy, List.of(), LONG_BEFORE,
        at("2026-06-06T13:00"))).isFalse();
  }

  @Test
  void thousandsOfBusyTimesOverAMonthGiveTheSameSlotsAsCheckingEachBusyTime() {
    Schedule schedule = Schedule.weekly(NEW_YORK, Map.of(
        DayOfWeek.MONDAY, List.of(LocalInterval.parse("09:00", "12:00"),
            LocalInterval.parse("13:00", "17:30")),
        DayOfWeek.WEDNESDAY, List.of(LocalInterval.parse("08:00", "20:00")),
        DayOfWeek.SATURDAY, List.of(LocalInterval.parse("00:00", "24:00"))));
    SlotRules rules = SlotRules.of(HALF_HOUR).withIncrement(Duration.ofMinutes(15))
        .withBuffers(Duration.ofMinutes(10), Duration.ofMinutes(5));
    Instant to = MONDAY.plus(days(31));
    Random random = new Random(42);
    List<Busy> busy = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Instant start = MONDAY.plusSeconds(random.nextInt((int) days(31).toSeconds()));
      busy.add(new Busy(start, start.plus(Duration.ofMinutes(5 + random.nextInt(16)))));
    }

    List<Slot> free = AvailabilityEngine.slots(schedule, rules, List.of(), List.of(),
        LONG_BEFORE, MONDAY, to);
    List<Slot> slots = AvailabilityEngine.slots(schedule, rules, busy, List.of(), LONG_BEFORE,
        MONDAY, to);

    List<Slot> expected = free.stream()
        .filter(slot -> busy.stream().noneMatch(b ->
            b.start().isBefore(slot.start().plus(rules.duration()).plus(rules.bufferAfter()))
                && b.end().isAfter(slot.start().minus(rules.bufferBefore()))))
        .collect(Collectors.toList());
    assertThat(free).hasSizeGreaterThan(700);
    assertThat(expected).hasSizeBetween(10, free.size() / 2);
    assertThat(slots).isEqualTo(expected);
  }

  private static Schedule weekdayMornings() {
    return weekdays("09:00", "12:00");
  }

  private static Schedule weekdayWorkingHours() {
    return weekdays("09:00", "17:00");
  }

  private static Schedule weekdays(String from, String to) {
    Map<DayOfWeek, List<LocalInterval>> weekly = new EnumMap<>(DayOfWeek.class);
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
        weekly.put(day, List.of(LocalInterval.parse(from, to)));
      }
    }
    return Schedule.weekly(NEW_YORK, weekly);
  }

  private static List<Slot> mondayMorning(SlotRules rules, List<Busy> busy, List<Booked> booked) {
    return AvailabilityEngine.slots(weekdayMornings(), rules, busy, booked, LONG_BEFORE, MONDAY,
        MONDAY.plus(days(1)));
  }

  private static List<Instant> mondayMorningStarts(SlotRules rules, List<Busy> busy) {
    return starts(mondayMorning(rules, busy, List.of()));
  }

  private static boolean isBookable(Schedule schedule, SlotRules rules, List<Busy> busy,
      List<Booked> booked, Instant now, Instant start) {
    return AvailabilityEngine.isBookable(schedule, rules, busy, booked, now, start);
  }

  private static List<Instant> starts(List<Slot> slots) {
    return slots.stream().map(Slot::start).collect(Collectors.toList());
  }

  private static Busy busy(String start, String end) {
    return new Busy(at(start), at(end));
  }

  private static Instant at(String utcMinute) {
    return Instant.parse(utcMinute + ":00Z");
  }

  private static Duration days(int days) {
    return Duration.ofDays(days);
  }
}
