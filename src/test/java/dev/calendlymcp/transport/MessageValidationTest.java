package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** What a POST body and its headers must look like, and the answer when they do not. */
@Timeout(30)
class MessageValidationTest {

  private static final int LIMIT = 1024;
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

  private final McpHttpFixture fixture = new McpHttpFixture(builder -> builder.maxRequestBytes(LIMIT));

  @AfterEach
  void stop() {
    fixture.close();
  }

  private JsonNode error(HttpResponse<String> response) {
    JsonNode body = fixture.parse(response.body());
    assertThat(body.has("id")).isTrue();
    assertThat(body.path("id").isNull()).isTrue();
    return body.path("error");
  }

  @Test
  void malformedJsonIsAParseErrorAndTheServerKeepsServing() {
    String session = fixture.initialize("alice");

    HttpResponse<String> response = fixture.send(fixture.post("alice", session, "{\"jsonrpc\":\"2.0\",\"id\":1,"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("code").asInt()).isEqualTo(-32700);
    assertThat(response.body()).doesNotContain("Exception", "at dev.", "at io.");
    try (SseConnection stream = fixture.stream(fixture.post("alice", session, PING).build())) {
      assertThat(stream.status()).as("the same session still works").isEqualTo(200);
    }
    assertThat(fixture.initialize("bob")).as("and new sessions start").isNotBlank();
  }

  @Test
  void jsonThatIsNotAJsonRpcMessageIsAnInvalidRequest() {
    for (String body : new String[] {"42", "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}"}) {
      HttpResponse<String> response = fixture.send(fixture.post("alice", null, body));

      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(error(response).path("code").asInt()).as(body).isEqualTo(-32600);
    }
  }

  @Test
  void aMessageWithAnIdButNoValidEnvelopeIsAnInvalidRequestAnsweringThatId() {
    for (String body : new String[] {"{\"id\":1,\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}"}) {
      HttpResponse<String> response = fixture.send(fixture.post("alice", null, body));

      assertThat(response.statusCode()).as(body).isEqualTo(400);
      JsonNode answer = fixture.parse(response.body());
      assertThat(answer.path("id").asInt()).as(body).isEqualTo(1);
      assertThat(answer.path("error").path("code").asInt()).as(body).isEqualTo(-32600);
    }
  }

  @Test
  void aBatchIsRefusedBecauseTheSpecificationRemovedBatching() {
    HttpResponse<String> response = fixture.send(fixture.post("alice", null, "[" + PING + "," + PING + "]"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = error(response);
    assertThat(error.path("code").asInt()).isEqualTo(-32600);
    assertThat(error.path("message").asString()).contains("batches are not supported");
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIsRefusedUnread() {
    String session = fixture.initialize("alice");

    HttpResponse<String> response = fixture.send(fixture.post("alice", session, padded(LIMIT + 1)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(error(response).path("message").asString()).contains("1024 bytes");
  }

  @Test
  void aChunkedBodyIsCountedAndCappedToo() {
    String session = fixture.initialize("alice");
    byte[] body = padded(8 * LIMIT).getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = fixture.send(fixture.request("alice", session)
        .header("Content-Type", "application/json")
        .header("Accept", McpHttpFixture.ACCEPT_BOTH)
        // A supplier of a stream has no known length, so the client sends it chunked.
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(fixture.send(fixture.post("alice", session, PING)).statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() {
    String session = fixture.initialize("alice");

    assertThat(fixture.send(fixture.post("alice", session, padded(LIMIT))).statusCode()).isEqualTo(200);
  }

  @Test
  void aBodyThatIsNotJsonByContentTypeIsRefused() {
    HttpResponse<String> response = fixture.send(fixture.request("alice", null)
        .header("Content-Type", "text/plain")
        .header("Accept", McpHttpFixture.ACCEPT_BOTH)
        .POST(HttpRequest.BodyPublishers.ofString(PING)));

    assertThat(response.statusCode()).isEqualTo(415);
  }

  @Test
  void aPostMustAcceptBothJsonAndAnEventStream() {
    HttpResponse<String> jsonOnly = fixture.send(fixture.post("alice", null, PING).setHeader("Accept", "application/json"));
    HttpResponse<String> refusesStreams = fixture.send(
        fixture.post("alice", null, PING).setHeader("Accept", "application/json, text/event-stream;q=0"));

    assertThat(jsonOnly.statusCode()).isEqualTo(406);
    assertThat(refusesStreams.statusCode()).isEqualTo(406);
    assertThat(error(jsonOnly).path("message").asString()).contains("application/json", "text/event-stream");
  }

  @Test
  void aGetMustAcceptAnEventStream() {
    String session = fixture.initialize("alice");

    HttpResponse<String> response =
        fixture.send(fixture.request("alice", session).header("Accept", "application/json").GET());

    assertThat(response.statusCode()).isEqualTo(406);
  }

  @Test
  void initializeWithParamsOfTheWrongShapeIsAnInvalidParamsError() {
    HttpResponse<String> response = fixture.send(fixture.post("alice", null,
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"capabilities\":\"all\"}}"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = fixture.parse(response.body());
    assertThat(body.path("id").asString()).isEqualTo("init");
    assertThat(body.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(fixture.provider.sessionCount()).isZero();
  }

  @Test
  void aToolHandlerThatThrowsInsteadOfFailingIsStillAnsweredWithoutTheExceptionsText() {
    String session = fixture.initialize("alice");

    try (SseConnection call = fixture.stream(fixture.post("alice", session, fixture.toolCall("probe_throw")).build())) {
      call.next(); // primer
      JsonNode answer = fixture.parse(call.next().data());

      assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32603);
      assertThat(answer.path("error").path("message").asString()).isEqualTo("Internal error");
      assertThat(answer.toString()).doesNotContain("io.example", "IllegalStateException");
      assertThat(call.ends()).isTrue();
    }
    assertThat(fixture.send(fixture.post("alice", session, PING)).statusCode()).isEqualTo(200);
  }

  /** A ping padded with spaces to exactly {@code bytes} bytes. */
  private static String padded(int bytes) {
    return PING.substring(0, PING.length() - 1) + " ".repeat(bytes - PING.length()) + "}";
  }
}
