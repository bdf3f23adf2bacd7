package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The built jar checked by the official MCP tools, from {@code src/it/mcp-clients}: the conformance
 * suite's server scenarios that apply (against {@code http --auth none --sandbox}), and the
 * TypeScript SDK's client over Streamable HTTP and over stdio. Needs npm and its registry (for the
 * two packages and a Node 22 to run them); skips, saying so, where either is missing.
 */
@Timeout(600)
class McpClientsIT {

  /** What {@code http} prints once listening, before the endpoint's URL. */
  private static final String ENDPOINT = "MCP endpoint: ";
  private static final Path SOURCES = Path.of("src", "it", "mcp-clients");
  private static final Path WORK = Path.of("target", "mcp-clients");
  private static final Path JAR = Path.of(System.getProperty("calendly-mcp.jar", "target/calendly-mcp.jar"));

  private static String node;

  @BeforeAll
  static void installTheClients() throws Exception {
    Files.createDirectories(WORK);
    try (Stream<Path> files = Files.list(SOURCES)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, WORK.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Result npm;
    try {
      npm = run(WORK, 300, "npm", "ci", "--no-audit", "--no-fund");
    } catch (IOException e) {
      Assumptions.abort("npm is not installed, so the MCP conformance suite and the TypeScript SDK client were not run");
      return;
    }
    Assumptions.assumeTrue(npm.code() == 0,
        () -> "npm ci failed (is the npm registry reachable?), so the MCP conformance suite and the TypeScript SDK"
            + " client were not run: " + npm.tail());
    Path local = WORK.resolve("node_modules/node/bin/node");
    node = Files.isExecutable(local) ? local.toAbsolutePath().toString() : "node";
  }

  @Test
  void theConformanceScenariosThatApplyPassOverStreamableHttp() throws Exception {
    withHttpServer(url -> {
      Result result = run(WORK, 300, node, "conformance.mjs", url, WORK.resolve("results").toAbsolutePath().toString());
      assertThat(result.code()).as(result.output()).isZero();
      assertThat(result.output()).contains("scenarios passed").doesNotContain("FAILURE");
    });
  }

  @Test
  void theTypeScriptSdkClientListsReadsSubscribesAndCallsOverStreamableHttp() throws Exception {
    withHttpServer(url -> {
      Result result = run(WORK, 120, node, "sdk-client.mjs", "http", url);
      assertThat(result.code()).as(result.output()).isZero();
      assertThat(result.output()).contains("tools/call whoami: ok");
    });
  }

  @Test
  void theTypeScriptSdkClientListsReadsSubscribesAndCallsOverStdio() throws Exception {
    Result result = run(WORK, 120, node, "sdk-client.mjs", "stdio", java(), "-jar", JAR.toAbsolutePath().toString(),
        "stdio", "--sandbox");
    assertThat(result.code()).as(result.output()).isZero();
    assertThat(result.output()).contains("resources/subscribe and resources/unsubscribe", "tools/call whoami: ok");
  }

  private interface WithUrl {
    void accept(String url) throws Exception;
  }

  private static void withHttpServer(WithUrl body) throws Exception {
    Process server = new ProcessBuilder(java(), "-jar", JAR.toString(), "http", "--auth", "none", "--sandbox", "--port", "0")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
      assertThat(line).startsWith(ENDPOINT);
      body.accept(line.substring(ENDPOINT.length()));
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private record Result(int code, String output) {
    String tail() {
      String[] lines = output.strip().split("\n");
      return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
  }

  private static Result run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of(command));
    Path log = Files.createTempFile("mcp-clients-", ".log");
    try {
      Process process = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", args) + "\n" + read(log));
      }
      return new Result(process.exitValue(), read(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
