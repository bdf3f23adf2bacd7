package dev.calendlymcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.core.JacksonException;

class FaultsTest extends SandboxTestBase {

  private final VirtualTimeScheduler virtualTime = VirtualTimeScheduler.create();

  @Override
  SandboxConfig.Builder config() {
    return super.config().scheduler(virtualTime);
  }

  private String token() {
    return user(Plan.TEAMS, Role.OWNER).token();
  }

  @Test
  void latencyHoldsTheAnswerUntilVirtualTimePassesIt() throws Exception {
    sandbox.faults().latency("GET /users/me", Duration.ofSeconds(5));
    String byUuid = "/users/" + uuid(user(Plan.TEAMS, Role.OWNER).userUri());
    assertThat(http.get(byUuid, token()).status()).as("another endpoint is not delayed").isEqualTo(200);

    CompletableFuture<Reply> delayed = http.getAsync("/users/me", token());
    Duration advanced = advanceUntilDone(delayed, Duration.ofMillis(250));

    assertThat(delayed.get().status()).isEqualTo(200);
    assertThat(advanced).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
  }

  /**
   * Moves virtual time in steps until the answer arrives and returns how far it moved. Steps made
   * before the server scheduled its delay only add to the total, so the total is at least the
   * delay; without a delay the answer comes after the first step.
   */
  private Duration advanceUntilDone(CompletableFuture<Reply> answer, Duration step) throws Exception {
    Duration advanced = Duration.ZERO;
    while (!answer.isDone()) {
      assertThat(advanced).as("virtual time moved without an answer").isLessThan(Duration.ofSeconds(60));
      virtualTime.advanceTimeBy(step);
      advanced = advanced.plus(step);
      try {
        answer.get(20, TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillWaiting) {
        // the delay has not passed yet in virtual time
      }
    }
    return advanced;
  }

  @Test
  void anErrorRateFailsSomeRequestsInASequenceTheSeedDecides() {
    sandbox.faults().errorRate("GET /users/me", 0.5, 503);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      statuses.add(http.get("/users/me", token()).status());
    }
    Reply failed = null;
    for (int i = 0; i < 30 && failed == null; i++) {
      Reply reply = http.get("/users/me", token());
      failed = reply.status() == 503 ? reply : null;
    }

    assertThat(statuses).contains(200, 503).containsOnly(200, 503);
    assertThat(failed).isNotNull();
    assertThat(failed.json().path("title").asString()).isEqualTo("Service Unavailable");
    try (Sandbox twin = Sandbox.start(config().build())) {
      twin.faults().errorRate("GET /users/me", 0.5, 503);
      SandboxHttp twinHttp = new SandboxHttp(twin.apiBaseUrl());
      List<Integer> twinStatuses = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        twinStatuses.add(twinHttp.get("/users/me", twin.user(Plan.TEAMS, Role.OWNER).token()).status());
      }
      assertThat(twinStatuses).isEqualTo(statuses);
    }
  }

  @Test
  void aDroppedConnectionGetsNoAnswerAndChangesNothing() {
    sandbox.faults().dropRate("POST /invitees", 1.0);

    assertThatThrownBy(() -> http.post("/invitees", token(), "{}")).isInstanceOf(UncheckedIOException.class);
    assertThat(http.get("/users/me", token()).status()).isEqualTo(200);
    assertThat(sandbox.stats().count("POST /invitees")).isEqualTo(1);
  }

  @Test
  void aMalformedAnswerIsATruncatedJsonBodyWithStatus200() {
    sandbox.faults().malformedRate(null, 1.0);

    Reply reply = http.get("/users/me", token());

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body()).startsWith("{\"resource\":");
    assertThatThrownBy(reply::json).isInstanceOf(JacksonException.class);
  }

  @Test
  void aForcedBurstRefusesTheNextRequestsLikeCalendlyWithTheWaitInTheReset() {
    sandbox.faults().rateLimitBurst(2, Duration.ofSeconds(3));

    Reply first = http.get("/users/me", token());
    Reply second = http.get("/users/me", token());
    Reply third = http.get("/users/me", token());

    assertThat(first.status()).isEqualTo(429);
    assertThat(first.header("X-RateLimit-Reset")).isEqualTo("3");
    assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("0");
    assertThat(first.header("Retry-After")).isNull();
    assertThat(second.status()).isEqualTo(429);
    assertThat(third.status()).isEqualTo(200);
  }

  @Test
  void aForcedBurstCarriesRetryAfterWhenTheSandboxSendsIt() {
    sandbox.setRetryAfterOn429(true);
    sandbox.faults().rateLimitBurst(1, Duration.ofSeconds(3));

    Reply refused = http.get("/users/me", token());

    assertThat(refused.header("Retry-After")).isEqualTo("3");
    assertThat(refused.header("X-RateLimit-Reset")).isEqualTo("3");
  }

  @Test
  void theAdminEndpointSetsListsAndClearsFaultsAndReportsStats() {
    Reply set = http.post("/_sandbox/faults", null, """
        {"faults": [{"endpoint": "GET /users/me", "error": {"rate": 1, "status": 500}},
                    {"rate_limit_burst": {"requests": 1, "retry_after_seconds": 2}}]}""");
    assertThat(set.status()).as(set.toString()).isEqualTo(201);
    assertThat(set.json().path("faults").size()).isEqualTo(1);
    assertThat(set.json().path("rate_limit_burst_left").asInt()).isEqualTo(1);

    assertThat(http.get("/users/" + uuid(user(Plan.TEAMS, Role.OWNER).userUri()), token()).status()).isEqualTo(429);
    Reply broken = http.get("/users/me", token());
    assertThat(broken.status()).isEqualTo(500);
    assertThat(broken.json().path("title").asString()).isEqualTo("Internal Server Error");
    assertThat(http.get("/_sandbox/faults", null).json().path("faults").get(0).path("endpoint").asString())
        .isEqualTo("GET /users/me");

    assertThat(http.delete("/_sandbox/faults", null).status()).isEqualTo(204);
    assertThat(http.get("/users/me", token()).status()).isEqualTo(200);
    Reply stats = http.get("/_sandbox/stats", null);
    assertThat(stats.json().path("endpoints").path("GET /users/me").asLong()).isEqualTo(2);
    assertThat(stats.json().path("total").asLong()).isEqualTo(3);
    assertThat(sandbox.stats().count("GET /users/{uuid}")).isEqualTo(1);
  }

  @Test
  void theAdminEndpointRejectsUnknownEndpointsAndRates() {
    Reply unknownEndpoint = http.post("/_sandbox/faults", null, "{\"endpoint\": \"GET /nope\", \"drop\": {}}");
    Reply badRate = http.post("/_sandbox/faults", null, "{\"malformed\": {\"rate\": 3}}");
    Reply nothing = http.post("/_sandbox/faults", null, "{}");

    assertThat(unknownEndpoint.status()).isEqualTo(400);
    assertThat(unknownEndpoint.detailParameters()).containsExactly("endpoint");
    assertThat(badRate.status()).isEqualTo(400);
    assertThat(nothing.status()).isEqualTo(400);
    assertThat(sandbox.faults().rules()).isEmpty();
  }

  @Test
  void rangedLatencyIsDrawnWithinItsBounds() throws Exception {
    sandbox.faults().latency(null, Duration.ofMillis(400), Duration.ofMillis(600));

    CompletableFuture<Reply> delayed = http.getAsync("/users/me", token());
    Duration advanced = advanceUntilDone(delayed, Duration.ofMillis(100));

    assertThat(delayed.get().status()).isEqualTo(200);
    assertThat(advanced).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }
}
