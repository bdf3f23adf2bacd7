package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final LimiterFixture fixture = new LimiterFixture(b -> b.meterRegistry(registry));

  @Test
  void aCallWhoseDeadlineIsShorterThanItsWaitFailsAtOnceWithTheWaitInTheMessage() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);

    Call call = fixture.acquire(ALICE, CallKind.READ, Duration.ofSeconds(10));

    RateLimitWaitTooLongException rejection = call.rejection();
    assertThat(rejection.getMessage())
        .isEqualTo(
            "Calendly's rate limit for this user is used up; this call would wait 1 min 1 s,"
                + " longer than its deadline allows");
    assertThat(rejection.wouldWait()).isEqualTo(Duration.ofSeconds(61));
    assertThat(rejection.availableAt()).isEqualTo(START.plusSeconds(61));
    assertThat(rejection.budget()).isEqualTo("user");
    assertThat(fixture.limiter.snapshot(ALICE).queued()).isZero();
    assertThat(registry.get(KeyMeters.REJECTED).counter().count()).isEqualTo(1);
  }

  @Test
  void aCallWhoseDeadlineIsExactlyItsStartIsAdmitted() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);

    Call call = fixture.acquire(ALICE, CallKind.READ, Duration.ofSeconds(61));

    assertThat(call.isWaiting()).isTrue();
    fixture.advance(Duration.ofSeconds(61));
    assertThat(call.isReleased()).isTrue();
  }

  @Test
  void theWaitCountsTheCallsQueuedAhead() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    List<Call> ahead = fixture.acquire(60, ALICE, CallKind.READ, Duration.ofMinutes(5));

    Call call = fixture.acquire(ALICE, CallKind.READ, Duration.ofSeconds(90));

    assertThat(ahead).allMatch(Call::isWaiting);
    assertThat(call.rejection().wouldWait()).isEqualTo(Duration.ofSeconds(122));
  }

  @Test
  void aWaitingCallFailsAsSoonAsA429PushesItPastItsDeadline() {
    fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);
    Call call = fixture.acquire(ALICE, CallKind.READ, Duration.ofSeconds(90));
    fixture.advance(Duration.ofSeconds(5));
    assertThat(call.isWaiting()).isTrue();

    fixture.observe(ALICE, CallKind.READ, 429, 60, 0, null, Duration.ofSeconds(120));

    assertThat(call.rejection().getMessage()).contains("would wait 2 min 1 s");
  }

  @Test
  void aDeadlineAlreadyPastFailsEvenWhenTheBudgetHasRoom() {
    Call call = fixture.acquire(ALICE, CallKind.READ, Duration.ofSeconds(-1));

    assertThat(call.rejection().getMessage()).contains("deadline of this call had passed");
  }
}
