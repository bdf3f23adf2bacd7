package dev.calendlymcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest extends SandboxTestBase {

  @Override
  SandboxConfig.Builder config() {
    return super.config().rateLimits(RateLimitSettings.defaults());
  }

  @Test
  void everyResponseReportsTheWindowAndTheSixtyFirstRequestIsRefused() {
    SeededUser user = user(Plan.STANDARD, Role.USER);

    Reply first = http.get("/users/me", user.token());
    assertThat(first.header("X-RateLimit-Limit")).isEqualTo("60");
    assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("59");
    assertThat(first.header("X-RateLimit-Reset")).isEqualTo("60");
    clock.advance(Duration.ofSeconds(20));
    for (int i = 2; i <= 60; i++) {
      Reply reply = http.get("/users/me", user.token());
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(60 - i));
      assertThat(reply.header("X-RateLimit-Reset")).isEqualTo("40");
    }

    Reply refused = http.get("/users/me", user.token());

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().path("title").asString()).isEqualTo("Too Many Requests");
    assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("60");
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.header("X-RateLimit-Reset")).isEqualTo("40");
    assertThat(refused.header("Retry-After")).as("Calendly's documented 429 has no Retry-After").isNull();
  }

  @Test
  void retryAfterIsAnOptionThatRepeatsTheReset() {
    SeededUser user = user(Plan.STANDARD, Role.USER);
    sandbox.setUserRateLimit(user.userUri(), 1);
    sandbox.setRetryAfterOn429(true);
    http.get("/users/me", user.token());
    clock.advance(Duration.ofSeconds(15));

    Reply refused = http.get("/users/me", user.token());

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("X-RateLimit-Reset")).isEqualTo("45");
    assertThat(refused.header("Retry-After")).isEqualTo("45");
    sandbox.setRetryAfterOn429(false);
    assertThat(http.get("/users/me", user.token()).header("Retry-After")).isNull();
  }

  @Test
  void theWindowResetsWhenTheClockPassesIt() {
    SeededUser user = user(Plan.STANDARD, Role.USER);
    for (int i = 0; i < 60; i++) {
      http.get("/users/me", user.token());
    }
    assertThat(http.get("/users/me", user.token()).status()).isEqualTo(429);

    clock.advance(Duration.ofSeconds(60));
    Reply after = http.get("/users/me", user.token());

    assertThat(after.status()).isEqualTo(200);
    assertThat(after.header("X-RateLimit-Remaining")).isEqualTo("59");
  }

  @Test
  void enterpriseUsersGetOneHundredTwentyPerMinute() {
    Reply reply = http.get("/users/me", user(Plan.ENTERPRISE, Role.USER).token());

    assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("120");
  }

  @Test
  void twoTokensOfOneUserShareABudgetButOtherUsersDoNot() {
    SeededUser user = user(Plan.TEAMS, Role.USER);
    String second = sandbox.issueToken(user.userUri(), List.of("users:read"));
    for (int i = 0; i < 30; i++) {
      http.get("/users/me", user.token());
      http.get("/users/me", second);
    }

    assertThat(http.get("/users/me", second).status()).isEqualTo(429);
    assertThat(http.get("/users/me", user.token()).status()).isEqualTo(429);
    assertThat(http.get("/users/me", user(Plan.TEAMS, Role.OWNER).token()).status()).isEqualTo(200);
  }

  @Test
  void theEleventhBookingInAMinuteIsRefusedWithTheBookingWindowsFiguresNotTheGeneralOnes() {
    SeededUser user = user(Plan.STANDARD, Role.OWNER);
    http.get("/users/me", user.token());
    clock.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 10; i++) {
      assertThat(http.post("/invitees", user.token(), "{}").status()).isEqualTo(400);
    }

    Reply refused = http.post("/invitees", user.token(), "{}");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("X-RateLimit-Limit")).as("the booking minute's limit, not the user's 60").isEqualTo("10");
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.header("X-RateLimit-Reset"))
        .as("the booking minute began with the first booking, 30 s after the user's window").isEqualTo("60");
    assertThat(refused.header("Retry-After")).isNull();
    Reply read = http.get("/users/me", user.token());
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.header("X-RateLimit-Reset")).isEqualTo("30");
    clock.advance(Duration.ofMinutes(1));
    assertThat(http.post("/invitees", user.token(), "{}").status()).isEqualTo(400);
  }

  @Test
  void theFiftyFirstBookingInAnHourReportsTheHoursLimitAndReset() {
    SeededUser user = user(Plan.TEAMS, Role.OWNER);
    for (int minute = 0; minute < 5; minute++) {
      for (int i = 0; i < 10; i++) {
        assertThat(http.post("/invitees", user.token(), "{}").status()).isEqualTo(400);
      }
      clock.advance(Duration.ofMinutes(1));
    }

    Reply refused = http.post("/invitees", user.token(), "{}");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("50");
    assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(refused.header("X-RateLimit-Reset")).isEqualTo(Long.toString(Duration.ofMinutes(55).toSeconds()));
    assertThat(refused.json().path("message").asString()).contains("50 per window");
  }

  @Test
  void aFreeUsersBookingsAreHeldToFiveADay() {
    SeededUser user = user(Plan.FREE, Role.OWNER);
    for (int i = 0; i < 5; i++) {
      assertThat(http.post("/invitees", user.token(), "{}").status()).isNotEqualTo(429);
    }

    Reply refused = http.post("/invitees", user.token(), "{}");

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("5");
    assertThat(refused.header("X-RateLimit-Reset")).isEqualTo(Long.toString(Duration.ofDays(1).toSeconds()));
  }

  @Test
  void aUserCanGetTheirOwnLimitAndPlansTheirs() {
    SeededUser user = user(Plan.FREE, Role.USER);
    sandbox.setUserRateLimit(user.userUri(), 2);
    sandbox.setPlanRateLimit(Plan.TEAMS, 500);

    http.get("/users/me", user.token());
    Reply second = http.get("/users/me", user.token());
    Reply third = http.get("/users/me", user.token());

    assertThat(second.header("X-RateLimit-Limit")).isEqualTo("2");
    assertThat(third.status()).isEqualTo(429);
    assertThat(http.get("/users/me", user(Plan.TEAMS, Role.USER).token()).header("X-RateLimit-Limit")).isEqualTo("500");
    sandbox.clearUserRateLimit(user.userUri());
    assertThat(http.get("/users/me", user.token()).status()).isEqualTo(200);
  }

  @Test
  void limitsSwitchedOffRefuseNothingAndSendNoHeaders() {
    SeededUser user = user(Plan.STANDARD, Role.OWNER);
    sandbox.setRateLimitsEnabled(false);

    for (int i = 0; i < 70; i++) {
      Reply reply = http.get("/users/me", user.token());
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("X-RateLimit-Limit")).isNull();
    }
    for (int i = 0; i < 12; i++) {
      assertThat(http.post("/invitees", user.token(), "{}").status()).isEqualTo(400);
    }
  }
}
