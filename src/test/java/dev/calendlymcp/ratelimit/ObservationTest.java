package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationTest {

  private static final Duration MINUTE = Duration.ofSeconds(60);

  private final LimiterFixture fixture = new LimiterFixture();

  private int remaining() {
    return fixture.limiter.snapshot(ALICE).remaining();
  }

  @Test
  void aStaleLargerRemainingNeverRaisesTheRemainingOfTheWindow() {
    fixture.observe(ALICE, CallKind.READ, 200, 60, 30, MINUTE, null);
    assertThat(remaining()).isEqualTo(30);

    fixture.observe(ALICE, CallKind.READ, 200, 60, 45, Duration.ofSeconds(59), null);

    assertThat(remaining()).isEqualTo(30);
  }

  @Test
  void responsesArrivingOutOfOrderNeverShowMoreRemainingThanTheLowestReported() {
    // Another integration of the same user has used 5 calls; ours are served in some order.
    fixture.acquire(5, ALICE, CallKind.READ, Duration.ZERO);
    int lowest = Integer.MAX_VALUE;
    for (int reported : new int[] {50, 54, 52, 53, 51}) {
      fixture.observe(ALICE, CallKind.READ, 200, 60, reported, MINUTE, null);
      lowest = Math.min(lowest, reported);
      assertThat(remaining()).isLessThanOrEqualTo(lowest);
    }

    assertThat(remaining()).isEqualTo(50);
    List<Call> more = fixture.acquire(51, ALICE, CallKind.READ, Duration.ofMinutes(2));
    assertThat(LimiterFixture.released(more)).isEqualTo(50);
  }

  @Test
  void callsStillInFlightCountOnTopOfWhatCalendlyReported() {
    fixture.acquire(20, ALICE, CallKind.READ, Duration.ZERO);

    // The first answer: Calendly has counted 30 (ours and another app's); 19 of ours are
    // unanswered.
    fixture.observe(ALICE, CallKind.READ, 200, 60, 30, MINUTE, null);

    assertThat(remaining()).isEqualTo(11);
  }

  @Test
  void aWindowThatCalendlyHasResetIsAdopted() {
    fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);
    fixture.observe(ALICE, CallKind.READ, 200, 60, 10, MINUTE, null);
    assertThat(remaining()).isEqualTo(10);

    fixture.advance(Duration.ofSeconds(20));
    fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);
    fixture.observe(ALICE, CallKind.READ, 200, 60, 59, MINUTE, null);

    assertThat(remaining()).isEqualTo(59);
    assertThat(fixture.limiter.snapshot(ALICE).resetsAt()).contains(START.plusSeconds(80));
  }

  @Test
  void aWindowThatCalendlyEndsEarlierThanGuessedReleasesTheNextCallsEarlier() {
    List<Call> first = fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    assertThat(first).allMatch(Call::isReleased);
    // Calendly's window started before our first call: it ends in 25 s, not 60 s.
    fixture.observe(ALICE, CallKind.READ, 200, 60, 0, Duration.ofSeconds(25), null);

    Call next = fixture.acquire(ALICE, CallKind.READ, Duration.ofMinutes(2));

    fixture.advance(Duration.ofSeconds(26));
    assertThat(next.isReleased()).isTrue();
  }

  @Test
  void aLateAnswerFromTheWindowThatJustEndedDoesNotShortenTheNextOne() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    List<Call> second = fixture.acquire(60, ALICE, CallKind.READ, Duration.ofMinutes(3));
    fixture.advance(Duration.ofSeconds(61));
    assertThat(second).allMatch(Call::isReleased);

    // Served just before the old window's end, answered just after the new one began.
    fixture.observe(ALICE, CallKind.READ, 200, 60, 0, Duration.ofSeconds(1), null);
    Call third = fixture.acquire(ALICE, CallKind.READ, Duration.ofMinutes(3));
    fixture.advance(Duration.ofSeconds(30));

    assertThat(third.isWaiting()).isTrue();
    assertThat(remaining()).isZero();
  }

  @Test
  void headersOfABookingAnswerDoNotTeachTheUserLimit() {
    fixture.acquire(ALICE, CallKind.BOOKING, Duration.ZERO);

    fixture.observe(ALICE, CallKind.BOOKING, 201, 10, 9, MINUTE, null);

    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(60);
    assertThat(fixture.limiter.snapshot(ALICE).limitLearned()).isFalse();
  }
}
