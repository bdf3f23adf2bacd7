package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancellationTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final LimiterFixture fixture = new LimiterFixture(b -> b.meterRegistry(registry));

  private double queueGauge() {
    Gauge gauge = registry.get(KeyMeters.QUEUE_LENGTH).tag("budget", ALICE.value()).gauge();
    return gauge.value();
  }

  @Test
  void cancellingAWaiterLetsTheNextOneTakeItsPlaceAndTheQueueGaugeReturnsToZero() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    List<Call> nextWindow = fixture.acquire(60, ALICE, CallKind.READ, Duration.ofMinutes(5));
    Call windowAfter = fixture.acquire(ALICE, CallKind.READ, Duration.ofMinutes(5));
    assertThat(queueGauge()).isEqualTo(61);

    nextWindow.get(0).subscription.dispose();

    assertThat(queueGauge()).isEqualTo(60);
    fixture.advance(Duration.ofSeconds(61));
    assertThat(windowAfter.releasedAt).isEqualTo(START.plusSeconds(61));
    assertThat(nextWindow.subList(1, 60)).allMatch(Call::isReleased);
    assertThat(nextWindow.get(0).isReleased()).isFalse();
    assertThat(queueGauge()).isZero();
  }

  @Test
  void aCancelledPlaceInTheNextWindowGoesToACallThatCouldNotHaveWaitedLonger() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    List<Call> nextWindow = fixture.acquire(60, ALICE, CallKind.READ, Duration.ofMinutes(5));
    assertThat(fixture.acquire(ALICE, CallKind.READ, Duration.ofSeconds(62)).rejection())
        .isNotNull();

    nextWindow.get(30).subscription.dispose();
    Call urgent = fixture.acquire(ALICE, CallKind.READ, Duration.ofSeconds(62));

    assertThat(urgent.isWaiting()).isTrue();
    fixture.advance(Duration.ofSeconds(61));
    assertThat(urgent.isReleased()).isTrue();
  }

  @Test
  void theQueueTimerRecordsHowLongEachCallWaited() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    fixture.acquire(ALICE, CallKind.READ, Duration.ofMinutes(5));
    fixture.advance(Duration.ofMinutes(2));

    Timer queued = registry.get(KeyMeters.QUEUED).tag("budget", ALICE.value()).timer();
    assertThat(queued.count()).isEqualTo(61);
    assertThat(queued.max(TimeUnit.MILLISECONDS)).isEqualTo(61_000);
  }

  @Test
  void every429ObservedIsCounted() {
    fixture.observe(ALICE, CallKind.READ, 429, null, null, null, Duration.ofSeconds(1));
    fixture.observe(ALICE, CallKind.OAUTH_TOKEN, 429, null, null, null, Duration.ofSeconds(1));

    assertThat(registry.get(KeyMeters.THROTTLED).counter().count()).isEqualTo(2);
  }
}
