package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class LearningTest {

  private final LimiterFixture fixture = new LimiterFixture();

  @Test
  void aKeyThatLearnsALimitOf120LetsThrough120PerWindow() {
    fixture.observe(ALICE, CallKind.READ, 200, 120, 120, Duration.ofSeconds(60), null);

    List<Call> calls = fixture.acquire(240, ALICE, CallKind.READ, Duration.ofMinutes(5));

    assertThat(LimiterFixture.released(calls)).isEqualTo(120);
    fixture.advance(Duration.ofMillis(60_999));
    assertThat(LimiterFixture.released(calls)).isEqualTo(120);
    fixture.advance(Duration.ofMillis(1));
    assertThat(LimiterFixture.released(calls)).isEqualTo(240);
    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(120);
    assertThat(fixture.limiter.snapshot(ALICE).limitLearned()).isTrue();
  }

  @Test
  void aLearnedLowerLimitHoldsBackCallsTheDefaultWouldHaveAllowed() {
    fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);
    fixture.observe(ALICE, CallKind.READ, 200, 50, 49, Duration.ofSeconds(60), null);

    List<Call> calls = fixture.acquire(55, ALICE, CallKind.READ, Duration.ofMinutes(5));

    assertThat(LimiterFixture.released(calls)).isEqualTo(49);
  }

  @Test
  void a429WithRetryAfter30SecondsPausesTheKeyFor30SecondsAndThenItRecovers() {
    fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);
    fixture.observe(ALICE, CallKind.READ, 429, 60, 0, null, Duration.ofSeconds(30));

    assertThat(fixture.limiter.snapshot(ALICE).pausedUntil()).contains(START.plusSeconds(31));
    StepVerifier.withVirtualTime(
            () -> fixture.limiter.acquire(ALICE, CallKind.READ, START.plusSeconds(60)),
            () -> fixture.clock,
            1)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(30_999))
        .thenAwait(Duration.ofMillis(1))
        .assertNext(permit -> assertThat(permit.waited()).isEqualTo(Duration.ofSeconds(31)))
        .verifyComplete();

    List<Call> afterPause = fixture.acquire(59, ALICE, CallKind.READ, Duration.ZERO);
    assertThat(afterPause).allMatch(Call::isReleased);
    assertThat(fixture.limiter.snapshot(ALICE).pausedUntil()).isEmpty();
  }

  @Test
  void a429WithoutRetryAfterPausesUntilTheWindowResetItReports() {
    fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);
    fixture.observe(ALICE, CallKind.READ, 429, 60, 0, Duration.ofSeconds(12), null);

    Call call = fixture.acquire(ALICE, CallKind.READ, Duration.ofMinutes(1));

    fixture.advance(Duration.ofMillis(12_999));
    assertThat(call.isWaiting()).isTrue();
    fixture.advance(Duration.ofMillis(1));
    assertThat(call.isReleased()).isTrue();
  }

  @Test
  void theProductSpecEnterpriseLimitMarksAKeyAsEnterpriseForBookings() {
    fixture.observe(ALICE, CallKind.READ, 200, 120, 119, Duration.ofSeconds(60), null);

    assertThat(fixture.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
  }

  @Test
  void calendlysPaidPlanLimitDoesNotRevealEnterpriseSoTheDefaultTierStays() {
    fixture.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);

    assertThat(fixture.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.PAID);
  }

  @Test
  void calendlysFreePlanLimitMarksAKeyAsFreeAndHoldsItToFiveBookingsADay() {
    fixture.observe(ALICE, CallKind.READ, 200, 50, 50, Duration.ofSeconds(60), null);

    List<Call> bookings = fixture.acquire(5, ALICE, CallKind.BOOKING, Duration.ZERO);
    Call sixth = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofHours(1));

    assertThat(fixture.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.FREE);
    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(50);
    assertThat(bookings).allMatch(Call::isReleased);
    assertThat(sixth.rejection().budget()).isEqualTo("booking-day");
  }

  @Test
  void aFreeKeyThatReportsThePaidLimitAfterAnUpgradeBooksOnThePaidWindows() {
    fixture.observe(ALICE, CallKind.READ, 200, 50, 49, Duration.ofSeconds(60), null);
    fixture.advance(Duration.ofMinutes(2));
    fixture.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);

    List<Call> bookings = fixture.acquire(10, ALICE, CallKind.BOOKING, Duration.ZERO);

    assertThat(fixture.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.PAID);
    assertThat(bookings).allMatch(Call::isReleased);
  }

  @Test
  void calendlysPaidPlanLimitMarksAKeyAsPaidWhateverStricterTierItStartedFrom() {
    LimiterFixture trialByDefault =
        new LimiterFixture(RateLimitSettings.builder().defaultBookingTier(BookingTier.TRIAL).build());
    assertThat(trialByDefault.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.TRIAL);

    trialByDefault.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);

    assertThat(trialByDefault.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.PAID);
    assertThat(trialByDefault.limiter.snapshot(ALICE).limit()).isEqualTo(500);
  }

  @Test
  void calendlysPaidPlanLimitKeepsEnterpriseWhenThatIsTheDefaultTier() {
    LimiterFixture enterpriseByDefault =
        new LimiterFixture(RateLimitSettings.builder().defaultBookingTier(BookingTier.ENTERPRISE).build());

    enterpriseByDefault.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);

    assertThat(enterpriseByDefault.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
  }

  @Test
  void anEnterpriseUserLimitSetToCalendlysFiveHundredNeverMakesEveryPaidUserEnterprise() {
    LimiterFixture fiveHundred =
        new LimiterFixture(RateLimitSettings.builder().enterpriseUserLimit(500).build());

    fiveHundred.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);

    assertThat(fiveHundred.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.PAID);
  }

  @Test
  void theOrganizationsPlanOutranksWhatTheReportedLimitSuggests() {
    fixture.limiter.setBookingTier(ALICE, BookingTier.ofPlan("Enterprise", "paid").orElseThrow());

    fixture.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);

    assertThat(fixture.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
  }

  @Test
  void anOrganizationsStageAndPlanMapToTheirBookingTiersAndUnknownPlansToNone() {
    assertThat(BookingTier.ofPlan("enterprise", "paid")).contains(BookingTier.ENTERPRISE);
    assertThat(BookingTier.ofPlan("teams", "paid")).contains(BookingTier.PAID);
    assertThat(BookingTier.ofPlan("standard", null)).contains(BookingTier.PAID);
    assertThat(BookingTier.ofPlan("professional", null)).contains(BookingTier.PAID);
    assertThat(BookingTier.ofPlan("essentials", null)).contains(BookingTier.PAID);
    assertThat(BookingTier.ofPlan("basic", null)).contains(BookingTier.FREE);
    assertThat(BookingTier.ofPlan("free", "free")).contains(BookingTier.FREE);
    assertThat(BookingTier.ofPlan("teams", "trial")).as("a trial of a paid plan books on Trial's row")
        .contains(BookingTier.TRIAL);
    assertThat(BookingTier.ofPlan("platinum", "paid")).isEmpty();
    assertThat(BookingTier.ofPlan(null, null)).isEmpty();
  }

  @Test
  void beforeAnyResponseAKeyStartsFromTheProductSpecsSixtyAndTheDefaultTier() {
    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(60);
    assertThat(fixture.limiter.snapshot(ALICE).limitLearned()).isFalse();
    assertThat(fixture.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.PAID);
  }

  @Test
  void aKeySetToEnterpriseStartsFromTheEnterpriseLimitUntilCalendlySaysOtherwise() {
    fixture.limiter.setBookingTier(ALICE, BookingTier.ENTERPRISE);

    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(120);
    fixture.observe(ALICE, CallKind.READ, 200, 500, 500, Duration.ofSeconds(60), null);
    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(500);
    assertThat(fixture.limiter.snapshot(ALICE).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
  }

  @Test
  void theSnapshotReadsLikeAStatusLine() {
    fixture.acquire(18, ALICE, CallKind.READ, Duration.ZERO);
    fixture.advance(Duration.ofSeconds(47));

    assertThat(fixture.limiter.snapshot(ALICE).summary())
        .isEqualTo("rate limit: 42 of 60 left, resets in 13 s");
  }
}
