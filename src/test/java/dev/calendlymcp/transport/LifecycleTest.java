package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.testing.SchedulerClock;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;

/** Sessions expiring, the server shutting down, and requests from foreign origins. */
@Timeout(30)
class LifecycleTest {

  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
  private static final String NOTIFICATION = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private McpHttpFixture fixture;

  @AfterEach
  void stop() {
    fixture.close();
    time.dispose();
  }

  private void startWithVirtualTime() {
    fixture = new McpHttpFixture(builder -> builder
        .sessionIdleTimeout(Duration.ofMinutes(1))
        .scheduler(time)
        .clock(new SchedulerClock(time)));
  }

  @Test
  void aSessionUnusedForTheIdleTimeoutIsClosedAndForgotten() {
    startWithVirtualTime();
    String idle = fixture.initialize("alice");
    time.advanceTimeBy(Duration.ofSeconds(40));
    String used = fixture.initialize("alice");
    time.advanceTimeBy(Duration.ofSeconds(30));

    assertThat(fixture.provider.sessionCount()).as("70 s: only the older session has expired").isEqualTo(1);
    assertThat(fixture.send(fixture.post("alice", idle, NOTIFICATION)).statusCode()).isEqualTo(404);
    assertThat(fixture.send(fixture.post("alice", used, NOTIFICATION)).statusCode()).isEqualTo(202);

    time.advanceTimeBy(Duration.ofSeconds(75));
    assertThat(fixture.provider.sessionCount()).isZero();
  }

  @Test
  void aSessionThatEndsIsReportedOnceWhetherDeletedOrExpiredIdle() {
    List<String> ended = new CopyOnWriteArrayList<>();
    fixture = new McpHttpFixture(builder -> builder
        .sessionIdleTimeout(Duration.ofMinutes(1))
        .scheduler(time)
        .clock(new SchedulerClock(time))
        .onSessionEnded(ended::add));
    String idle = fixture.initialize("alice");
    String deleted = fixture.initialize("alice");

    assertThat(fixture.send(fixture.request("alice", deleted).DELETE()).statusCode()).isEqualTo(204);
    time.advanceTimeBy(Duration.ofMinutes(2));

    assertThat(ended).containsExactlyInAnyOrder(deleted, idle);
  }

  @Test
  void aSessionWithAnOpenStreamDoesNotExpire() {
    startWithVirtualTime();
    String session = fixture.initialize("alice");
    try (SseConnection listening = fixture.stream(fixture.listen("alice", session, null))) {
      listening.next(); // the server is streaming

      time.advanceTimeBy(Duration.ofMinutes(10));

      assertThat(fixture.provider.sessionCount()).isEqualTo(1);
    }
  }

  @Test
  void gracefulShutdownRefusesNewSessionsButFinishesTheCallInFlight() throws Exception {
    fixture = new McpHttpFixture();
    String session = fixture.initialize("alice");
    try (SseConnection call = fixture.stream(fixture.post("alice", session, fixture.toolCall("probe_gate")).build())) {
      call.next(); // primer
      call.next(); // progress: the call is running

      CompletableFuture<Void> shutdown = fixture.server.closeGracefully().toFuture();

      HttpResponse<String> newcomer = fixture.send(fixture.post("bob", null,
          "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
              + "\"capabilities\":{},\"clientInfo\":{\"name\":\"late\",\"version\":\"1\"}}}"));
      assertThat(newcomer.statusCode()).isEqualTo(503);
      assertThat(shutdown).as("waits for the call").isNotDone();

      fixture.gate.tryEmitValue("finished during shutdown");
      JsonNode answer = fixture.parse(call.next().data());
      assertThat(answer.path("result").path("content").get(0).path("text").asString())
          .isEqualTo("finished during shutdown");
      shutdown.get(5, TimeUnit.SECONDS);
    }
    assertThat(fixture.provider.sessionCount()).isZero();
  }

  @Test
  void closeEndsEverySessionAndItsStreamsAtOnce() {
    fixture = new McpHttpFixture();
    String session = fixture.initialize("alice");
    try (SseConnection call = fixture.stream(fixture.post("alice", session, fixture.toolCall("probe_gate")).build())) {
      call.next();
      call.next();

      fixture.provider.close();

      assertThat(call.ends()).isTrue();
      assertThat(fixture.provider.sessionCount()).isZero();
    }
  }

  @Test
  void aRequestFromAForeignOriginIsForbidden() {
    fixture = new McpHttpFixture(builder -> builder.securityValidator(
        DefaultServerTransportSecurityValidator.builder().allowedOrigin("http://localhost:*").build()));

    HttpResponse<String> foreign = fixture.send(fixture.post("alice", null, PING).header("Origin", "http://evil.example"));

    assertThat(foreign.statusCode()).isEqualTo(403);
    JsonNode body = fixture.parse(foreign.body());
    assertThat(body.path("error").path("message").asString()).isEqualTo("Invalid Origin header");
    assertThat(body.path("id").isNull()).isTrue();
    assertThat(fixture.send(fixture.post("alice", null,
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}")
        .header("Origin", "http://localhost:6274")).statusCode()).isEqualTo(200);
  }
}
