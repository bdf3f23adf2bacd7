package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static dev.calendlymcp.ratelimit.LimiterFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.LimiterFixture.Call;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OAuthTest {

  private final LimiterFixture fixture = new LimiterFixture();

  @Test
  void theNinthTokenCallInAMinuteWaits() {
    List<Call> calls = fixture.acquire(9, ALICE, CallKind.OAUTH_TOKEN, Duration.ofMinutes(2));

    assertThat(calls.subList(0, 8)).allMatch(Call::isReleased);
    assertThat(calls.get(8).isWaiting()).isTrue();
    fixture.advance(Duration.ofMinutes(2));
    assertThat(calls.get(8).releasedAt).isEqualTo(START.plusSeconds(61));
  }

  @Test
  void tokenCallsDoNotSpendTheUserBudget() {
    fixture.acquire(8, ALICE, CallKind.OAUTH_TOKEN, Duration.ZERO);

    List<Call> reads = fixture.acquire(60, ALICE, CallKind.READ, Duration.ZERO);

    assertThat(reads).allMatch(Call::isReleased);
  }

  @Test
  void aTokenCallThatCannotStartInTimeSaysSo() {
    fixture.acquire(8, ALICE, CallKind.OAUTH_TOKEN, Duration.ZERO);

    Call ninth = fixture.acquire(ALICE, CallKind.OAUTH_TOKEN, Duration.ofSeconds(5));

    assertThat(ninth.rejection().budget()).isEqualTo("oauth-token");
    assertThat(ninth.rejection().getMessage())
        .isEqualTo(
            "Calendly's OAuth token budget for this user (8 per 1 min) is used up; this call"
                + " would wait 1 min 1 s, longer than its deadline allows");
  }

  @Test
  void a429ToATokenCallPausesTokenCallsOnly() {
    fixture.observe(ALICE, CallKind.OAUTH_TOKEN, 429, null, null, null, Duration.ofSeconds(20));

    Call token = fixture.acquire(ALICE, CallKind.OAUTH_TOKEN, Duration.ofMinutes(1));
    Call read = fixture.acquire(ALICE, CallKind.READ, Duration.ZERO);

    assertThat(read.isReleased()).isTrue();
    fixture.advance(Duration.ofMillis(20_999));
    assertThat(token.isWaiting()).isTrue();
    fixture.advance(Duration.ofMillis(1));
    assertThat(token.isReleased()).isTrue();
  }
}
