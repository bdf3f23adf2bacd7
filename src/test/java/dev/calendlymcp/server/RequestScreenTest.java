package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.transport.MessageLimits;
import dev.calendlymcp.transport.MessageScreen;
import dev.calendlymcp.transport.Refusals;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class RequestScreenTest {

  private final McpJson json = new McpJson();
  private final InFlightCalls inFlight = new InFlightCalls();
  private final PendingRequests pending = new PendingRequests();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final RequestScreen screen = new RequestScreen(json,
      new MessageScreen(json.sdk(), MessageLimits.DEFAULTS, new Refusals(meters)),
      ToolCatalog.of(new ProbeTools().definitions(), ToolOptions.defaults()), inFlight, pending);

  private RequestScreen.Verdict screen(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return screen.screen(bytes, bytes.length);
  }

  private JsonNode answer(String line) {
    RequestScreen.Verdict verdict = screen(line);
    assertThat(verdict).isInstanceOf(RequestScreen.Answer.class);
    return json.mapper().readTree(((RequestScreen.Answer) verdict).message());
  }

  private JsonNode forwarded(String line) {
    RequestScreen.Verdict verdict = screen(line);
    assertThat(verdict).isInstanceOf(RequestScreen.Forward.class);
    return json.mapper().valueToTree(((RequestScreen.Forward) verdict).message());
  }

  @Test
  void aWellFormedRequestIsForwardedAsTheMessageItHolds() {
    RequestScreen.Verdict verdict = screen("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");

    assertThat(verdict).isEqualTo(new RequestScreen.Forward(
        new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_TOOLS_LIST, 1, null)));
  }

  @Test
  void aLineThatIsNotJsonGetsAParseErrorWithANullId() {
    JsonNode error = answer("hello server");

    assertThat(error.path("id").isNull()).isTrue();
    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(error.path("error").path("message").asString()).startsWith("Parse error: the line is not valid JSON");
  }

  @Test
  void trailingGarbageAfterAMessageIsAParseError() {
    assertThat(answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} x").path("error").path("code").asInt())
        .isEqualTo(-32700);
  }

  @Test
  void aBatchOrABareValueIsAnInvalidRequest() {
    assertThat(answer("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]").path("error").path("message").asString())
        .contains("batches are not supported");
    assertThat(answer("42").path("error").path("code").asInt()).isEqualTo(-32600);
  }

  @Test
  void aWrongJsonrpcVersionIsRefusedEchoingTheId() {
    JsonNode error = answer("{\"jsonrpc\":\"1.0\",\"id\":9,\"method\":\"ping\"}");

    assertThat(error.path("id").asInt()).isEqualTo(9);
    assertThat(error.path("error").path("message").asString()).isEqualTo("Invalid Request: jsonrpc must be \"2.0\".");
  }

  @Test
  void anIdThatIsNeitherStringNorSigned64BitIntegerIsRefusedWithANullId() {
    for (String id : new String[] {"{}", "[1]", "1.5", "1e3", "1.0", "true", "null", "9223372036854775808",
        "-9223372036854775809"}) {
      JsonNode error = answer("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");
      assertThat(error.path("id").isNull()).as("id %s", id).isTrue();
      assertThat(error.path("error").path("code").asInt()).as("id %s", id).isEqualTo(-32600);
      assertThat(error.path("error").path("message").asString())
          .as("id %s", id)
          .isEqualTo("Invalid Request: id must be a string or a signed 64-bit integer (no fraction or exponent).");
    }
    assertThat(meters.get("mcp.messages.refused").tag("reason", "invalid_id").counter().count()).isEqualTo(9);
  }

  @Test
  void theLargestAndSmallestSigned64BitIdsAreForwarded() {
    forwarded("{\"jsonrpc\":\"2.0\",\"id\":9223372036854775807,\"method\":\"ping\"}");
    forwarded("{\"jsonrpc\":\"2.0\",\"id\":-9223372036854775808,\"method\":\"ping\"}");
  }

  @Test
  void anOverlongIdMethodToolNameOrProgressTokenIsRefusedWithoutEchoingIt() {
    String huge = "x".repeat(100_000);
    JsonNode longId = answer("{\"jsonrpc\":\"2.0\",\"id\":\"" + huge + "\",\"method\":\"ping\"}");
    JsonNode longMethod = answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + huge + "\"}");
    JsonNode longTool = answer("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + huge + "\"}}");
    JsonNode longToken = answer("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\","
        + "\"_meta\":{\"progressToken\":\"" + huge + "\"}}}");

    assertThat(longId.path("id").isNull()).as("an id too long to echo is answered with id null").isTrue();
    assertThat(longId.path("error").path("message").asString()).isEqualTo("Invalid Request: id is longer than 256 characters.");
    assertThat(longMethod.path("id").asInt()).isEqualTo(1);
    assertThat(longMethod.path("error").path("message").asString()).startsWith("Invalid Request: method is longer than 128");
    assertThat(longTool.path("error").path("message").asString()).startsWith("Invalid params: params.name is longer than 128");
    assertThat(longToken.path("error").path("message").asString()).contains("progressToken");
    for (JsonNode answer : List.of(longId, longMethod, longTool, longToken)) {
      assertThat(answer.toString()).hasSizeLessThan(400);
    }
    assertThat(inFlight.size()).isZero();
  }

  @Test
  void aMethodThatIsNotAStringIsRefused() {
    assertThat(answer("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":5}").path("error").path("message").asString())
        .isEqualTo("Invalid Request: method must be a non-empty string.");
  }

  @Test
  void paramsThatAreNotAnObjectAreInvalidParams() {
    JsonNode error = answer("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":[1]}");

    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32602);
  }

  @Test
  void aToolCallWithoutAStringNameIsInvalidParams() {
    JsonNode error = answer("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":5}}");

    assertThat(error.path("id").asInt()).isEqualTo(4);
    assertThat(error.path("error").path("message").asString()).contains("params.name must be the tool's name");
  }

  @Test
  void aToolCallWithArgumentsThatAreNotAnObjectIsInvalidParams() {
    JsonNode error = answer(
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\",\"arguments\":\"x\"}}");

    assertThat(error.path("error").path("message").asString()).contains("params.arguments must be an object");
  }

  @Test
  void anUnknownToolIsAnsweredWithTheToolsOnOffer() {
    JsonNode error = answer("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"book\"}}");

    assertThat(error.path("error").path("code").asInt()).isEqualTo(-32602);
    assertThat(error.path("error").path("message").asString()).startsWith("Unknown tool 'book'. This server offers: probe_echo");
  }

  @Test
  void aToolOfADisabledToolsetIsAnsweredWithTheToolsetToEnable() {
    JsonNode error = answer("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"probe_write\"}}");

    assertThat(error.path("error").path("message").asString()).contains("'webhooks' toolset");
  }

  @Test
  void aToolCallIsTaggedWithItsIdAndRegisteredForCancellation() {
    JsonNode call = forwarded("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\","
        + "\"params\":{\"name\":\"probe_echo\",\"arguments\":{},\"_meta\":{\"progressToken\":\"p\","
        + "\"dev.calendlymcp/request-id\":\"spoofed\"}}}");

    assertThat(call.path("params").path("_meta").path(InFlightCalls.REQUEST_ID_META).asInt()).isEqualTo(8);
    assertThat(call.path("params").path("_meta").path("progressToken").asString()).isEqualTo("p");
    assertThat(inFlight.size()).isEqualTo(1);
  }

  @Test
  void aCancellationStopsTheCallItNamesAndIsNotForwarded() {
    forwarded("{\"jsonrpc\":\"2.0\",\"id\":\"call-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\"}}");
    AtomicBoolean cancelled = new AtomicBoolean();
    inFlight.cancellation("call-1").doOnSuccess(v -> cancelled.set(true)).subscribe();

    RequestScreen.Verdict verdict =
        screen("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"call-1\",\"reason\":\"user\"}}");

    assertThat(verdict).isInstanceOf(RequestScreen.Drop.class);
    assertThat(cancelled).isTrue();
  }

  @Test
  void numericAndStringIdsAreDifferentCalls() {
    forwarded("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\"}}");

    screen("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"7\"}}");

    assertThat(stateOf(inFlight.cancellation(7))).isEqualTo("running");
    assertThat(stateOf(inFlight.cancellation(7L))).isEqualTo("running");

    screen("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":7}}");

    assertThat(stateOf(inFlight.cancellation(7))).isEqualTo("cancelled");
  }

  private static String stateOf(Mono<Void> cancellation) {
    return Mono.firstWithSignal(cancellation.thenReturn("cancelled"), Mono.just("running")).block();
  }

  @Test
  void aCarriageReturnBetweenTokensIsWhitespace() {
    RequestScreen.Verdict verdict = screen("{\"jsonrpc\":\"2.0\",\r\"id\":1,\"method\":\"ping\"}");

    assertThat(verdict).isEqualTo(new RequestScreen.Forward(
        new McpSchema.JSONRPCRequest(McpSchema.JSONRPC_VERSION, McpSchema.METHOD_PING, 1, null)));
  }

  @Test
  void blankLinesAreDropped() {
    assertThat(screen("   \r")).isInstanceOf(RequestScreen.Drop.class);
  }

  @Test
  void aClientResponseIsForwardedWhenTheSdkCanReadIt() {
    forwarded("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
    forwarded("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-1,\"message\":\"no\"}}");
    assertThat(answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":\"x\"}}").path("error").path("message").asString())
        .contains("integer code and a string message");
    assertThat(answer("{\"jsonrpc\":\"2.0\",\"id\":1}").path("error").path("message").asString())
        .contains("needs a method");
  }

  @Test
  void forwardedRequestsAreCountedAsOwedAnswers() throws InterruptedException {
    forwarded("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
    forwarded("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

    assertThat(pending.awaitNone(java.time.Duration.ZERO)).isFalse();
    pending.answered();
    assertThat(pending.awaitNone(java.time.Duration.ZERO)).isTrue();
  }

  @Test
  void anOversizedLineGetsAnErrorNamingTheLimit() {
    JsonNode error = json.mapper().readTree(screen.tooLarge(8 * 1024 * 1024).message());

    assertThat(error.path("error").path("message").asString()).contains("larger than 8 MiB");
  }
}
