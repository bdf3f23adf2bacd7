package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/configuration.md is generated here: every command's help as picocli prints it, and the
 * environment variables, from the table below, which a scan of the code keeps complete (a
 * variable read anywhere, launcher and container included, and missing here fails the test).
 * {@code UPDATE_DOCS=1 mvn -B -q -o test -Dtest=ConfigurationReferenceTest} rewrites the page.
 */
class ConfigurationReferenceTest {

  private static final Path PAGE = Path.of("docs/configuration.md");

  /** name, default, read by, meaning. */
  private record Variable(String name, String fallback, String readBy, String meaning) {}

  private static final List<Variable> VARIABLES = List.of(
      new Variable("CALENDLY_TOKEN", "—", "stdio, `http --auth none`, doctor",
          "Calendly personal access token to act with; wins over a stored login. Not needed after `login`."),
      new Variable("CALENDLY_API_BASE_URL", "`https://api.calendly.com`", "every command that calls Calendly",
          "Calendly REST API root (point it at a sandbox to test); overrides a stored login's."),
      new Variable("CALENDLY_AUTH_BASE_URL", "`https://auth.calendly.com`", "http, login, logout",
          "Calendly's OAuth server root."),
      new Variable("CALENDLY_HTTP2", "`false`", "every command that calls Calendly",
          "Offer HTTP/2 to Calendly (falls back to HTTP/1.1)."),
      new Variable("CALENDLY_CONNECT_TIMEOUT_MS", "`5000`", "every command that calls Calendly", "TCP/TLS connect timeout."),
      new Variable("CALENDLY_RESPONSE_TIMEOUT_MS", "`20000`", "every command that calls Calendly",
          "Time allowed for a whole response."),
      new Variable("CALENDLY_CACHE", "`on`", "stdio, http",
          "`off` re-reads everything from Calendly (identical reads in flight are still shared)."),
      new Variable("CALENDLY_MCP_LOG_LEVEL", "`INFO`", "every command", "Log level; logs go to stderr only."),
      new Variable("CALENDLY_CLIENT_ID", "—", "`http --auth oauth`, login",
          "Your Calendly OAuth app: the server's (http), or the one `login` signs in with (then OAuth with PKCE"
              + " instead of a personal access token)."),
      new Variable("CALENDLY_CLIENT_SECRET", "—", "`http --auth oauth`, login",
          "That app's secret; leave it out for a public (PKCE-only) app."),
      new Variable("CALENDLY_MCP_MASTER_KEY", "`master.key` in the data directory", "http, login, stdio, logout",
          "Base64 of 32 bytes that encrypts stored Calendly tokens, keys and the login."),
      new Variable("CALENDLY_WEBHOOK_SIGNING_KEY", "—", "http",
          "Signing key of the Calendly webhook subscription that posts to `<public-url>/webhooks/calendly`;"
              + " turns that endpoint on (see docs/webhooks.md). `--webhook-signing-key-file` wins over it."),
      new Variable("CALENDLY_MCP_METRICS_TOKEN", "—", "http",
          "Bearer token `/metrics` requires (at least 16 characters); without it and without `--management-port`,"
              + " `/metrics` is served only by a server reachable from this machine alone."),
      new Variable("CALENDLY_MCP_DATA_DIR", "`$XDG_DATA_HOME/calendly-mcp` or `~/.local/share/calendly-mcp`;"
          + " `/data` in the container", "login, logout, stdio, doctor, config; the container",
          "Where `login` keeps the login (`login.json`, 0600) and its key; the container's `--data-dir`."),
      new Variable("CALENDLY_MCP_CACHE_DIR", "`$XDG_CACHE_HOME/calendly-mcp`, `~/.cache/calendly-mcp`,"
          + " `~/Library/Caches/calendly-mcp` (macOS), `%LOCALAPPDATA%\\calendly-mcp\\cache` (Windows)",
          "launcher, doctor", "Where the launcher keeps start-up archives."),
      new Variable("CALENDLY_MCP_ARCHIVE", "`on`", "launcher, doctor", "`off`: start without a start-up archive."),
      new Variable("CALENDLY_MCP_JAVA_OPTS", "—", "launcher", "More JVM options, after the launcher's own."),
      new Variable("CALENDLY_MCP_JAR", "the jar beside the launcher, in `../lib/` or `../target/`", "launcher",
          "The jar to start."),
      new Variable("JAVA_HOME", "`java` on `PATH`, then the usual install folders", "launcher",
          "The JDK (17+) to start the server with."),
      new Variable("CALENDLY_MCP_PUBLIC_URL", "— (required)", "the container",
          "The URL clients reach the server at (its `--public-url`), e.g. `https://mcp.example.com`."),
      new Variable("PORT", "`8080`", "the container", "The port the server listens on."),
      new Variable("JAVA_OPTS", "—", "the container", "More JVM options."),
      new Variable("CALENDLY_MCP_HOME", "`/opt/calendly-mcp`", "the container", "Where the jar and its AOT cache are."),
      new Variable("CODEX_HOME", "`~/.codex`", "config, doctor", "Codex's folder (its `config.toml`)."),
      new Variable("XDG_CONFIG_HOME", "`~/.config`", "config, doctor (Linux)",
          "Where Claude Desktop's and VS Code's configurations are looked for."));

  static String render() {
    StringBuilder page = new StringBuilder();
    page.append("# Configuration reference\n\n");
    page.append("Generated from the code by `ConfigurationReferenceTest` (`UPDATE_DOCS=1 ./mvnw -B -q test"
        + " -Dtest=ConfigurationReferenceTest` rewrites it); do not edit by hand. How to use it:"
        + " [getting-started.md](getting-started.md), [deployment.md](deployment.md).\n\n");
    page.append("## Environment variables\n\n");
    page.append("| variable | default | read by | meaning |\n|---|---|---|---|\n");
    for (Variable variable : VARIABLES) {
      page.append("| `").append(variable.name()).append("` | ").append(variable.fallback()).append(" | ")
          .append(variable.readBy()).append(" | ").append(variable.meaning()).append(" |\n");
    }
    page.append("\nTokens and secrets go in the environment or the encrypted login, never on a command line.\n");
    page.append("\n## Commands\n\n`calendly-mcp` is the jar (`java -jar calendly-mcp.jar`) or the launcher"
        + " (`bin/calendly-mcp`), which takes the same arguments. Without a command it serves MCP over stdio.\n");
    CommandLine cli = Main.commandLine();
    cli.setUsageHelpWidth(100);
    page.append("\n### calendly-mcp\n\n```\n").append(cli.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
        .append("\n```\n");
    cli.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name)) {
        page.append("\n### calendly-mcp ").append(name).append("\n\n```\n")
            .append(sub.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing()).append("\n```\n");
      }
    });
    return page.toString();
  }

  @Test
  void theConfigurationReferenceIsWhatTheCodeSays() throws IOException {
    String rendered = render();
    if ("1".equals(System.getenv("UPDATE_DOCS"))) {
      Files.writeString(PAGE, rendered);
    }
    assertThat(Files.readString(PAGE)).as("docs/configuration.md is stale: run with UPDATE_DOCS=1").isEqualTo(rendered);
  }

  @Test
  void everyCalendlyVariableTheCodeReadsIsDocumented() throws IOException {
    Pattern literal = Pattern.compile("\"(CALENDLY_[A-Z0-9_]+)\"");
    Pattern word = Pattern.compile("\\b(CALENDLY_[A-Z0-9_]+)\\b");
    Set<String> read = new TreeSet<>();
    try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
      java.filter(p -> p.toString().endsWith(".java")).map(ConfigurationReferenceTest::read)
          .forEach(text -> collect(literal.matcher(text), read));
    }
    for (String script : List.of("bin/calendly-mcp", "bin/calendly-mcp.cmd", "docker/entrypoint.sh", "Dockerfile")) {
      collect(word.matcher(read(Path.of(script))), read);
    }
    Set<String> documented = VARIABLES.stream().map(Variable::name).filter(n -> n.startsWith("CALENDLY_"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).containsAll(read);
    assertThat(read).as("documented but read nowhere").containsAll(documented);
  }

  private static void collect(Matcher matcher, Set<String> into) {
    while (matcher.find()) {
      into.add(matcher.group(1));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
