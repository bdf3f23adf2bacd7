package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void versionPrintsTheBuildVersion() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("--version");

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("calendly-mcp ").doesNotContain("unknown");
  }

  @Test
  void anUnknownSubcommandFailsWithUsage() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("nonsense");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument", "nonsense");
  }

  @Test
  void demoRunsTheWholeSchedulingSessionOnTheSandbox() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));

    int exit = cli.execute("demo");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("whoami", "event type", "find times", "book", "reschedule", "cancel")
        .contains("0 active meetings left")
        .doesNotContain("sbx_pat_");
  }
}
