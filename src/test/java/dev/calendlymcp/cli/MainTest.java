package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private CommandLine cli(Map<String, String> env, String stdin) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    return Main.commandLine(new Console(env, in, out, new PrintStream(err, true, StandardCharsets.UTF_8), false));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void versionPrintsTheBuildVersion() {
    StringWriter text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));

    int exit = cli.execute("--version");

    assertThat(exit).isZero();
    assertThat(text.toString()).startsWith("calendly-mcp ").doesNotContain("unknown");
  }

  @Test
  void everyCommandAnswersHelpWithItsUsageAndItsExitCodes() {
    CommandLine root = Main.commandLine();
    assertThat(root.getSubcommands()).isNotEmpty();
    for (String name : root.getSubcommands().keySet()) {
      StringWriter text = new StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new PrintWriter(text));

      int exit = cli.execute(name, "--help");

      assertThat(exit).as(name + " --help").isZero();
      assertThat(text.toString()).as(name + " --help").contains("Usage: calendly-mcp " + name, "Exit codes:");
    }
  }

  @Test
  void anUnknownSubcommandFailsWithUsage() {
    StringWriter text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(text));

    int exit = cli.execute("nonsense");

    assertThat(exit).isEqualTo(2);
    assertThat(text.toString()).contains("Unmatched argument", "nonsense");
  }

  @Test
  void withoutATokenTheServerExitsWith2AndSaysWhereToGetOne() {
    assertThat(cli(Map.of(), "").execute()).isEqualTo(2);
    assertThat(err()).contains("CALENDLY_TOKEN", "Integrations → API & Webhooks", "personal access token");
    assertThat(out.size()).isZero();

    err.reset();
    assertThat(cli(Map.of("CALENDLY_TOKEN", "  "), "").execute("stdio")).isEqualTo(2);
    assertThat(err()).contains("CALENDLY_TOKEN");
  }

  @Test
  void aTokenWithAStrayNewlineInsideIsRefusedWithoutBeingPrinted() {
    assertThat(cli(Map.of("CALENDLY_TOKEN", "secret-part-one\nsecret-part-two"), "").execute()).isEqualTo(2);
    assertThat(err()).contains("CALENDLY_TOKEN is not usable").doesNotContain("secret-part");
  }

  @Test
  void anUnknownToolsetExitsWith2NamingTheValidOnes() {
    assertThat(cli(Map.of("CALENDLY_TOKEN", "pat-0123456789"), "").execute("--toolsets", "scheduling,calendar"))
        .isEqualTo(2);
    assertThat(err()).contains("unknown toolset 'calendar'", "webhooks");
  }

  @Test
  void aBadApiUrlExitsWith2NamingTheVariable() {
    assertThat(cli(Map.of("CALENDLY_TOKEN", "pat-0123456789", "CALENDLY_API_BASE_URL", "ftp://x"), "").execute())
        .isEqualTo(2);
    assertThat(err()).contains("CALENDLY_API_BASE_URL");
  }

  @Test
  @Timeout(30)
  void autoApproveWithoutTheSandboxExitsWith2BecauseItWouldSkipEveryRealUsersConsent() {
    assertThat(cli(Map.of("CALENDLY_CLIENT_ID", "calendly-app"), "").execute("http", "--auto-approve", "--port", "0"))
        .isEqualTo(2);
    assertThat(err()).contains("--auto-approve", "only for the sandbox");
  }

  @Test
  @Timeout(30)
  void anInvalidTrustedProxyExitsWith2NamingTheValue() {
    for (String bad : new String[] {"proxy.internal", "10.0.0.0/33", "10.0.0.1/8", "2001:db8::/x"}) {
      err.reset();
      assertThat(cli(Map.of("CALENDLY_CLIENT_ID", "calendly-app"), "")
          .execute("http", "--port", "0", "--trusted-proxy", "10.0.0.0/8", "--trusted-proxy", bad))
          .as(bad).isEqualTo(2);
      assertThat(err()).as(bad).contains("--trusted-proxy", "'" + bad + "'");
      assertThat(out.size()).isZero();
    }
  }

  @Test
  @Timeout(30)
  void aShortMetricsTokenExitsWith2WithoutPrintingIt() {
    assertThat(cli(Map.of("CALENDLY_CLIENT_ID", "calendly-app", "CALENDLY_MCP_METRICS_TOKEN", "hunter2"), "")
        .execute("http", "--port", "0")).isEqualTo(2);
    assertThat(err()).contains("CALENDLY_MCP_METRICS_TOKEN", "at least 16").doesNotContain("hunter2");
  }

  @Test
  @Timeout(30)
  void aManagementPortEqualToThePortOrANegativeRetentionExitsWith2() {
    assertThat(cli(Map.of("CALENDLY_CLIENT_ID", "calendly-app"), "")
        .execute("http", "--port", "8123", "--management-port", "8123")).isEqualTo(2);
    assertThat(err()).contains("--management-port must differ from --port");

    err.reset();
    assertThat(cli(Map.of(), "").execute("http", "--sandbox", "--port", "0", "--grant-retention", "-1")).isEqualTo(2);
    assertThat(err()).contains("--grant-retention");
  }

  @Test
  void withoutACommandItServesStdioUntilInputEnds() {
    String session =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
            + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n";

    int exit = cli(Map.of("CALENDLY_TOKEN", "pat-0123456789"), session).execute("--read-only");

    assertThat(exit).isZero();
    String answers = out.toString(StandardCharsets.UTF_8);
    assertThat(answers).contains("\"id\":1,\"result\":{\"protocolVersion\":\"2025-11-25\"", "\"name\":\"whoami\"");
    assertThat(answers.lines()).hasSize(2);
  }

  @Test
  void toolsSchemaWritesTheCheckedInFolder(@TempDir Path folder) throws IOException {
    StringWriter text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));

    int exit = cli.execute("tools-schema", "--write", folder.toString());

    assertThat(exit).isZero();
    assertThat(text.toString()).startsWith("Wrote ");
    assertThat(read(folder)).isEqualTo(read(Path.of("tools-schema")));
  }

  @Test
  void toolsSchemaRemovesFilesOfToolsThatNoLongerExist(@TempDir Path folder) throws IOException {
    Files.writeString(folder.resolve("renamed_tool.json"), "{}");

    assertThat(Main.commandLine().execute("tools-schema", "--write", folder.toString())).isZero();

    assertThat(folder.resolve("renamed_tool.json")).doesNotExist();
  }

  @Test
  void helpListsTheCommandsAndServerOptions() {
    StringWriter text = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));

    assertThat(cli.execute("--help")).isZero();
    assertThat(text.toString()).contains("stdio", "tools-schema", "--toolsets", "--read-only", "--tool-timeout");
  }

  private static Map<String, String> read(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path file : entries) {
        files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return files;
  }

  @Test
  void demoDrivesAChildServerThroughTheWholeSchedulingConversation() {
    StringWriter text = new StringWriter();
    StringWriter errors = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(text));
    cli.setErr(new PrintWriter(errors));

    int exit = cli.execute("demo");

    assertThat(exit).as(errors.toString()).isZero();
    assertThat(text.toString())
        .contains("$ java -cp <class path> dev.calendlymcp.cli.Main --sandbox")
        .contains("Connected to calendly-mcp", "(MCP 2025-11-25)")
        .containsSubsequence(
            "[1/6] whoami {}", "You act as",
            "[2/6] list_event_types {\"active\":true}", "event types",
            "[3/6] find_available_times {\"event_type\":\"http://127.0.0.1:", "open times",
            "[4/6] book_meeting {", "\"invitee_email\":\"robin.demo@example.org\"", "Booked ",
            "[5/6] reschedule_meeting {\"event\":\"http://127.0.0.1:", "Rescheduled:",
            "[6/6] cancel_event {", "Canceled ",
            "Done: 6 tool calls")
        .doesNotContain("sbx_pat_", "Exception");
    assertThat(errors.toString()).isEmpty();
  }
}
