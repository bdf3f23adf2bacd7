package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BookingTest {

  private final LimiterFixture fixture = new LimiterFixture();

  @Test
  void theEleventhBookingWaitsForTheMinuteThatTheFirstBookingStartedToEnd() {
    // The first booking is at 16:47:30: a Calendly whose minute starts with it counts until
    // 16:48:30, so releasing the eleventh at the calendar minute (16:48:00) would meet a 429.
    List<Call> bookings = fixture.acquire(11, ALICE, CallKind.BOOKING, Duration.ofMinutes(5));

    assertThat(LimiterFixture.released(bookings)).isEqualTo(10);
    fixture.advanceTo(Instant.parse("2026-11-24T16:48:30.999Z"));
    assertThat(bookings.get(10).isWaiting()).isTrue();
    fixture.advance(Duration.ofMillis(1));
    assertThat(bookings.get(10).releasedAt).isEqualTo(Instant.parse("2026-11-24T16:48:31Z"));
  }

  @Test
  void aBookingThatFitsTheMinuteStartedByItsFirstBookingStillWaitsWhenTheCalendarMinuteIsFull() {
    fixture.acquire(ALICE, CallKind.BOOKING, Duration.ZERO);
    fixture.advanceTo(Instant.parse("2026-11-24T16:48:25Z"));
    List<Call> late = fixture.acquire(10, ALICE, CallKind.BOOKING, Duration.ofMinutes(5));
    fixture.advanceTo(Instant.parse("2026-11-24T16:48:31Z"));
    assertThat(late).allMatch(Call::isReleased);

    // The window started at 16:48:31 has one booking, but the calendar minute 16:48 has ten: a
    // Calendly that counts calendar minutes would refuse this one before 16:49.
    fixture.advanceTo(Instant.parse("2026-11-24T16:48:40Z"));
    Call next = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofMinutes(5));

    assertThat(next.isWaiting()).isTrue();
    fixture.advanceTo(Instant.parse("2026-11-24T16:49:01Z"));
    assertThat(next.releasedAt).isEqualTo(Instant.parse("2026-11-24T16:49:01Z"));
  }

  @Test
  void theHundredAndFirstBookingInADayFailsAtOnceWithTheTimeTheDayStartedByTheFirstBookingEnds() {
    List<Call> bookings = fixture.acquire(100, ALICE, CallKind.BOOKING, Duration.ofHours(3));
    fixture.advanceTo(Instant.parse("2026-11-24T18:00:00Z"));
    assertThat(bookings).allMatch(Call::isReleased);
    assertThat(mostInOneWindow(bookings, Duration.ofMinutes(1))).isEqualTo(10);
    assertThat(mostInOneWindow(bookings, Duration.ofHours(1))).isEqualTo(50);
    assertThat(bookings.get(50).releasedAt)
        .as("the hour that the first booking (16:47:30) started, plus the margin")
        .isEqualTo(Instant.parse("2026-11-24T17:47:31Z"));

    Call hundredAndFirst = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofHours(1));

    RateLimitWaitTooLongException rejection = hundredAndFirst.rejection();
    assertThat(rejection.getMessage())
        .isEqualTo(
            "Calendly's per-day booking budget for this user is used up; it renews in 22 h 48 min"
                + " (at 2026-11-25T16:47:30Z)");
    assertThat(rejection.budget()).isEqualTo("booking-day");
    assertThat(rejection.availableAt()).isEqualTo(Instant.parse("2026-11-25T16:47:31Z"));
    assertThat(rejection.wouldWait())
        .isEqualTo(Duration.ofHours(22).plusMinutes(47).plusSeconds(31));
  }

  /** The most releases in one calendar window (UTC) of the given length. */
  private static long mostInOneWindow(List<Call> calls, Duration length) {
    return calls.stream()
        .collect(
            Collectors.groupingBy(
                call -> call.releasedAt.toEpochMilli() / length.toMillis(), Collectors.counting()))
        .values()
        .stream()
        .mapToLong(Long::longValue)
        .max()
        .orElse(0);
  }

  @Test
  void aBookingAlsoCountsAgainstTheUserBudget() {
    fixture.acquire(10, ALICE, CallKind.BOOKING, Duration.ZERO);

    assertThat(fixture.limiter.snapshot(ALICE).remaining()).isEqualTo(50);
    List<Call> reads = fixture.acquire(51, ALICE, CallKind.READ, Duration.ofMinutes(2));
    assertThat(LimiterFixture.released(reads)).isEqualTo(50);
  }

  @Test
  void aReadDoesNotWaitBehindABookingThatWaitsForTheBookingWindow() {
    List<Call> bookings = fixture.acquire(11, ALICE, CallKind.BOOKING, Duration.ofMinutes(5));
    assertThat(bookings.get(10).isWaiting()).isTrue();

    Call read = fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);

    assertThat(read.isReleased()).isTrue();
  }

  @Test
  void readsQueuedBehindAWaitingBookingNeverTakeItsPlaceInTheUserBudget() {
    List<Call> bookings = fixture.acquire(11, ALICE, CallKind.BOOKING, Duration.ofMinutes(5));
    // The waiting booking has its place at 16:48:31 in the user window that opens then: the reads
    // queued after it get the first window's other 50, and 59 of the next.
    List<Call> reads = fixture.acquire(120, ALICE, CallKind.READ, Duration.ofMinutes(5));
    assertThat(LimiterFixture.released(reads)).isEqualTo(50);

    fixture.advanceTo(Instant.parse("2026-11-24T16:48:31Z"));

    assertThat(bookings.get(10).releasedAt).isEqualTo(Instant.parse("2026-11-24T16:48:31Z"));
    assertThat(LimiterFixture.released(reads)).isEqualTo(50 + 59);
  }

  @Test
  void anEnterpriseKeyBooksFiveHundredAMinute() {
    fixture.limiter.setBookingTier(ALICE, BookingTier.ENTERPRISE);

    List<Call> bookings = fixture.acquire(100, ALICE, CallKind.BOOKING, Duration.ZERO);

    assertThat(bookings).allMatch(Call::isReleased);
  }

  @Test
  void aTrialKeyMayBookFiveTimesADay() {
    fixture.limiter.setBookingTier(ALICE, BookingTier.TRIAL);
    fixture.acquire(5, ALICE, CallKind.BOOKING, Duration.ZERO);

    Call sixth = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofHours(1));

    assertThat(sixth.rejection().budget()).isEqualTo("booking-day");
  }

  @Test
  void a429ToABookingPausesBookingsButNotReads() {
    fixture.acquire(ALICE, CallKind.BOOKING, Duration.ZERO);
    fixture.observe(ALICE, CallKind.BOOKING, 429, null, null, null, Duration.ofSeconds(120));

    Call booking = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofSeconds(60));
    Call read = fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);

    assertThat(booking.rejection().budget()).isEqualTo("booking-pause");
    assertThat(booking.rejection().getMessage())
        .startsWith("Calendly refused a booking for this user as over its limit")
        .contains("resume in 2 min 1 s");
    assertThat(read.isReleased()).isTrue();
  }

  @Test
  void a429ToABookingWithoutRetryAfterPausesBookingsUntilTheBookingWindowItReportsResets() {
    fixture.acquire(ALICE, CallKind.BOOKING, Duration.ZERO);
    fixture.observe(ALICE, CallKind.BOOKING, 429, 50, 0, Duration.ofMinutes(47), null);

    Call booking = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofHours(1));
    Call read = fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);

    assertThat(read.isReleased()).isTrue();
    fixture.advance(Duration.ofMinutes(47));
    assertThat(booking.isWaiting()).as("the safety margin after the reported reset").isTrue();
    fixture.advance(Duration.ofSeconds(1));
    assertThat(booking.isReleased()).isTrue();
  }

  @Test
  void theSnapshotShowsTheBookingWindowsOfTheKeysTier() {
    fixture.acquire(3, ALICE, CallKind.BOOKING, Duration.ZERO);

    assertThat(fixture.limiter.snapshot(ALICE).bookingWindows())
        .containsExactly(
            new BudgetSnapshot.BookingWindow(
                BookingPeriod.MINUTE, 10, 3, Instant.parse("2026-11-24T16:48:30Z")),
            new BudgetSnapshot.BookingWindow(
                BookingPeriod.HOUR, 50, 3, Instant.parse("2026-11-24T17:47:30Z")),
            new BudgetSnapshot.BookingWindow(
                BookingPeriod.DAY, 100, 3, Instant.parse("2026-11-25T16:47:30Z")));
  }
}
