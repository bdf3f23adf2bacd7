package dev.calendlymcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.server.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the built jar, as an MCP client runs it: {@code java -jar
 * target/calendly-mcp.jar --sandbox} as a child process, driven over stdio by the SDK's client,
 * which also checks every structured result against the tool's output schema. Runs in {@code mvn
 * verify}, after {@code package}.
 */
@Timeout(60)
class StdioJarIT {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final String INVITEE = "jordan.it@example.org";

  /** The user {@code --sandbox} acts as, with the token that must never reach its log. */
  private static SeededUser owner;

  private final Queue<String> stderr = new ConcurrentLinkedQueue<>();
  private McpSyncClient client;

  @BeforeAll
  static void seededOwner() {
    // The sandbox mints users and tokens from its seed, so a second one with the same defaults
    // holds the same owner as the child's; whoami below confirms it is the same user.
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
      owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    }
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("calendly-mcp.jar", "target/calendly-mcp.jar"));
    assertThat(jar).as("the built jar (mvn verify packages it first)").isRegularFile();
    return jar;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void theBuiltJarOffersResourcesPromptsAndSubscriptionsOverStdio() {
    StdioClientTransport transport = new StdioClientTransport(
        ServerParameters.builder(java()).args("-jar", jar().toString(), "--sandbox").build(), new McpJson().sdk());
    transport.setStdErrorHandler(stderr::add);
    client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("stdio-jar-it", "1").build())
        .initializationTimeout(CALL_TIMEOUT)
        .requestTimeout(CALL_TIMEOUT)
        .build();

    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.capabilities().resources().subscribe()).isTrue();
    assertThat(client.listResources().resources()).extracting(McpSchema.Resource::uri)
        .contains("calendly://me/upcoming", "calendly://event-types");
    assertThat(client.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
        .contains("calendly://events/{uuid}", "calendly://event-types/{uuid}");
    assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
        .contains("schedule_meeting", "reschedule_politely", "week_at_a_glance", "prepare_next_meeting");
    McpSchema.ReadResourceResult upcoming =
        client.readResource(McpSchema.ReadResourceRequest.builder("calendly://me/upcoming").build());
    assertThat(((McpSchema.TextResourceContents) upcoming.contents().get(0)).text()).contains("\"events\"");
    client.subscribeResource(McpSchema.SubscribeRequest.builder("calendly://me/upcoming").build());
    client.unsubscribeResource(McpSchema.UnsubscribeRequest.builder("calendly://me/upcoming").build());
  }

  @Test
  void anAgentBooksMovesAndCancelsThroughTheBuiltJarAndTheSlotComesBack() {
    StdioClientTransport transport =
        new StdioClientTransport(
            ServerParameters.builder(java())
                .args("-jar", jar().toString(), "--sandbox")
                // The most talkative log is the one that would leak a token if anything did.
                .addEnvVar("CALENDLY_MCP_LOG_LEVEL", "DEBUG")
                .build(),
            new McpJson().sdk());
    transport.setStdErrorHandler(stderr::add);
    client =
        McpClient.sync(transport)
            .clientInfo(McpSchema.Implementation.builder("stdio-jar-it", "1").build())
            .initializationTimeout(CALL_TIMEOUT)
            .requestTimeout(CALL_TIMEOUT)
            .enableCallToolSchemaCaching(true)
            .build();

    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.serverInfo().name()).isEqualTo("calendly-mcp");
    assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
        .contains("whoami", "list_event_types", "find_available_times", "book_meeting", "list_scheduled_events",
            "reschedule_meeting", "cancel_event");

    Map<String, Object> me = call("whoami", Map.of());
    assertThat(me.get("email")).isEqualTo(owner.email());
    // Same user, on the child's own port.
    assertThat(URI.create((String) me.get("user_uri")).getPath()).isEqualTo(URI.create(owner.userUri()).getPath());

    Map<String, Object> active = new LinkedHashMap<>();
    active.put("active", true);
    Map<String, Object> type = list(call("list_event_types", active), "event_types").stream()
        .map(StdioJarIT::map)
        .filter(t -> "30 Minute Meeting".equals(t.get("name")))
        .findFirst()
        .orElseThrow();
    assertThat(type.get("kind")).isEqualTo("solo");
    String typeUri = (String) type.get("uri");

    // One range for every search, as an agent would repeat it; a minute ahead so that it is not in
    // the past when the later searches arrive.
    Instant from = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("event_type", typeUri);
    search.put("start_time", from.toString());
    search.put("end_time", from.plus(Duration.ofDays(45)).toString());
    search.put("max_results", 20);

    Map<String, Object> before = call("find_available_times", search);
    assertThat(before.get("window_days")).isEqualTo(31);
    assertThat(before.get("windows_searched")).isEqualTo(2);
    assertThat((Integer) before.get("total_found")).isGreaterThan(20);
    List<String> open = startTimes(before);
    assertThat(open).hasSize(20).isSorted();
    String first = open.get(0);
    String second = open.get(1);

    Map<String, Object> booking = new LinkedHashMap<>();
    booking.put("event_type", typeUri);
    booking.put("start_time", first);
    booking.put("invitee_name", "Jordan Example");
    booking.put("invitee_email", INVITEE);
    booking.put("invitee_timezone", "Europe/Berlin");
    Map<String, Object> booked = call("book_meeting", booking);
    assertThat(booked.get("outcome")).isEqualTo("booked");
    assertThat(booked.get("start_time")).isEqualTo(first);
    String bookedUri = (String) booked.get("event_uri");

    assertThat(startTimes(call("find_available_times", search))).doesNotContain(first).contains(second);
    Map<String, Object> mine = new LinkedHashMap<>();
    mine.put("invitee", INVITEE);
    mine.put("status", "active");
    assertThat(list(call("list_scheduled_events", mine), "events")).singleElement()
        .satisfies(event -> assertThat(map(event))
            .containsEntry("uri", bookedUri)
            .containsEntry("start_time", first)
            .containsEntry("status", "active"));

    Map<String, Object> move = new LinkedHashMap<>();
    move.put("event", bookedUri);
    move.put("new_start_time", second);
    move.put("reason", "Jordan asked for a later time");
    Map<String, Object> moved = call("reschedule_meeting", move);
    assertThat(moved.get("status")).isEqualTo("rescheduled");
    assertThat(map(moved.get("new_booking"))).containsEntry("start_time", second);
    assertThat(map(moved.get("old_event"))).containsEntry("uri", bookedUri).containsEntry("status", "canceled");
    String movedUri = (String) map(moved.get("new_booking")).get("event_uri");
    assertThat(startTimes(call("find_available_times", search))).contains(first).doesNotContain(second);

    Map<String, Object> cancel = new LinkedHashMap<>();
    cancel.put("event", movedUri);
    cancel.put("reason", "Jordan cannot make it");
    Map<String, Object> canceled = call("cancel_event", cancel);
    assertThat(canceled).containsEntry("event_uri", movedUri).containsEntry("status", "canceled")
        .containsEntry("reason", "Jordan cannot make it");

    assertThat(startTimes(call("find_available_times", search))).contains(first, second);
    assertThat(list(call("list_scheduled_events", mine), "events")).isEmpty();

    // The log was written (the check below can fail) and holds no token.
    assertThat(stderr).anySatisfy(line -> assertThat(line).contains("sandbox listening"));
    assertThat(stderr).noneSatisfy(line -> assertThat(line).contains(owner.token()));
    assertThat(stderr).noneSatisfy(line -> assertThat(line).contains("sbx_pat_"));

    // The SDK's client stops a server with SIGTERM; the server goes (how fast is bench/'s business).
    ProcessHandle child = childRunning(jar()).orElseThrow();
    assertThat(client.closeGracefully()).isTrue();
    client = null;
    assertThat(child.onExit()).succeedsWithin(Duration.ofSeconds(30));
  }

  @Test
  void closingStdinEndsTheServerWithExit0(@TempDir Path folder) throws Exception {
    Path log = folder.resolve("stderr.log");
    Process server = new ProcessBuilder(java(), "-jar", jar().toString(), "--sandbox")
        .redirectError(log.toFile())
        .start();
    try (BufferedReader answers =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream stdin = server.getOutputStream();
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(answers.readLine()).contains("\"id\":1", "\"serverInfo\"");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      // A tool call starts the lazy sandbox and Calendly client, the parts that must also stop.
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
          + "\"arguments\":{}}}");
      assertThat(answers.readLine()).contains("\"id\":2", owner.email());

      stdin.close();

      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exited after stdin closed").isTrue();
      assertThat(server.exitValue()).isZero();
      assertThat(answers.readLine()).isNull();
    } finally {
      server.destroyForcibly();
    }
    assertThat(Files.readString(log)).doesNotContain(owner.token()).doesNotContain("sbx_pat_");
  }

  private static void send(OutputStream stdin, String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Calls a tool that must succeed and returns its structured content. */
  private Map<String, Object> call(String tool, Map<String, Object> arguments) {
    CallToolResult result = client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    String text = result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
    assertThat(result.isError()).as("%s answered: %s", tool, text).isNotEqualTo(Boolean.TRUE);
    assertThat(text).as("%s's text rendering", tool).isNotBlank();
    return map(result.structuredContent());
  }

  private static List<String> startTimes(Map<String, Object> found) {
    return list(found, "slots").stream().map(slot -> (String) map(slot).get("start_time")).toList();
  }

  /** A JSON object as the SDK decoded it, with its keys as the strings they are. */
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    Map<String, Object> copy = new LinkedHashMap<>();
    ((Map<?, ?>) value).forEach((key, item) -> copy.put((String) key, item));
    return copy;
  }

  private static List<?> list(Map<String, Object> map, String key) {
    assertThat(map.get(key)).as(key).isInstanceOf(List.class);
    return (List<?>) map.get(key);
  }

  private static Optional<ProcessHandle> childRunning(Path jar) {
    return ProcessHandle.current().children()
        .filter(p -> p.info().commandLine().map(line -> line.contains(jar.toString())).orElse(false))
        .findFirst();
  }
}
