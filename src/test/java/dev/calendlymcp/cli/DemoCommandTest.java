package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How the demo fails, how it finds the server to start, and how it lays out results. */
class DemoCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int demo(Supplier<List<String>> serverCommand) {
    CommandLine cli = new CommandLine(new DemoCommand(serverCommand));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute();
  }

  @Test
  void aStepTheServerRefusesEndsTheDemoWithExit1NamingTheStepAndTheReason() {
    int exit = demo(() -> ServerLaunch.thisServer(List.of("--sandbox", "--read-only")));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).contains("[3/6] find_available_times", "[4/6] book_meeting").doesNotContain("[5/6]", "Done");
    assertThat(err.toString())
        .startsWith("calendly-mcp demo failed: step 4 of 6: book_meeting was refused by the server")
        .contains("--read-only");
  }

  @Test
  void overHttpTheAgentSignsInWithOAuthRunsTheConversationAndSignsOutWithoutPrintingATokenOrCode() {
    CommandLine cli = new CommandLine(new DemoCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int exit = cli.execute("--http");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("[OAuth 1/7] POST /mcp without a token", "401 Unauthorized", "[OAuth 4/7] POST /register",
            "[OAuth 6/7] POST /token", "[6/6] cancel_event", "[OAuth 7/7] POST /revoke",
            "the same token on /mcp now gets 401", "Done: the agent signed in with OAuth")
        .doesNotContainPattern("[A-Za-z0-9_-]{40,}")
        .doesNotContain("code=", "code_verifier", "eyJ");
  }

  @Test
  void aServerThatCannotBeStartedEndsTheDemoWithExit1SayingSo(@TempDir Path folder) {
    String missing = folder.resolve("no-such-java").toString();

    int exit = demo(() -> List.of(missing, "-jar", "calendly-mcp.jar", "--sandbox"));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("calendly-mcp demo failed: cannot start the server: " + missing + " is not an executable file"
            + System.lineSeparator());
    assertThat(out.toString()).doesNotContain("[1/6]");
  }

  @Test
  void fromAJarTheServerIsStartedWithJavaDashJarOnThatJar(@TempDir Path folder) throws IOException {
    Path jar = Files.createFile(folder.resolve("calendly-mcp.jar"));

    List<String> command = ServerLaunch.command(Path.of("/jdk/bin/java"), Optional.of(jar), "ignored", List.of("--sandbox"));

    assertThat(command).containsExactly(Path.of("/jdk/bin/java").toString(), "-jar", jar.toString(), "--sandbox");
  }

  @Test
  void fromClassFoldersTheServerIsStartedOnTheSameClassPath(@TempDir Path classes) {
    List<String> command = ServerLaunch.command(Path.of("java"), Optional.of(classes), "a.jar:b", List.of("--sandbox"));
    List<String> unknown = ServerLaunch.command(Path.of("java"), Optional.empty(), "a.jar:b", List.of());

    assertThat(command).containsExactly("java", "-cp", "a.jar:b", "dev.calendlymcp.cli.Main", "--sandbox");
    assertThat(unknown).containsExactly("java", "-cp", "a.jar:b", "dev.calendlymcp.cli.Main");
  }

  @Test
  void inTestsTheDemoStartsTheServerFromTheTestClassPath() {
    List<String> command = ServerLaunch.thisServer(List.of("--sandbox"));

    assertThat(command.get(0)).endsWith("java");
    assertThat(command.subList(1, command.size()))
        .containsExactly("-cp", System.getProperty("java.class.path"), Main.class.getName(), "--sandbox");
  }

  @Test
  void longResultLinesWrapAtSpacesUnderTheirCallAndAnUnbreakableUriStaysWhole() {
    String uri = "http://127.0.0.1:1/scheduled_events/" + "a".repeat(90);
    String words = "word ".repeat(40).strip();

    String shown = DemoConversation.trimmed("Short line.\n" + words + "\nMeeting: " + uri + " booked.");

    String twentyWords = "word ".repeat(20).strip();
    String nineteenWords = "word ".repeat(19).strip();
    assertThat(shown.lines()).containsExactly(
        "      Short line.",
        "      " + twentyWords,
        "        " + nineteenWords,
        "        word",
        "      Meeting:",
        "        " + uri,
        "        booked.");
  }

  @Test
  void aLongListingIsCutAfterAScreenfulSayingHowMuchIsLeft() {
    StringBuilder listing = new StringBuilder();
    for (int i = 1; i <= 30; i++) {
      listing.append("- item ").append(i).append('\n');
    }

    List<String> lines = DemoConversation.trimmed(listing.toString()).lines().toList();

    assertThat(lines).hasSize(15).contains("      - item 14").doesNotContain("      - item 15");
    assertThat(lines.get(14)).isEqualTo("      … 16 more lines");
  }
}
