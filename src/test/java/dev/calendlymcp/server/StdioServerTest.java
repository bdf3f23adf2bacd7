package dev.calendlymcp.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.calendlymcp.server.ToolResults.call;
import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.testing.CapturedLogs;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolOptions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The stdio server end to end in one process: the SDK's client (or raw lines) on one side of a pair
 * of pipes, and on the other the production path from {@link StdioServer#start} down to the tools,
 * with WireMock standing in for Calendly.
 */
class StdioServerTest {

  static final String TOKEN = "pat-stdio-server-test-0123456789";

  @RegisterExtension
  static WireMockExtension calendly = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final ProbeTools probes = new ProbeTools();
  private LazyCalendlyAccess access;
  private ServerSettings settings;
  private InProcessServer server;

  @BeforeEach
  void start() {
    access = new LazyCalendlyAccess(
        () -> new LazyCalendlyAccess.Target(
            CalendlyConfig.defaults().withApiBaseUrl(URI.create(calendly.baseUrl())).withResponseTimeout(Duration.ofSeconds(3)),
            AccessToken.of(TOKEN),
            Optional.empty(),
            () -> {}),
        ClientOptions::defaults,
        "Ask the user for a new token.");
    List<ToolDefinition> tools = new ArrayList<>(ToolCatalog.build(ToolOptions.defaults()).tools());
    tools.addAll(probes.definitions());
    settings = new ServerSettings(
        ToolCatalog.of(tools, ToolOptions.defaults()), "9.9.9-test", Duration.ofSeconds(20), Clock.systemUTC());
    server = new InProcessServer(settings, access);
  }

  @AfterEach
  void stop() {
    server.close();
    access.close();
  }

  private static Map<String, Object> echoArguments() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("name", "Ada");
    arguments.put("color", "red");
    return arguments;
  }

  @Test
  void aStdinThatFailsEndsTheSessionInsteadOfLeavingTheProcessWaiting() throws Exception {
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("stdin is gone");
      }
    };
    StdioServer stdio = StdioServer.start(failing, OutputStream.nullOutputStream(), settings, access);
    try {
      assertThat(stdio.awaitEndOfInput(InProcessServer.REQUEST_TIMEOUT)).isTrue();
    } finally {
      stdio.close();
    }
  }

  @Test
  void initializeNegotiatesTheCurrentProtocolAndIntroducesTheServer() {
    McpAsyncClient client = server.client();

    McpSchema.InitializeResult init = client.getCurrentInitializationResult();
    assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
    assertThat(init.serverInfo().name()).isEqualTo("calendly-mcp");
    assertThat(init.serverInfo().title()).isEqualTo("Calendly");
    assertThat(init.serverInfo().version()).isEqualTo("9.9.9-test");
    assertThat(init.instructions()).contains("Call whoami first", "book_meeting").doesNotContain("delete_invitee_data");
    assertThat(init.capabilities().tools()).isNotNull();
  }

  @Test
  void anOlderClientGetsItsOwnProtocolVersion() {
    server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"old\",\"version\":\"1\"}}}");

    assertThat(server.receive().path("result").path("protocolVersion").asString()).isEqualTo("2025-06-18");
  }

  @Test
  void toolsListShowsEveryToolWithAnnotationsAndBothSchemas() {
    McpAsyncClient client = server.client();

    List<McpSchema.Tool> tools = client.listTools().block(Duration.ofSeconds(5)).tools();

    assertThat(tools).extracting(McpSchema.Tool::name)
        .containsExactly("whoami", "list_event_types", "get_event_type", "find_available_times",
            "book_meeting", "list_scheduled_events", "get_scheduled_event", "reschedule_meeting",
            "cancel_event", "create_booking_link",
            "probe_echo", "probe_hang", "probe_gate", "probe_crash");
    McpSchema.Tool whoami = tools.get(0);
    assertThat(whoami.title()).isEqualTo("Who am I");
    // Only what differs from the spec's defaults is sent; a read-only tool's other hints mean nothing.
    assertThat(whoami.annotations().readOnlyHint()).isTrue();
    assertThat(whoami.annotations().destructiveHint()).isNull();
    assertThat(whoami.annotations().idempotentHint()).isNull();
    assertThat(whoami.annotations().openWorldHint()).isNull();
    McpSchema.Tool book = tools.get(4);
    assertThat(book.annotations().readOnlyHint()).isNull();
    assertThat(book.annotations().destructiveHint()).isFalse();
    assertThat(book.annotations().idempotentHint()).isTrue();
    McpSchema.Tool cancel = tools.get(8);
    assertThat(cancel.annotations().destructiveHint()).as("destructive is the default").isNull();
    assertThat(cancel.annotations().idempotentHint()).isTrue();
    assertThat(whoami.inputSchema()).containsEntry("type", "object");
    assertThat(whoami.outputSchema()).containsKey("properties");
  }

  @Test
  void whoamiReturnsStructuredContentAndText() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(
        "{\"resource\":{\"uri\":\"https://api.calendly.com/users/AAAA\",\"name\":\"Ada Lovelace\","
            + "\"email\":\"ada@example.com\",\"timezone\":\"Europe/London\","
            + "\"scheduling_url\":\"https://calendly.com/ada\","
            + "\"current_organization\":\"https://api.calendly.com/organizations/BBBB\"}}")
        .withHeader("X-RateLimit-Limit", "60").withHeader("X-RateLimit-Remaining", "58")));
    McpAsyncClient client = server.client();

    CallToolResult result = call(client, "whoami", Map.of());

    assertThat(result.isError()).isFalse();
    assertThat(result.structuredContent()).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked") // structured content arrives as a JSON object
    Map<String, Object> content = (Map<String, Object>) result.structuredContent();
    assertThat(content)
        .containsEntry("name", "Ada Lovelace")
        .containsEntry("user_uri", "https://api.calendly.com/users/AAAA")
        .containsEntry("organization_uri", "https://api.calendly.com/organizations/BBBB")
        .doesNotContainKey("scopes");
    assertThat(content.get("rate_limit")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("limit", 60)
        .containsEntry("limit_source", "calendly")
        .containsEntry("queued_calls", 0);
    assertThat(text(result)).startsWith("You act as Ada Lovelace <ada@example.com>, time zone Europe/London.");
  }

  @Test
  void aRejectedTokenBecomesAnErrorResultWithTheNextStepAndNoSecret() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"title\":\"Unauthenticated\",\"message\":\"Token " + TOKEN + " is revoked\"}")));
    McpAsyncClient client = server.client();

    CallToolResult result = call(client, "whoami", Map.of());

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .contains("401", "Ask the user for a new token.", Redactor.MASK)
        .doesNotContain(TOKEN);
  }

  @Test
  void argumentsAreCheckedAtTheEdgeWithTheFieldAndTheFix() {
    McpAsyncClient client = server.client();

    Map<String, Object> missing = echoArguments();
    missing.remove("name");
    assertThat(text(call(client, "probe_echo", missing)))
        .isEqualTo("Invalid arguments for probe_echo: name is required: pass a string of at most 100 characters"
            + " (A name). Fix it and call the tool again.");

    Map<String, Object> wrongType = echoArguments();
    wrongType.put("count", "three");
    assertThat(text(call(client, "probe_echo", wrongType)))
        .contains("count must be an integer from 1 to 10, got \"three\"");

    Map<String, Object> badEnum = echoArguments();
    badEnum.put("color", "blue");
    assertThat(text(call(client, "probe_echo", badEnum))).contains("color must be one of: red, green; got \"blue\"");

    Map<String, Object> huge = echoArguments();
    huge.put("name", "n".repeat(1024 * 1024));
    CallToolResult refused = call(client, "probe_echo", huge);
    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).contains("name is too long (1048576 characters; the limit is 100)").hasSizeLessThan(300);

    CallToolResult fine = call(client, "probe_echo", echoArguments());
    assertThat(fine.isError()).isFalse();
    assertThat(text(fine)).startsWith("Echo:");
  }

  @Test
  void eachBadLineIsAnsweredAndTheSessionGoesOn() {
    server.initializeRaw();
    String[] bad = {
      "this is not json",
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":",
      "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":1},\"method\":\"tools/list\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":[\"tools/list\"]}",
      "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":42}}",
      "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"no_such_tool\"}}",
      "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"no/such/method\"}",
      "{\"jsonrpc\":\"2.0\",\r\"id\":61,\"method\":\"no/such/method/either\"}",
      "[1,2,3]",
    };
    for (String line : bad) {
      server.send(line);
      JsonNode answer = server.receive();
      assertThat(answer.path("error").path("message").asString()).as(line).isNotBlank().doesNotContain("Exception");
    }

    server.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\","
        + "\"arguments\":{\"name\":\"still here\",\"color\":\"green\"}}}");
    JsonNode answer = server.receive();
    assertThat(answer.path("id").asInt()).isEqualTo(7);
    assertThat(answer.path("result").path("structuredContent").path("name").asString()).isEqualTo("still here");
  }

  @Test
  void initializeWithParamsTheSdkCannotReadIsRefusedWithoutItsTextAndAGoodOneStillWorks() {
    List<ILoggingEvent> logged;
    try (CapturedLogs logs = CapturedLogs.start()) {
      server.send("{\"jsonrpc\":\"2.0\",\"id\":\"bad\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{\"roots\":\"all\"},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertCleanInvalidParams(server.receive(), "bad");
      server.send("{\"jsonrpc\":\"2.0\",\"id\":\"worse\",\"method\":\"initialize\",\"params\":{\"clientInfo\":5}}");
      assertCleanInvalidParams(server.receive(), "worse");
      logged = logs.events();
    }

    assertThat(server.initializeRaw().path("result").path("serverInfo").path("name").asString()).isEqualTo("calendly-mcp");
    assertThat(logged).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN) || event.getThrowableProxy() != null);
  }

  @Test
  void malformedToolCallsAndLogLevelsGetACleanErrorWithoutAStackTraceAndTheSessionGoesOn() {
    server.initializeRaw();
    String[] malformed = {
      "\"method\":\"tools/call\",\"params\":\"x\"",
      "\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\",\"arguments\":\"x\"}",
      "\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\",\"arguments\":[1]}",
      "\"method\":\"tools/call\",\"params\":{\"name\":{}}",
      "\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\",\"_meta\":\"x\"}",
      "\"method\":\"logging/setLevel\",\"params\":{\"level\":{}}",
      "\"method\":\"logging/setLevel\",\"params\":{\"level\":\"loud\"}",
    };
    List<ILoggingEvent> logged;
    try (CapturedLogs logs = CapturedLogs.start()) {
      int id = 0;
      for (String call : malformed) {
        server.send("{\"jsonrpc\":\"2.0\",\"id\":\"m" + ++id + "\"," + call + "}");
        assertCleanInvalidParams(server.receive(), "m" + id);
      }
      logged = logs.events();
    }

    assertThat(logged).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN) || event.getThrowableProxy() != null);
    server.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}");
    assertThat(server.receive().path("result").isObject()).isTrue();
    server.send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"probe_echo\","
        + "\"arguments\":{\"name\":\"still here\",\"color\":\"green\"}}}");
    assertThat(server.receive().path("result").path("structuredContent").path("name").asString()).isEqualTo("still here");
  }

  private static void assertCleanInvalidParams(JsonNode answer, String id) {
    assertThat(answer.path("id").asString()).isEqualTo(id);
    assertThat(answer.path("error").path("code").asInt()).as(id).isEqualTo(-32602);
    assertThat(answer.path("error").path("message").asString()).as(id)
        .startsWith("Invalid params: ")
        .doesNotContain("jackson", "Exception", "io.modelcontextprotocol", "$");
    assertThat(answer.path("error").has("data")).as(id).isFalse();
  }

  @Test
  void aLineOverTheSizeLimitIsDiscardedAndAnswered() {
    server.initializeRaw();

    server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\""
        + "y".repeat(StdioServer.MAX_LINE_BYTES) + "\"}}");
    assertThat(server.receive().path("error").path("message").asString()).contains("larger than 8 MiB");

    server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}");
    assertThat(server.receive().path("id").asInt()).isEqualTo(2);
  }

  @Test
  void aBugInAToolIsReportedWithAReferenceAndNoDetail() {
    McpAsyncClient client = server.client();

    CallToolResult result = call(client, "probe_crash", Map.of());

    assertThat(result.isError()).isTrue();
    assertThat(text(result))
        .matches("probe_crash failed because of an internal error in calendly-mcp \\(reference [0-9a-f]{8}\\)\\..*")
        .doesNotContain("internal detail", "IllegalStateException", "\tat ");
  }

  @Test
  void progressIsReportedAndACancelledCallIsStoppedAndNotAnswered() throws InterruptedException {
    server.initializeRaw();

    server.send("{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"probe_hang\","
        + "\"_meta\":{\"progressToken\":\"tok-1\"}}}");
    JsonNode progress = server.receive();
    assertThat(progress.path("method").asString()).isEqualTo("notifications/progress");
    assertThat(progress.path("params").path("progressToken").asString()).isEqualTo("tok-1");
    assertThat(progress.path("params").path("progress").asDouble()).isEqualTo(1.0);
    assertThat(progress.path("params").path("total").asDouble()).isEqualTo(2.0);
    assertThat(progress.path("params").path("message").asString()).isEqualTo("half way");

    server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":41}}");
    assertThat(probes.hangCancelled.await(5, TimeUnit.SECONDS)).isTrue();

    server.send("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"ping\"}");
    assertThat(server.receive().path("id").asInt()).as("the cancelled call is not answered").isEqualTo(42);
  }

  @Test
  void requestsReceivedBeforeEndOfInputAreAnsweredBeforeTheServerStops() throws InterruptedException {
    server.initializeRaw();

    server.send("{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"tools/call\",\"params\":{\"name\":\"probe_gate\"}}");
    server.endInput();
    // Opened a little later, so that the server has certainly seen the end of input by then.
    Mono.delay(Duration.ofMillis(150)).subscribe(tick -> probes.gate.tryEmitValue("answered after end of input"));

    assertThat(server.awaitEnd(Duration.ofSeconds(30))).isTrue();
    JsonNode answer = server.receive();
    assertThat(answer.path("id").asString()).isEqualTo("last");
    assertThat(answer.path("result").path("structuredContent").path("value").asString())
        .isEqualTo("answered after end of input");
  }

  @Test
  void aRequestThatTakesLongerThanASecondAfterEndOfInputIsStillAnswered() throws InterruptedException {
    server.initializeRaw();

    server.send("{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"probe_gate\"}}");
    server.endInput();
    Mono.delay(Duration.ofMillis(1500)).subscribe(tick -> probes.gate.tryEmitValue("late but answered"));

    assertThat(server.awaitEnd(Duration.ofSeconds(30))).isTrue();
    assertThat(server.receive().path("id").asString()).isEqualTo("slow");
  }

  @Test
  void endOfInputEndsTheServer() throws InterruptedException {
    server.initializeRaw();

    server.endInput();

    assertThat(server.awaitEnd(Duration.ofSeconds(30))).isTrue();
  }
}
