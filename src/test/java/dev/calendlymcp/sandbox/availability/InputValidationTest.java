package dev.calendlymcp.sandbox.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputValidationTest {

  private static final Schedule SCHEDULE = Schedule.weekly(ZoneId.of("America/New_York"),
      Map.of(DayOfWeek.MONDAY, List.of(LocalInterval.parse("09:00", "17:00"))));
  private static final SlotRules RULES = SlotRules.of(Duration.ofMinutes(30));
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant FROM = Instant.parse("2026-06-01T04:00:00Z");
  private static final Instant TO = Instant.parse("2026-06-02T04:00:00Z");
  private static final Duration MINUS_ONE = Duration.ofMinutes(-1);

  @Test
  void eachMissingArgumentIsNamed() {
    assertRejected(() -> AvailabilityEngine.slots(null, RULES, List.of(), List.of(), NOW, FROM,
        TO), "schedule");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, null, List.of(), List.of(), NOW, FROM,
        TO), "rules");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, null, List.of(), NOW, FROM,
        TO), "busy");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), null, NOW, FROM,
        TO), "booked");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), List.of(), null,
        FROM, TO), "now");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), List.of(), NOW,
        null, TO), "from");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), List.of(), NOW,
        FROM, null), "to");
    assertRejected(() -> AvailabilityEngine.isBookable(SCHEDULE, RULES, List.of(), List.of(), NOW,
        null), "start");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, Arrays.asList((Busy) null),
        List.of(), NOW, FROM, TO), "busy[0]");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(),
        Arrays.asList((Booked) null), NOW, FROM, TO), "booked[0]");
  }

  @Test
  void anEmptyOrBackwardsRangeIsRejected() {
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), List.of(), NOW,
        FROM, FROM), "from");
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), List.of(), NOW,
        TO, FROM), "must be before to");
  }

  @Test
  void aRangeLongerThanTheMaximumSpanIsRejectedButOneClippedByTheBookingWindowIsNot() {
    Instant farAway = FROM.plus(Duration.ofDays(AvailabilityEngine.MAX_SPAN_DAYS + 1));

    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), List.of(), NOW,
        FROM, farAway), "span");
    assertThat(AvailabilityEngine.slots(SCHEDULE, RULES.withMaxDaysInFuture(60), List.of(),
        List.of(), NOW, FROM, farAway)).isNotEmpty();
  }

  @Test
  void instantsOutsideTheSupportedYearsAreRejected() {
    assertRejected(() -> AvailabilityEngine.slots(SCHEDULE, RULES, List.of(), List.of(),
        Instant.MAX, FROM, TO), "now");
    assertRejected(() -> new Busy(Instant.MIN, FROM), "start");
  }

  @Test
  void slotRulesRejectNonPositiveDurationsNegativeBuffersAndMissingSeats() {
    assertRejected(() -> SlotRules.of(Duration.ZERO), "duration");
    assertRejected(() -> SlotRules.of(MINUS_ONE), "duration");
    assertRejected(() -> SlotRules.of(null), "duration");
    assertRejected(() -> RULES.withIncrement(Duration.ZERO), "increment");
    assertRejected(() -> RULES.withBuffers(MINUS_ONE, Duration.ZERO), "bufferBefore");
    assertRejected(() -> RULES.withBuffers(Duration.ZERO, MINUS_ONE), "bufferAfter");
    assertRejected(() -> RULES.withBuffers(null, Duration.ZERO), "bufferBefore");
    assertRejected(() -> RULES.withMinimumNotice(MINUS_ONE), "minimumNotice");
    assertRejected(() -> RULES.withSeatsPerSlot(0), "seatsPerSlot");
    assertRejected(() -> RULES.withMaxDaysInFuture(-1), "maxDaysInFuture");
    assertRejected(() -> SlotRules.of(Duration.ofDays(AvailabilityEngine.MAX_SPAN_DAYS + 1)),
        "duration");
  }

  @Test
  void aMissingIncrementMeansOneMeetingAfterAnother() {
    SlotRules rules = new SlotRules(Duration.ofMinutes(45), null, Duration.ZERO, Duration.ZERO,
        Duration.ZERO, 1, 0);

    assertThat(rules.increment()).isEqualTo(Duration.ofMinutes(45));
  }

  @Test
  void localIntervalsRejectEmptyOrOutOfDayBounds() {
    assertRejected(() -> new LocalInterval(-1, 60), "fromMinute");
    assertRejected(() -> new LocalInterval(1440, 1440), "fromMinute");
    assertRejected(() -> new LocalInterval(60, 60), "toMinute");
    assertRejected(() -> new LocalInterval(0, 1441), "toMinute");
  }

  @Test
  void parsingNamesTheFieldThatIsNotAnHhMmTime() {
    assertRejected(() -> LocalInterval.parse("9:00", "10:00"), "from");
    assertRejected(() -> LocalInterval.parse("09:60", "10:00"), "from");
    assertRejected(() -> LocalInterval.parse("24:00", "24:00"), "from");
    assertRejected(() -> LocalInterval.parse(null, "10:00"), "from");
    assertRejected(() -> LocalInterval.parse("09:00", "24:30"), "to");
    assertRejected(() -> LocalInterval.parse("09:00", "25:00"), "to");
    assertRejected(() -> LocalInterval.parse("10:00", "09:00"), "to (09:00) must be after");
  }

  @Test
  void parsingAcceptsMidnightAsTheEndOfTheDayAndFormatsBack() {
    LocalInterval evening = LocalInterval.parse("17:30", "24:00");

    assertThat(evening).isEqualTo(new LocalInterval(1050, 1440));
    assertThat(evening.fromText()).isEqualTo("17:30");
    assertThat(evening.toText()).isEqualTo("24:00");
  }

  @Test
  void schedulesRejectMissingZonesAndNullEntries() {
    Map<DayOfWeek, List<LocalInterval>> withNullList = new HashMap<>();
    withNullList.put(DayOfWeek.MONDAY, null);

    assertRejected(() -> Schedule.weekly(null, Map.of()), "zone");
    assertRejected(() -> Schedule.weekly(ZoneId.of("UTC"), null), "weekly");
    assertRejected(() -> Schedule.weekly(ZoneId.of("UTC"), withNullList), "weekly[MONDAY]");
    assertRejected(() -> new Schedule(ZoneId.of("UTC"), Map.of(), null), "overrides");
    assertRejected(() -> SCHEDULE.withOverride(LocalDate.of(2026, 6, 1),
        Arrays.asList((LocalInterval) null)), "overrides[2026-06-01] interval");
  }

  @Test
  void schedulesAreUnaffectedByLaterChangesToTheMapsTheyWereBuiltFrom() {
    Map<DayOfWeek, List<LocalInterval>> weekly = new HashMap<>();
    weekly.put(DayOfWeek.MONDAY, List.of(LocalInterval.parse("09:00", "10:00")));
    Schedule schedule = Schedule.weekly(ZoneId.of("UTC"), weekly);

    weekly.put(DayOfWeek.TUESDAY, List.of(LocalInterval.parse("09:00", "10:00")));

    assertThat(schedule.intervalsOn(LocalDate.of(2026, 6, 2))).isEmpty();
  }

  @Test
  void busyAndBookedRejectImpossibleValues() {
    assertRejected(() -> new Busy(TO, FROM), "end");
    assertRejected(() -> new Busy(null, FROM), "start");
    assertRejected(() -> new Booked(FROM, -1), "seatsTaken");
    assertRejected(() -> new Slot(FROM, 0), "inviteesRemaining");
  }

  private static void assertRejected(Runnable call, String fieldInMessage) {
    assertThatIllegalArgumentException().isThrownBy(call::run)
        .withMessageContaining(fieldInMessage);
  }
}
