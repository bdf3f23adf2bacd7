package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** SSE streams: event ids, replay with Last-Event-ID, and which stream gets which event. */
@Timeout(30)
class StreamsTest {

  private McpHttpFixture fixture = new McpHttpFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void notify(String sessionId, String text) {
    fixture.provider.notifyClient(sessionId, McpSchema.METHOD_NOTIFICATION_MESSAGE,
            McpSchema.LoggingMessageNotification.builder(McpSchema.LoggingLevel.INFO, text).build())
        .block(Duration.ofSeconds(5));
  }

  private static String text(SseConnection.Event event, McpHttpFixture fixture) {
    return fixture.parse(event.data()).path("params").path("data").asString();
  }

  @Test
  void everyEventOfARequestStreamCarriesAnIdNamingItsStream() {
    String session = fixture.initialize("alice");

    try (SseConnection stream = fixture.stream(fixture.post("alice", session, fixture.toolCall("probe")).build())) {
      SseConnection.Event primer = stream.next();
      SseConnection.Event progress = stream.next();
      SseConnection.Event answer = stream.next();

      assertThat(primer.data()).as("the priming event has an id and no message").isEmpty();
      assertThat(fixture.parse(progress.data()).path("method").asString()).isEqualTo("notifications/progress");
      assertThat(fixture.parse(answer.data()).path("result").path("content").get(0).path("text").asString())
          .isEqualTo("principal=alice");
      List<String> ids = List.of(primer.id(), progress.id(), answer.id());
      assertThat(ids).allMatch(id -> id.matches("[1-9][0-9]*-[0-9]+"));
      assertThat(ids).extracting(id -> id.substring(0, id.indexOf('-'))).as("one stream").containsOnly(
          primer.id().substring(0, primer.id().indexOf('-')));
      assertThat(ids).doesNotHaveDuplicates();
      assertThat(progress.event()).isEqualTo("message");
      assertThat(stream.ends()).as("the stream ends with the response").isTrue();
    }
  }

  @Test
  void aClientOfAnOlderProtocolGetsNoPrimingEvent() {
    String session = fixture.initialize("alice", "2025-06-18");

    try (SseConnection stream = fixture.stream(fixture.post("alice", session, fixture.toolCall("probe")).build())) {
      SseConnection.Event first = stream.next();

      assertThat(first.data()).isNotEmpty();
      assertThat(first.id()).isNotBlank();
    }
  }

  @Test
  void getWithLastEventIdReplaysWhatTheListeningStreamMissedThenGoesOn() {
    String session = fixture.initialize("alice");
    String lastSeen;
    try (SseConnection listening = fixture.stream(fixture.listen("alice", session, null))) {
      assertThat(listening.contentType()).startsWith("text/event-stream");
      listening.next(); // primer
      notify(session, "first");
      SseConnection.Event first = listening.next();
      assertThat(text(first, fixture)).isEqualTo("first");
      lastSeen = first.id();
    }
    notify(session, "missed one");
    notify(session, "missed two");

    try (SseConnection resumed = fixture.stream(fixture.listen("alice", session, lastSeen))) {
      assertThat(text(resumed.next(), fixture)).isEqualTo("missed one");
      assertThat(text(resumed.next(), fixture)).isEqualTo("missed two");
      notify(session, "live");
      assertThat(text(resumed.next(), fixture)).as("then it carries the stream on").isEqualTo("live");
    }
  }

  @Test
  void aRequestStreamCutOffBeforeItsAnswerIsResumedWithGet() {
    String session = fixture.initialize("alice");
    String lastSeen;
    try (SseConnection call = fixture.stream(fixture.post("alice", session, fixture.toolCall("probe_gate")).build())) {
      call.next(); // primer
      SseConnection.Event progress = call.next();
      assertThat(fixture.parse(progress.data()).path("params").path("message").asString()).isEqualTo("waiting");
      lastSeen = progress.id();
    }

    fixture.gate.tryEmitValue("answered after the cut");

    try (SseConnection resumed = fixture.stream(fixture.listen("alice", session, lastSeen))) {
      JsonNode answer = fixture.parse(resumed.next().data());
      assertThat(answer.path("result").path("content").get(0).path("text").asString())
          .as("a lost connection is not a cancellation").isEqualTo("answered after the cut");
      assertThat(resumed.ends()).isTrue();
    }
  }

  @Test
  void eventsOfOneSessionNeverReachAnother() {
    String alices = fixture.initialize("alice");
    String bobs = fixture.initialize("bob");
    String alicesLast;
    try (SseConnection alice = fixture.stream(fixture.listen("alice", alices, null))) {
      alicesLast = alice.next().id();
    }
    notify(alices, "for alice");

    try (SseConnection bob = fixture.stream(fixture.listen("bob", bobs, null))) {
      bob.next(); // primer
      notify(bobs, "for bob");
      assertThat(text(bob.next(), fixture)).isEqualTo("for bob");
    }
    HttpResponse<String> bobOnAlicesSession = fixture.send(fixture.listen("bob", alices, alicesLast));
    assertThat(bobOnAlicesSession.statusCode()).isEqualTo(404);

    // An id is read against the session it is sent to: on Bob's session it replays Bob's events.
    try (SseConnection bob = fixture.stream(fixture.listen("bob", bobs, alicesLast))) {
      assertThat(text(bob.next(), fixture)).isEqualTo("for bob");
    }
  }

  @Test
  void aSecondListeningStreamReplacesTheFirst() {
    String session = fixture.initialize("alice");
    try (SseConnection first = fixture.stream(fixture.listen("alice", session, null));
        SseConnection second = fixture.stream(fixture.listen("alice", session, null))) {
      first.next();
      second.next();

      assertThat(first.ends()).as("the older connection ends").isTrue();
      notify(session, "once");
      assertThat(text(second.next(), fixture)).isEqualTo("once");
    }
  }

  @Test
  void aLastEventIdTheSessionNeverIssuedIsABadRequest() {
    String session = fixture.initialize("alice");

    List<Integer> statuses = new ArrayList<>();
    for (String id : new String[] {"garbage", "99-1", "0-999999"}) {
      statuses.add(fixture.send(fixture.listen("alice", session, id)).statusCode());
    }

    assertThat(statuses).containsOnly(400);
  }

  @Test
  void openStreamsGetKeepAliveComments() {
    fixture.close();
    fixture = new McpHttpFixture(builder -> builder.keepAliveInterval(Duration.ofMillis(20)));
    String session = fixture.initialize("alice");

    try (SseConnection listening = fixture.stream(fixture.listen("alice", session, null))) {
      listening.next();

      assertThat(listening.nextComment()).isEqualTo(": keep-alive");
      assertThat(listening.nextComment()).isEqualTo(": keep-alive");
      notify(session, "between keep-alives");
      assertThat(text(listening.next(), fixture)).isEqualTo("between keep-alives");
    }
  }
}
