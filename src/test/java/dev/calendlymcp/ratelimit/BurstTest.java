package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstTest {

  private final LimiterFixture fixture = new LimiterFixture();

  @Test
  void threeHundredCallsAtOnceOnASixtyPerMinuteKeyDrainInFiveWindowsInArrivalOrder() {
    List<Call> calls = fixture.acquire(300, ALICE, CallKind.READ, Duration.ofMinutes(10));

    assertThat(LimiterFixture.released(calls)).isEqualTo(60);
    fixture.advance(Duration.ofMinutes(10));

    assertThat(calls).allMatch(Call::isReleased);
    for (int i = 0; i < calls.size(); i++) {
      Call call = calls.get(i);
      assertThat(call.releaseOrder).as("release order of call %d", i).isEqualTo(i);
      // Window w opens 60 s plus the 500 ms safety margin after window w-1.
      Instant expected = START.plusMillis((i / 60) * 60_500L);
      assertThat(call.releasedAt).as("release time of call %d", i).isEqualTo(expected);
      assertThat(call.permit.waited()).isEqualTo(Duration.between(START, expected));
    }
    for (int i = 0; i + 60 < calls.size(); i++) {
      assertThat(Duration.between(calls.get(i).releasedAt, calls.get(i + 60).releasedAt))
          .as("no 61 calls within one window")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }
    Instant last = calls.get(299).releasedAt;
    assertThat(Duration.between(START, last)).isLessThan(Duration.ofMinutes(5));
    double windowsUsed = Duration.between(START, last).plusSeconds(60).toMillis() / 60_000.0;
    double utilisation = 300 / (60 * windowsUsed);
    assertThat(utilisation).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void aCallThatFitsIsLetThroughAtOnceWithoutWaiting() {
    Call call = fixture.acquire(ALICE, CallKind.WRITE, Duration.ZERO);

    assertThat(call.isReleased()).isTrue();
    assertThat(call.permit.waited()).isZero();
  }
}
