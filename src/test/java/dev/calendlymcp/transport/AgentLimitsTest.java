package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * What one agent can make the transport hold: sessions per principal and per client, replay
 * history in bytes, and nothing at all for an oversized id or tool name.
 */
@Timeout(60)
class AgentLimitsTest {

  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

  private McpHttpFixture fixture;

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void start(SessionLimits limits) {
    fixture = new McpHttpFixture(builder -> builder.sessionLimits(limits));
  }

  private double refused(String reason) {
    return fixture.meters.get("mcp.messages.refused").tag("reason", reason).counter().count();
  }

  private int ping(String principal, String session) {
    return fixture.send(fixture.post(principal, session, PING)).statusCode();
  }

  /** Sends initialize as {@code principal}, of {@code client} unless it is null. */
  private HttpResponse<String> initializeAs(String principal, String client) {
    var request = fixture.post(principal, null,
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
    if (client != null) {
      request.header(McpHttpFixture.CLIENT_HEADER, client);
    }
    return fixture.send(request);
  }

  private static String sessionOf(HttpResponse<String> initialized) {
    assertThat(initialized.statusCode()).as(initialized.body()).isEqualTo(200);
    return initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
  }

  @Test
  void aPrincipalAtItsLimitMakesRoomByEndingItsLongestIdleSession() {
    start(new SessionLimits(2, 100, 1 << 20, 1 << 19));
    String first = fixture.initialize("alice");
    String second = fixture.initialize("alice");
    String bobs = fixture.initialize("bob");
    assertThat(ping("alice", second)).isEqualTo(200);

    String third = fixture.initialize("alice");

    assertThat(ping("alice", first)).as("the longest idle session made room").isEqualTo(404);
    assertThat(ping("alice", second)).isEqualTo(200);
    assertThat(ping("alice", third)).isEqualTo(200);
    assertThat(ping("bob", bobs)).as("other principals are not touched").isEqualTo(200);
    assertThat(fixture.meters.get("mcp.sessions.per.principal.max").gauge().value()).isEqualTo(2);
  }

  @Test
  void aPrincipalWhoseSessionsAreAllInUseGets429AndKeepsThem() {
    start(new SessionLimits(2, 100, 1 << 20, 1 << 19));
    String first = fixture.initialize("alice");
    String second = fixture.initialize("alice");
    try (SseConnection one = fixture.stream(fixture.listen("alice", first, null));
        SseConnection two = fixture.stream(fixture.listen("alice", second, null))) {
      one.next();
      two.next();

      HttpResponse<String> third = initializeAs("alice", null);

      assertThat(third.statusCode()).isEqualTo(429);
      JsonNode body = fixture.parse(third.body());
      assertThat(body.path("id").asString()).isEqualTo("init");
      assertThat(body.path("error").path("message").asString()).startsWith("Too many sessions: this principal has 2");
      assertThat(ping("alice", first)).isEqualTo(200);
      assertThat(ping("alice", second)).isEqualTo(200);
      assertThat(fixture.provider.sessionCount()).isEqualTo(2);
      assertThat(refused("session_limit")).isEqualTo(1);
    }
  }

  @Test
  void aClientCountsTheSessionsOfAllItsPrincipals() {
    start(new SessionLimits(10, 2, 1 << 20, 1 << 19));
    String alices = sessionOf(initializeAs("alice", "app"));
    String bobs = sessionOf(initializeAs("bob", "app"));
    try (SseConnection one = fixture.stream(fixture.listen("alice", alices, null));
        SseConnection two = fixture.stream(fixture.listen("bob", bobs, null))) {
      one.next();
      two.next();

      HttpResponse<String> carols = initializeAs("carol", "app");
      HttpResponse<String> daves = initializeAs("dave", "other-app");

      assertThat(carols.statusCode()).isEqualTo(429);
      assertThat(fixture.parse(carols.body()).path("error").path("message").asString())
          .startsWith("Too many sessions: this client has 2");
      assertThat(daves.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aRefusedInitializeEndsNoSessionEvenOneThatWouldHaveMadeRoom() {
    start(new SessionLimits(2, 2, 1 << 20, 1 << 19));
    String idle = sessionOf(initializeAs("alice", "first-app"));
    String busy = sessionOf(initializeAs("alice", "second-app"));
    String bobs = sessionOf(initializeAs("bob", "second-app"));
    try (SseConnection one = fixture.stream(fixture.listen("alice", busy, null));
        SseConnection two = fixture.stream(fixture.listen("bob", bobs, null))) {
      one.next();
      two.next();

      HttpResponse<String> refused = initializeAs("alice", "second-app");

      assertThat(refused.statusCode()).as("second-app has two sessions in use").isEqualTo(429);
      assertThat(ping("alice", idle)).as("alice's idle session was not given up for nothing").isEqualTo(200);
    }
  }

  @Test
  void aSessionsReplayHistoryStaysWithinItsBytesHoweverLargeTheAnswers() {
    start(new SessionLimits(16, 100, 64 * 1024, 48 * 1024));
    String session = fixture.initialize("alice");

    for (int i = 0; i < 10; i++) {
      try (SseConnection call = fixture.stream(fixture.post("alice", session,
          "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"probe_large\","
              + "\"arguments\":{\"bytes\":20000}}}").build())) {
        call.next(); // primer
        assertThat(call.next().data()).hasSizeGreaterThan(20_000);
      }
    }

    assertThat(fixture.provider.replayBytes()).isPositive().isLessThanOrEqualTo(64 * 1024);
    assertThat(fixture.meters.get("mcp.replay.bytes").gauge().value()).isEqualTo(fixture.provider.replayBytes());
  }

  @Test
  void aHugeIdOrToolNameIsRefusedWithoutAnEchoAndNothingIsKept() {
    start(SessionLimits.DEFAULTS);
    String session = fixture.initialize("alice");
    String huge = "x".repeat(3 * 1024 * 1024);

    for (int i = 0; i < 5; i++) {
      HttpResponse<String> ping = fixture.send(fixture.post("alice", session,
          "{\"jsonrpc\":\"2.0\",\"id\":\"" + huge + i + "\",\"method\":\"ping\"}"));
      HttpResponse<String> call = fixture.send(fixture.post("alice", session,
          "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + huge + "\"}}"));

      assertThat(ping.statusCode()).isEqualTo(400);
      assertThat(ping.body()).hasSizeLessThan(300).contains("\"id\":null", "id is longer than 256 characters");
      assertThat(call.statusCode()).as("answered in the session, like any request").isEqualTo(200);
      assertThat(call.body()).hasSizeLessThan(300).contains("params.name is longer than 128 characters");
      assertThat(fixture.parse(call.body()).path("id").asInt()).isEqualTo(i);
    }

    assertThat(fixture.provider.replayBytes()).isZero();
    assertThat(refused("id_too_long")).isEqualTo(5);
    assertThat(refused("tool_name_too_long")).isEqualTo(5);
    assertThat(ping("alice", session)).as("the session goes on").isEqualTo(200);
  }
}
