package dev.calendlymcp.sandbox.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Wall-clock intervals against real time: clock changes and non-whole-hour offsets. */
class TimeZoneTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final Instant LONG_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void springForwardSkipsStartsInTheMissingHourInNewYork() {
    // 2026-03-08: at 02:00 EST the clock jumps to 03:00 EDT; 01:00-04:00 is two real hours.
    Schedule sunday = sundays(NEW_YORK, "01:00", "04:00");

    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-03-08T05:00"))
        .containsExactly(at("2026-03-08T06:00"), at("2026-03-08T07:00"));
    assertThat(sundayStarts(sunday, SlotRules.of(HOUR).withIncrement(Duration.ofMinutes(30)),
        "2026-03-08T05:00"))
        .containsExactly(at("2026-03-08T06:00"), at("2026-03-08T06:30"), at("2026-03-08T07:00"));
  }

  @Test
  void fallBackOffersBothRunsOfTheRepeatedHourInNewYork() {
    // 2026-11-01: at 02:00 EDT the clock goes back to 01:00 EST; 01:00-04:00 is four real hours.
    Schedule sunday = sundays(NEW_YORK, "01:00", "04:00");

    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-11-01T04:00")).containsExactly(
        at("2026-11-01T05:00"), at("2026-11-01T06:00"), at("2026-11-01T07:00"),
        at("2026-11-01T08:00"));
  }

  @Test
  void meetingsAcrossTheFallBackHourLastTheirRealDuration() {
    Schedule sunday = sundays(NEW_YORK, "01:00", "04:00");
    SlotRules ninetyMinutes = SlotRules.of(Duration.ofMinutes(90))
        .withIncrement(Duration.ofMinutes(30));

    // The interval ends at 04:00 EST = 09:00Z, so the last meeting starts at 07:30Z (02:30 EST).
    assertThat(sundayStarts(sunday, ninetyMinutes, "2026-11-01T04:00")).containsExactly(
        at("2026-11-01T05:00"), at("2026-11-01T05:30"), at("2026-11-01T06:00"),
        at("2026-11-01T06:30"), at("2026-11-01T07:00"), at("2026-11-01T07:30"));
  }

  @Test
  void anIntervalEndingInsideTheRepeatedHourOffersMeetingsThatFitEitherRun() {
    // 00:00-01:30 holds 04:00Z-05:30Z (EDT) and again 06:00Z-06:30Z (EST); 05:30Z-06:00Z the clock
    // shows 01:30-02:00 EDT, outside the interval.
    Schedule sunday = sundays(NEW_YORK, "00:00", "01:30");

    assertThat(sundayStarts(sunday, SlotRules.of(Duration.ofMinutes(30)), "2026-11-01T04:00"))
        .containsExactly(at("2026-11-01T04:00"), at("2026-11-01T04:30"), at("2026-11-01T05:00"),
            at("2026-11-01T06:00"));
    assertThat(sundayStarts(sunday, SlotRules.of(HOUR).withIncrement(Duration.ofMinutes(30)),
        "2026-11-01T04:00"))
        .containsExactly(at("2026-11-01T04:00"), at("2026-11-01T04:30"));
  }

  @Test
  void nineToFiveStaysNineToFiveWallTimeAcrossBothClockChanges() {
    Schedule sunday = sundays(NEW_YORK, "09:00", "17:00");

    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-03-01T05:00"))
        .hasSize(8).first().isEqualTo(at("2026-03-01T14:00"));
    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-03-08T05:00"))
        .hasSize(8).first().isEqualTo(at("2026-03-08T13:00"));
    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-11-01T04:00"))
        .hasSize(8).first().isEqualTo(at("2026-11-01T14:00"));
    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-11-01T04:00"))
        .last().isEqualTo(at("2026-11-01T21:00"));
  }

  @Test
  void berlinSkipsItsMissingHourAndRepeatsItsExtraHour() {
    Schedule sunday = sundays(BERLIN, "01:00", "04:00");

    // 2026-03-29: 02:00 CET becomes 03:00 CEST.
    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-03-28T23:00"))
        .containsExactly(at("2026-03-29T00:00"), at("2026-03-29T01:00"));
    // 2026-10-25: 03:00 CEST becomes 02:00 CET; the first slot is still Saturday in UTC.
    assertThat(sundayStarts(sunday, SlotRules.of(HOUR), "2026-10-24T22:00")).containsExactly(
        at("2026-10-24T23:00"), at("2026-10-25T00:00"), at("2026-10-25T01:00"),
        at("2026-10-25T02:00"));
  }

  @Test
  void kolkataHalfHourOffsetMovesSlotsAcrossTheUtcDate() {
    Schedule monday = Schedule.weekly(KOLKATA, Map.of(DayOfWeek.MONDAY, List.of(
        LocalInterval.parse("00:00", "01:00"), LocalInterval.parse("09:00", "11:00"),
        LocalInterval.parse("23:00", "24:00"))));

    List<Slot> utcMonday = AvailabilityEngine.slots(monday, SlotRules.of(HOUR), List.of(),
        List.of(), LONG_BEFORE, at("2026-06-01T00:00"), at("2026-06-02T00:00"));
    List<Slot> localMonday = AvailabilityEngine.slots(monday, SlotRules.of(HOUR), List.of(),
        List.of(), LONG_BEFORE, at("2026-05-31T18:30"), at("2026-06-01T18:30"));

    assertThat(starts(utcMonday)).containsExactly(
        at("2026-06-01T03:30"), at("2026-06-01T04:30"), at("2026-06-01T17:30"));
    assertThat(starts(localMonday)).containsExactly(at("2026-05-31T18:30"),
        at("2026-06-01T03:30"), at("2026-06-01T04:30"), at("2026-06-01T17:30"));
  }

  @Test
  void isBookableRejectsAStartInsideTheSpringForwardGap() {
    Schedule sunday = sundays(NEW_YORK, "01:00", "04:00");
    SlotRules rules = SlotRules.of(Duration.ofMinutes(30));

    // 07:00Z is 03:00 EDT, the first wall time after the gap, and on the 30-minute grid.
    assertThat(AvailabilityEngine.isBookable(sunday, rules, List.of(), List.of(), LONG_BEFORE,
        at("2026-03-08T07:00"))).isTrue();
    // 07:00Z - 1 min is 01:59 EST: on no grid.
    assertThat(AvailabilityEngine.isBookable(sunday, rules, List.of(), List.of(), LONG_BEFORE,
        at("2026-03-08T06:59"))).isFalse();
  }

  private static Schedule sundays(ZoneId zone, String from, String to) {
    return Schedule.weekly(zone,
        Map.of(DayOfWeek.SUNDAY, List.of(LocalInterval.parse(from, to))));
  }

  /** Starts over the 24 hours after {@code dayStartUtc} (local midnight of a Sunday). */
  private static List<Instant> sundayStarts(Schedule schedule, SlotRules rules,
      String dayStartUtc) {
    Instant from = at(dayStartUtc);
    return starts(AvailabilityEngine.slots(schedule, rules, List.of(), List.of(), LONG_BEFORE,
        from, from.plus(Duration.ofHours(25))));
  }

  private static List<Instant> starts(List<Slot> slots) {
    return slots.stream().map(Slot::start).collect(Collectors.toList());
  }

  private static Instant at(String utcMinute) {
    return Instant.parse(utcMinute + ":00Z");
  }
}
