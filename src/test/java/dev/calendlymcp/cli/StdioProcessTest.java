package dev.calendlymcp.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server as a client runs it: a separate JVM speaking MCP on its stdin and stdout, with
 * WireMock as Calendly.
 *
 * <p>The child runs {@code Main} from the test class path rather than the packaged jar: the jar
 * does not exist yet when {@code mvn test} runs, and a failsafe phase would need build changes for
 * no extra confidence, since the jar holds the same classes (its manifest and start-up are covered
 * by bench/startup.sh).
 */
class StdioProcessTest {

  private static final String TOKEN = "pat-e2e-9f8e7d6c5b4a39281706";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @RegisterExtension
  static WireMockExtension calendly = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @BeforeEach
  void stubCalendly() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(
        "{\"resource\":{\"uri\":\"https://api.calendly.com/users/AAAA\",\"name\":\"Ada Lovelace\","
            + "\"email\":\"ada@example.com\",\"timezone\":\"Europe/London\","
            + "\"scheduling_url\":\"https://calendly.com/ada\","
            + "\"current_organization\":\"https://api.calendly.com/organizations/BBBB\"}}")
        .withHeader("X-RateLimit-Limit", "60").withHeader("X-RateLimit-Remaining", "59")));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static List<String> command() {
    return List.of(java(), "-cp", System.getProperty("java.class.path"), Main.class.getName());
  }

  private static Map<String, String> environment() {
    return Map.of(
        "CALENDLY_TOKEN", TOKEN,
        "CALENDLY_API_BASE_URL", calendly.baseUrl(),
        // The most talkative level: the token must stay out of even the debug log.
        "CALENDLY_MCP_LOG_LEVEL", "DEBUG");
  }

  @Test
  void anSdkClientInitializesListsToolsCallsWhoamiAndStopsTheProcessWithSigterm() {
    List<String> stderr = new CopyOnWriteArrayList<>();
    List<String> command = command();
    StdioClientTransport transport = new StdioClientTransport(
        ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).env(environment()).build(),
        new JacksonMcpJsonMapper(JSON));
    transport.setStdErrorHandler(stderr::add);
    McpSyncClient client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(20))
        .initializationTimeout(Duration.ofSeconds(20))
        .build();
    try {
      McpSchema.InitializeResult init = client.initialize();
      assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
      assertThat(init.serverInfo().name()).isEqualTo("calendly-mcp");

      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).startsWith("whoami");

      McpSchema.CallToolResult whoami = client.callTool(McpSchema.CallToolRequest.builder("whoami").build());
      assertThat(whoami.isError()).isFalse();
      assertThat(((McpSchema.TextContent) whoami.content().get(0)).text())
          .startsWith("You act as Ada Lovelace <ada@example.com>")
          .contains("Rate limit: ", " of 60 left");
    } finally {
      // The SDK's transport ends the server with SIGTERM (after a 100 ms pause of its own).
      assertThat(client.closeGracefully()).isTrue();
    }
    assertThat(String.join("\n", stderr)).isNotEmpty().doesNotContain(TOKEN);
  }

  @Test
  void withSandboxTheServerActsForASeededUserWithoutAnyToken() {
    List<String> command = command();
    StdioClientTransport transport = new StdioClientTransport(
        ServerParameters.builder(command.get(0))
            .args(List.of(command.get(1), command.get(2), command.get(3), "--sandbox"))
            .env(Map.of("CALENDLY_TOKEN", ""))
            .build(),
        new JacksonMcpJsonMapper(JSON));
    McpSyncClient client = McpClient.sync(transport)
        .requestTimeout(Duration.ofSeconds(30))
        .initializationTimeout(Duration.ofSeconds(20))
        .build();
    try {
      client.initialize();

      McpSchema.CallToolResult whoami = client.callTool(McpSchema.CallToolRequest.builder("whoami").build());

      assertThat(whoami.isError()).isFalse();
      @SuppressWarnings("unchecked") // structured content arrives as a JSON object
      Map<String, Object> content = (Map<String, Object>) whoami.structuredContent();
      assertThat((String) content.get("user_uri")).startsWith("http://127.0.0.1:");
      assertThat(content.get("scopes")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
          .contains("scheduled_events:write", "users:read");
    } finally {
      client.closeGracefully();
    }
  }

  @Test
  void badLinesAreAnsweredTheSessionGoesOnAndEndOfInputEndsTheProcessWithinASecond() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command());
    builder.environment().putAll(environment());
    Process process = builder.start();
    LinkedBlockingQueue<String> stdout = collect(process.getInputStream(), "e2e-stdout");
    StringBuilder stderr = new StringBuilder();
    Thread errReader = drain(process, stderr);
    OutputStream stdin = process.getOutputStream();
    try {
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
      assertThat(next(stdout).path("result").path("serverInfo").path("name").asString()).isEqualTo("calendly-mcp");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");

      send(stdin, "definitely not json");
      assertThat(next(stdout).path("error").path("code").asInt()).isEqualTo(-32700);

      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"tools/call\",\"params\":\"whoami\"}");
      JsonNode wrongTypes = next(stdout);
      assertThat(wrongTypes.path("id").asString()).isEqualTo("two");
      assertThat(wrongTypes.path("error").path("code").asInt()).isEqualTo(-32602);

      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"teleport_meeting\"}}");
      assertThat(next(stdout).path("error").path("message").asString()).startsWith("Unknown tool 'teleport_meeting'");

      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
          + "\"arguments\":{\"note\":\"" + "z".repeat(1024 * 1024) + "\"}}}");
      JsonNode refused = next(stdout);
      assertThat(refused.path("result").path("isError").asBoolean()).isTrue();
      assertThat(refused.path("result").path("content").get(0).path("text").asString())
          .isEqualTo("Invalid arguments for whoami: unknown argument \"note\": this tool takes no arguments."
              + " Fix it and call the tool again.");

      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}");
      JsonNode whoami = next(stdout);
      assertThat(whoami.path("id").asInt()).isEqualTo(5);
      assertThat(whoami.path("result").path("structuredContent").path("email").asString()).isEqualTo("ada@example.com");

      stdin.close();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after end of input").isTrue();
      assertThat(process.exitValue()).isZero();
    } finally {
      process.destroyForcibly();
    }
    errReader.join(TimeUnit.SECONDS.toMillis(5));
    assertThat(stderr.toString()).contains("Client initialize request").doesNotContain(TOKEN);
  }

  private static void send(OutputStream stdin, String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private static JsonNode next(LinkedBlockingQueue<String> lines) throws InterruptedException {
    String line = Optional.ofNullable(lines.poll(20, TimeUnit.SECONDS))
        .orElseThrow(() -> new AssertionError("the server sent nothing within 20 s"));
    return JSON.readTree(line);
  }

  private static LinkedBlockingQueue<String> collect(java.io.InputStream in, String name) {
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, name);
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static Thread drain(Process process, StringBuilder into) {
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          synchronized (into) {
            into.append(line).append('\n');
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "e2e-stderr");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
