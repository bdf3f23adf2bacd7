package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a stdio server loads before it has answered tools/list, which is what every MCP client
 * waits for at each start: every class is time and resident memory (docs/startup.md). Run in a
 * separate JVM with the JVM's class-loading log, as a client starts it.
 */
class StdioStartupClassesTest {

  @TempDir Path dir;

  @Test
  void aSessionOfInitializeAndToolsListLoadsNoCacheNoHttpClientNoPatternLayoutNoMetersAndNoLookups() throws Exception {
    Path classLog = dir.resolve("classes.txt");
    Path initLog = dir.resolve("initialized.txt");
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xlog:class+load=info:file=" + classLog,
        "-Xlog:class+init=info:file=" + initLog + ":tid",
        "-cp", System.getProperty("java.class.path"), Main.class.getName())
        .redirectError(stderr.toFile());
    builder.environment().put("CALENDLY_TOKEN", "pat-startup-classes-test");
    builder.environment().put("CALENDLY_MCP_DATA_DIR", dir.resolve("data").toString());
    // A zone with rules of its own, so that looking it up would read the JDK's time-zone database.
    builder.environment().put("TZ", "Europe/Paris");
    Process process = builder.start();
    try {
      OutputStream stdin = process.getOutputStream();
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"classes\",\"version\":\"1\"}}}");
      assertThat(answer(stdout)).contains("\"id\":1");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      assertThat(answer(stdout)).contains("\"id\":2").contains("\"tools\"");
      stdin.close();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after end of input").isTrue();
    } finally {
      process.destroyForcibly();
    }

    List<String> loaded = Files.readAllLines(classLog);
    assertThat(loaded).as("the class-loading log").anyMatch(line -> line.contains(" dev.calendlymcp.tools.ToolCatalog "));
    // (The interface Cache may be loaded by the verifier: one class, not the 85 of building one.)
    assertThat(loaded).noneMatch(line -> line.contains(" com.github.benmanes.caffeine.cache.Caffeine "))
        .noneMatch(line -> line.contains(" reactor.netty."))
        .noneMatch(line -> line.contains(" io.netty."))
        .noneMatch(line -> line.contains(" ch.qos.logback.classic.PatternLayout "))
        // Nothing scrapes a stdio server: its meters are made at the first tool call or refusal.
        .noneMatch(line -> line.contains(" io.micrometer.core.instrument.Metrics "))
        .noneMatch(line -> line.contains(" io.micrometer.core.instrument.Timer$Builder "))
        .noneMatch(line -> line.contains(" io.micrometer.core.instrument.Counter$Builder "))
        // SLF4J's provider is named, not looked up (it has no service file to be found by), and
        // configures logback itself, without logback's auto-configuration (docs/startup.md).
        .anyMatch(line -> line.contains(" dev.calendlymcp.logging.StderrLoggingProvider "))
        .noneMatch(line -> line.contains(" ch.qos.logback.classic.util.ContextInitializer "))
        // The log layout looks the time zone up at its first line; a session logs none.
        .noneMatch(line -> line.contains(" java.time.zone.TzdbZoneRulesProvider "))
        // The token's fingerprint is taken when a budget or a cache first needs it.
        .noneMatch(line -> line.contains(" sun.security.provider.SHA2$SHA256 "));
    assertThat(Files.readString(stderr)).as("stderr").doesNotContain("SLF4J");
    // The stored login's mapper is built when a login is read, so the first mapper is the
    // protocol's, built beside the rest of the start rather than after it.
    List<String> initialized = Files.readAllLines(initLog);
    // Only the enabled toolsets' tools are defined: webhooks is not a default toolset.
    assertThat(initialized).anyMatch(line -> line.contains("Initializing 'dev/calendlymcp/tools/SchedulingTools'"))
        .noneMatch(line -> line.contains("Initializing 'dev/calendlymcp/tools/WebhookTools'"));
    String main = thread(initialized, "dev/calendlymcp/cli/Main");
    assertThat(thread(initialized, "tools/jackson/databind/json/JsonMapper"))
        .as("the thread that built the first JSON mapper")
        .isNotEqualTo(main);
    // One-time set-ups inside the JDK and Reactor that the main and reader threads would wait for.
    String warmUp = thread(initialized, "reactor/core/publisher/ContextPropagationSupport");
    assertThat(warmUp).as("the thread that looked for context propagation").isNotEqualTo(main);
    assertThat(List.of(thread(initialized, "java/util/UUID$Holder"), thread(initialized, "java/math/BigDecimal")))
        .as("the threads that set up SecureRandom and BigDecimal")
        .containsOnly(warmUp);
  }

  /** The id of the thread that initialised {@code internalName} ({@code [tid]} starts each line). */
  private static String thread(List<String> initialized, String internalName) {
    return initialized.stream()
        .filter(line -> line.contains("Initializing '" + internalName + "'"))
        .map(line -> line.substring(0, line.indexOf(']') + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError(internalName + " was not initialised"));
  }

  private static void send(OutputStream stdin, String line) throws Exception {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  private static String answer(BufferedReader stdout) throws Exception {
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return stdout.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).get(60, TimeUnit.SECONDS);
    assertThat(line).as("an answer before end of output").isNotNull();
    return line;
  }
}
