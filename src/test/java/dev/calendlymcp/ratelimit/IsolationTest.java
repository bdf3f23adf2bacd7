package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsolationTest {

  private final LimiterFixture fixture = new LimiterFixture();

  @Test
  void aBlockedKeyDoesNotDelayAnotherKeysCalls() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    fixture.observe(ALICE, CallKind.READ, 429, 60, 0, null, Duration.ofMinutes(10));
    List<Call> aliceWaiting = fixture.acquire(30, ALICE, CallKind.READ, Duration.ofMinutes(15));

    List<Call> bob = fixture.acquire(60, BOB, CallKind.READ, Duration.ZERO);

    assertThat(bob).allMatch(Call::isReleased);
    assertThat(aliceWaiting).allMatch(Call::isWaiting);
    assertThat(fixture.limiter.snapshot(BOB).remaining()).isZero();
    assertThat(fixture.limiter.snapshot(BOB).pausedUntil()).isEmpty();
    assertThat(fixture.limiter.snapshot(ALICE).queued()).isEqualTo(30);
  }

  @Test
  void whatOneKeyLearnsDoesNotChangeAnother() {
    fixture.observe(ALICE, CallKind.READ, 200, 500, 499, Duration.ofSeconds(60), null);

    assertThat(fixture.limiter.snapshot(BOB).limit()).isEqualTo(60);
    assertThat(fixture.limiter.snapshot(BOB).limitLearned()).isFalse();
  }
}
