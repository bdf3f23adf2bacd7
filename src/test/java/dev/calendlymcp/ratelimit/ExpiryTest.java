package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiryTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final LimiterFixture fixture = new LimiterFixture(b -> b.meterRegistry(registry));

  @Test
  void anIdleKeyIsForgottenWithItsMetersAfterTheIdleExpiry() {
    fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);
    fixture.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);
    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(500);

    fixture.advance(Duration.ofMinutes(9));
    assertThat(fixture.limiter.trackedKeys()).isEqualTo(1);
    assertThat(fixture.store.cleanUpAndCount()).isEqualTo(1);
    fixture.advance(Duration.ofMinutes(2));

    assertThat(fixture.limiter.trackedKeys()).isZero();
    assertThat(fixture.store.cleanUpAndCount()).isZero();
    assertThat(fixture.limiter.snapshot(ALICE).limit()).isEqualTo(60);
    assertThat(registry.find(KeyMeters.QUEUE_LENGTH).gauges()).isEmpty();
    assertThat(registry.find(KeyMeters.QUEUED).timers()).isEmpty();
  }

  @Test
  void aKeyThatComesBackAfterExpiryGetsWorkingMetersAgain() {
    fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);
    fixture.advance(Duration.ofMinutes(11));

    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    fixture.acquire(ALICE, CallKind.READ, Duration.ofMinutes(2));

    assertThat(registry.get(KeyMeters.QUEUE_LENGTH).tag("budget", ALICE.value()).gauge().value())
        .isEqualTo(1);
    assertThat(registry.get(KeyMeters.QUEUED).tag("budget", ALICE.value()).timer().count())
        .isEqualTo(60);
  }

  @Test
  void aKeyWithWaitersIsNotForgottenWhileTheyWait() {
    fixture.observe(ALICE, CallKind.READ, 429, null, null, null, Duration.ofMinutes(15));
    Call call = fixture.acquire(ALICE, CallKind.READ, Duration.ofMinutes(20));

    fixture.advance(Duration.ofMinutes(14));
    assertThat(fixture.limiter.trackedKeys()).isEqualTo(1);
    assertThat(call.isWaiting()).isTrue();
    fixture.advance(Duration.ofMinutes(1).plusSeconds(1));

    assertThat(call.isReleased()).isTrue();
  }

  @Test
  void aSpentDayOfBookingsIsKeptUntilTheDayEndsEvenWhenIdle() {
    fixture.limiter.setBookingTier(ALICE, BookingTier.TRIAL);
    fixture.acquire(5, ALICE, CallKind.BOOKING, Duration.ZERO);

    fixture.advance(Duration.ofHours(3));
    assertThat(fixture.store.cleanUpAndCount()).isEqualTo(1);
    Call sixth = fixture.acquire(ALICE, CallKind.BOOKING, Duration.ofMinutes(1));

    assertThat(sixth.rejection().budget()).isEqualTo("booking-day");
  }
}
