package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** Who may use a session, with which headers, and what everyone else is told. */
@Timeout(30)
class SessionRulesTest {

  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";

  private final McpHttpFixture fixture = new McpHttpFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private JsonNode error(HttpResponse<String> response) {
    JsonNode body = fixture.parse(response.body());
    assertThat(body.path("jsonrpc").asString()).isEqualTo("2.0");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return body.path("error");
  }

  @Test
  void initializeAnswersWithJsonAndTheSessionIdHeader() {
    HttpResponse<String> response = fixture.send(fixture.post("alice", null,
        "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(response.headers().firstValue("Mcp-Session-Id")).get().asString()
        .as("the SDK's session ids are random UUIDs").matches("[0-9a-f-]{36}");
    JsonNode body = fixture.parse(response.body());
    assertThat(body.path("id").asString()).isEqualTo("init");
    assertThat(body.path("result").path("protocolVersion").asString()).isEqualTo("2025-06-18");
    assertThat(fixture.provider.sessionCount()).isEqualTo(1);
  }

  @Test
  void aRequestAfterInitializeWithoutASessionIdIsABadRequest() {
    fixture.initialize("alice");

    HttpResponse<String> response = fixture.send(fixture.post("alice", null, PING));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("message").asString()).contains("Mcp-Session-Id");
  }

  @Test
  void anUnknownSessionIdIsNotFound() {
    HttpResponse<String> response =
        fixture.send(fixture.post("alice", "3f2b8c1e-0000-4000-8000-000000000000", PING));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(error(response).path("message").asString()).startsWith("Session not found");
  }

  @Test
  void aSessionUsedByAnotherPrincipalLooksExactlyLikeAnUnknownOne() {
    String alices = fixture.initialize("alice");

    HttpResponse<String> asBob = fixture.send(fixture.post("bob", alices, PING));
    HttpResponse<String> anonymous = fixture.send(fixture.post(null, alices, PING));
    HttpResponse<String> unknown = fixture.send(fixture.post("bob", "3f2b8c1e-0000-4000-8000-000000000000", PING));
    HttpResponse<String> bobListens = fixture.send(fixture.listen("bob", alices, null));
    HttpResponse<String> bobDeletes = fixture.send(fixture.request("bob", alices).DELETE().build());

    for (HttpResponse<String> refused : List.of(asBob, anonymous, bobListens, bobDeletes)) {
      assertThat(refused.statusCode()).isEqualTo(404);
      assertThat(refused.body()).isEqualTo(unknown.body());
    }
    assertThat(fixture.send(fixture.post("alice", alices, PING)).statusCode())
        .as("the owner's session survives").isEqualTo(200);
  }

  @Test
  void aSessionStartedWithoutAPrincipalIsUsableOnlyWithoutOne() {
    String local = fixture.initialize(null);

    assertThat(fixture.send(fixture.post(null, local, PING)).statusCode()).isEqualTo(200);
    assertThat(fixture.send(fixture.post("alice", local, PING)).statusCode()).isEqualTo(404);
  }

  @Test
  void anUnsupportedProtocolVersionIsABadRequestNamingTheSupportedOnes() {
    String session = fixture.initialize("alice");

    HttpResponse<String> response =
        fixture.send(fixture.post("alice", session, PING).header("MCP-Protocol-Version", "2024-11-05"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = error(response);
    assertThat(error.path("message").asString()).contains("MCP-Protocol-Version", "2025-03-26", "2025-06-18", "2025-11-25");
    assertThat(error.path("data").path("supported").toString()).isEqualTo("[\"2025-03-26\",\"2025-06-18\",\"2025-11-25\"]");
  }

  @Test
  void aSupportedOrAbsentProtocolVersionIsAccepted() {
    String session = fixture.initialize("alice");

    assertThat(fixture.send(fixture.post("alice", session, PING).header("MCP-Protocol-Version", "2025-11-25"))
        .statusCode()).isEqualTo(200);
    assertThat(fixture.send(fixture.post("alice", session, PING)).statusCode())
        .as("absent means 2025-03-26").isEqualTo(200);
  }

  @Test
  void notificationsAndResponsesFromTheClientAreAcceptedWithNoBody() {
    String session = fixture.initialize("alice");

    HttpResponse<String> notification = fixture.send(fixture.post("alice", session,
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":99}}"));

    assertThat(notification.statusCode()).isEqualTo(202);
    assertThat(notification.body()).isEmpty();
  }

  @Test
  void aResponseToARequestTheServerNeverSentIsRefused() {
    String session = fixture.initialize("alice");

    HttpResponse<String> response =
        fixture.send(fixture.post("alice", session, "{\"jsonrpc\":\"2.0\",\"id\":\"nobody-asked\",\"result\":{}}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(error(response).path("message").asString()).contains("unknown id");
  }

  @Test
  void aRequestIsAnsweredOnAnEventStream() {
    String session = fixture.initialize("alice");

    try (SseConnection stream = fixture.stream(fixture.post("alice", session, PING).build())) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.contentType()).startsWith("text/event-stream");
      stream.next(); // the priming event
      JsonNode answer = fixture.parse(stream.next().data());
      assertThat(answer.path("id").asInt()).isEqualTo(7);
      assertThat(answer.has("result")).isTrue();
      assertThat(stream.ends()).isTrue();
    }
  }

  @Test
  void deleteEndsTheSessionAndItsIdIsThenUnknown() {
    String session = fixture.initialize("alice");

    HttpResponse<String> deleted = fixture.send(fixture.request("alice", session).DELETE().build());

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(fixture.provider.sessionCount()).isZero();
    assertThat(fixture.send(fixture.post("alice", session, PING)).statusCode()).isEqualTo(404);
    assertThat(fixture.send(fixture.request("alice", session).DELETE().build()).statusCode()).isEqualTo(404);
  }

  @Test
  void otherMethodsAreNotAllowed() {
    HttpResponse<String> response =
        fixture.send(fixture.request("alice", null).method("PUT", HttpRequest.BodyPublishers.ofString("{}")).build());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST, DELETE");
    assertThat(error(response).path("code").asInt()).isEqualTo(-32600);
  }
}
