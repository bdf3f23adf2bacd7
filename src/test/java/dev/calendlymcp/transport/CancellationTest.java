package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code notifications/cancelled}: the transport stops the named request of the sending session,
 * ends its stream without an answer, and touches nothing else.
 */
@Timeout(30)
class CancellationTest {

  private final McpHttpFixture fixture = new McpHttpFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private HttpResponse<String> cancel(String principal, String session, String requestId) {
    return fixture.send(fixture.post(principal, session,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + requestId
            + ",\"reason\":\"user gave up\"}}"));
  }

  @Test
  void cancellingARunningCallStopsItAndEndsItsStreamWithoutAnAnswer() {
    String session = fixture.initialize("alice");
    String call = fixture.toolCall("probe_gate");
    String id = fixture.parse(call).path("id").asString();

    try (SseConnection stream = fixture.stream(fixture.post("alice", session, call).build())) {
      stream.next(); // primer
      assertThat(fixture.parse(stream.next().data()).path("method").asString()).isEqualTo("notifications/progress");

      assertThat(cancel("alice", session, id).statusCode()).isEqualTo(202);

      assertThat(fixture.gateCancellations).as("the handler was unsubscribed").hasValue(1);
      assertThat(stream.endsWithoutMoreEvents()).as("the stream ends with no response").isTrue();
    }
    fixture.gate.tryEmitValue("too late");
    HttpResponse<String> next = fixture.send(fixture.post("alice", session, fixture.toolCall("probe")));
    assertThat(next.statusCode()).as("the session goes on").isEqualTo(200);
    assertThat(next.body()).contains("principal=alice");
  }

  @Test
  void anotherSessionsCancellationWithTheSameIdLeavesTheCallRunning() {
    String alice = fixture.initialize("alice");
    String bob = fixture.initialize("bob");
    String call = fixture.toolCall("probe_gate");
    String id = fixture.parse(call).path("id").asString();

    try (SseConnection stream = fixture.stream(fixture.post("alice", alice, call).build())) {
      stream.next(); // primer
      stream.next(); // progress

      assertThat(cancel("bob", bob, id).statusCode()).isEqualTo(202);
      assertThat(cancel("alice", alice, "\"" + id + "\"").statusCode())
          .as("the string \"%s\" is another id than the number %s", id, id).isEqualTo(202);
      assertThat(cancel("alice", alice, "999").statusCode()).as("an unknown id is ignored").isEqualTo(202);
      assertThat(fixture.gateCancellations).hasValue(0);

      fixture.gate.tryEmitValue("answered");
      assertThat(fixture.parse(stream.next().data()).path("result").path("content").get(0).path("text").asString())
          .isEqualTo("answered");
      assertThat(stream.ends()).isTrue();
    }
  }

  @Test
  void aCancellationForAnotherPrincipalsSessionIsRefusedAsAnUnknownSession() {
    String alice = fixture.initialize("alice");

    assertThat(cancel("bob", alice, "1").statusCode()).isEqualTo(404);
  }

  @Test
  void aCancellationWithoutARequestIdIsAcceptedAndIgnored() {
    String session = fixture.initialize("alice");

    HttpResponse<String> response = fixture.send(fixture.post("alice", session,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"reason\":\"none named\"}}"));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(fixture.send(fixture.post("alice", session, fixture.toolCall("probe"))).statusCode()).isEqualTo(200);
  }
}
