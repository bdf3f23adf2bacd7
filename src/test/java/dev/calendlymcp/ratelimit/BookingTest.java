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
  void theEleventhBookingInAMinuteWaitsForTheNextMinute() {
    List<Call> bookings = fixture.acquire(11, ALICE, CallKind.BOOKING, Duration.ofMinutes(5));

    assertThat(LimiterFixture.released(bookings)).isEqualTo(10);
    fixture.advanceTo(Instant.parse("2026-11-24T16:48:00.999Z"));
    assertThat(bookings.get(10).isWaiting()).isTrue();
    fixture.advance(Duration.ofMillis(1));
    assertThat(bookings.get(10).releasedAt).isEqualTo(Instant.parse("2026-11-24T16:48:01Z"));
  }

  @Test
  void theHundredAndFirstBookingInADayFailsAtOnceWithTheRenewalTime() {
    List<Call> bookings = fixture.acquire(100, ALICE, CallKind.BOOKING, Duration.ofHours(2));
    fixture.advanceTo(Instant.parse("2026-11-24T17:10:00Z"));
    assertThat(bookings).allMatch(Call::isReleased);
    assertThat(mostInOneWindow(bookings, Duration.ofMinutes(1))).isEqualTo(10);
    assertThat(mostInOneWindow(bookings, Duration.ofHours(1))).isEqualTo(50);

    Call hundredAndFirst = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofHours(1));

    RateLimitWaitTooLongException rejection = hundredAndFirst.rejection();
    assertThat(rejection.getMessage())
        .isEqualTo(
            "Calendly's booking budget for this user is used up for today; it renews in 6 h 50 min"
                + " (at 2026-11-25T00:00:00Z)");
    assertThat(rejection.budget()).isEqualTo("booking-day");
    assertThat(rejection.availableAt()).isEqualTo(Instant.parse("2026-11-25T00:00:01Z"));
    assertThat(rejection.wouldWait()).isEqualTo(Duration.ofHours(6).plusMinutes(50).plusSeconds(1));
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
    // The waiting booking keeps its place in the user window (it starts at 16:48:01, before
    // the window ends at 16:48:30): the reads queued after it get the other 49.
    List<Call> reads = fixture.acquire(120, ALICE, CallKind.READ, Duration.ofMinutes(5));
    assertThat(LimiterFixture.released(reads)).isEqualTo(49);

    fixture.advanceTo(Instant.parse("2026-11-24T16:48:31Z"));

    assertThat(bookings.get(10).releasedAt).isEqualTo(Instant.parse("2026-11-24T16:48:01Z"));
    assertThat(LimiterFixture.released(reads)).isEqualTo(49 + 60);
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
                BookingPeriod.MINUTE, 10, 3, Instant.parse("2026-11-24T16:48:00Z")),
            new BudgetSnapshot.BookingWindow(
                BookingPeriod.HOUR, 50, 3, Instant.parse("2026-11-24T17:00:00Z")),
            new BudgetSnapshot.BookingWindow(
                BookingPeriod.DAY, 100, 3, Instant.parse("2026-11-25T00:00:00Z")));
  }
}
