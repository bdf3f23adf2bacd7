package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.AccessToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.toml.TomlMapper;

class ConfigCommandTest {

  private static final String LAUNCHER = "/opt/calendly-mcp/bin/calendly-mcp";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TomlMapper TOML = TomlMapper.builder().build();

  @TempDir Path home;
  private Path data;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void signIn() {
    data = home.resolve("data");
    LoginStore.in(data, Map.of()).save(new StoredLogin(StoredLogin.Kind.PERSONAL_ACCESS_TOKEN,
        URI.create("https://api.calendly.com"), URI.create("https://auth.calendly.com"),
        AccessToken.of("pat-config-test-0123456789"), Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(), "https://api.calendly.com/users/AAAA", "ada@example.com"));
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("CALENDLY_MCP_DATA_DIR", data.toString());
    Console console = new Console(env, new ByteArrayInputStream(new byte[0]), out,
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    // The command itself rather than Main's: its clock is fixed here, to name the backup predictably.
    List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
    rest.add(0, "--launcher=" + LAUNCHER);
    return new CommandLine(new ConfigCommand(console, clock)).execute(rest.toArray(String[]::new));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theSnippetStartsTheLauncherAndCarriesNoTokenWhenALoginIsStored() throws IOException {
    assertThat(run("config", "claude-desktop")).isZero();
    JsonNode server = JSON.readTree(out()).path("mcpServers").path("calendly");
    assertThat(server.path("command").asString()).isEqualTo(LAUNCHER);
    assertThat(server.path("args").isArray()).isTrue();
    assertThat(server.path("env").path("CALENDLY_MCP_DATA_DIR").asString()).isEqualTo(data.toString());
    assertThat(out()).doesNotContain("CALENDLY_TOKEN").doesNotContain("pat-config-test");
    assertThat(err()).contains(home.resolve(".config/Claude/claude_desktop_config.json").toString());
  }

  @Test
  void withoutALoginTheSnippetAsksForATokenAndInstallRefuses() throws IOException {
    Files.delete(data.resolve("login.json"));
    assertThat(run("config", "cursor")).isZero();
    assertThat(out()).contains("CALENDLY_TOKEN", "calendly-mcp login");

    assertThat(run("config", "cursor", "--install")).isEqualTo(2);
    assertThat(err()).contains("calendly-mcp login");
    assertThat(home.resolve(".cursor/mcp.json")).doesNotExist();

    assertThat(run("config", "cursor", "--install", "--sandbox")).isZero();
    JsonNode server = JSON.readTree(home.resolve(".cursor/mcp.json").toFile()).path("mcpServers").path("calendly");
    assertThat(server.path("args").get(0).asString()).isEqualTo("--sandbox");
    assertThat(server.has("env") && server.path("env").has("CALENDLY_TOKEN")).isFalse();
  }

  @Test
  void installMergesIntoAnExistingFileKeepsOtherServersAndBacksUpFirst() throws IOException {
    Path file = home.resolve(".config/Claude/claude_desktop_config.json");
    Files.createDirectories(file.getParent());
    String original = "{\n  \"globalShortcut\": \"Ctrl+Space\",\n  \"mcpServers\": {\n"
        + "    \"github\": {\"command\": \"docker\", \"args\": [\"run\", \"ghcr.io/github/github-mcp-server\"],"
        + " \"env\": {\"GITHUB_PERSONAL_ACCESS_TOKEN\": \"ghp_keep_me\"}}\n  }\n}\n";
    Files.writeString(file, original);

    assertThat(run("config", "claude-desktop", "--install", "--", "--toolsets", "all")).as(err()).isZero();
    JsonNode root = JSON.readTree(file.toFile());
    assertThat(root.path("globalShortcut").asString()).isEqualTo("Ctrl+Space");
    assertThat(root.path("mcpServers").path("github")).isEqualTo(JSON.readTree(original).path("mcpServers").path("github"));
    JsonNode ours = root.path("mcpServers").path("calendly");
    assertThat(ours.path("command").asString()).isEqualTo(LAUNCHER);
    assertThat(ours.path("args").toString()).isEqualTo("[\"--toolsets\",\"all\"]");
    Path backup = file.resolveSibling("claude_desktop_config.json.20261207-100000.bak");
    assertThat(backup).hasContent(original);
    assertThat(err()).contains("Restart Claude Desktop");

    // Installing the same again changes nothing and makes no second backup.
    clock = Clock.offset(clock, java.time.Duration.ofMinutes(1));
    String installed = Files.readString(file);
    assertThat(run("config", "claude-desktop", "--install", "--", "--toolsets", "all")).isZero();
    assertThat(err()).contains("already has");
    assertThat(file).hasContent(installed);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.filter(p -> p.toString().endsWith(".bak"))).hasSize(1);
    }
  }

  @Test
  void aFileThatDoesNotParseIsLeftUntouched() throws IOException {
    Path file = home.resolve(".cursor/mcp.json");
    Files.createDirectories(file.getParent());
    String broken = "{\n  // my servers\n  \"mcpServers\": {\"github\": {\"command\": \"gh\"},}\n}\n";
    Files.writeString(file, broken);

    assertThat(run("config", "cursor", "--install")).isEqualTo(1);
    assertThat(err()).contains("does not parse as JSON", "line 2", "left as it is");
    assertThat(file).hasContent(broken);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }

    Files.writeString(file, "{\"mcpServers\": {\"a\": 1}, \"mcpServers\": {}}");
    assertThat(run("config", "cursor", "--install")).as("duplicate keys").isEqualTo(1);
  }

  @Test
  void vsCodeGetsItsServersObjectWithTheTransportType() throws IOException {
    assertThat(run("config", "vscode", "--install")).isZero();
    JsonNode server = JSON.readTree(home.resolve(".config/Code/User/mcp.json").toFile()).path("servers").path("calendly");
    assertThat(server.path("type").asString()).isEqualTo("stdio");
    assertThat(server.path("command").asString()).isEqualTo(LAUNCHER);
  }

  @Test
  void windsurfAndClaudeCodeFilesAreWhereTheClientsReadThem() throws IOException {
    assertThat(run("config", "windsurf", "--install")).isZero();
    assertThat(JSON.readTree(home.resolve(".codeium/windsurf/mcp_config.json").toFile())
        .path("mcpServers").path("calendly").path("command").asString()).isEqualTo(LAUNCHER);

    Files.writeString(home.resolve(".claude.json"), "{\"numStartups\": 12, \"projects\": {\"/src\": {}}}");
    assertThat(run("config", "claude-code", "--install")).isZero();
    JsonNode root = JSON.readTree(home.resolve(".claude.json").toFile());
    assertThat(root.path("numStartups").asInt()).isEqualTo(12);
    assertThat(root.path("mcpServers").path("calendly").path("type").asString()).isEqualTo("stdio");
  }

  @Test
  void claudeCodeIsGivenItsOwnCommandLine() {
    assertThat(run("config", "claude-code", "--", "--read-only")).isZero();
    assertThat(out().strip()).isEqualTo("claude mcp add --scope user --transport stdio --env CALENDLY_MCP_DATA_DIR="
        + data + " calendly -- " + LAUNCHER + " --read-only");
  }

  @Test
  void codexTomlKeepsCommentsAndOtherServersAndIsReplacedInPlaceOnReinstall() throws IOException {
    Path file = home.resolve(".codex/config.toml");
    Files.createDirectories(file.getParent());
    String original = "# my Codex settings\nmodel = \"o3\"\n\n[mcp_servers.other]\ncommand = \"other-server\"\n"
        + "args = [\"--flag\"]\n";
    Files.writeString(file, original);

    assertThat(run("config", "codex", "--install")).as(err()).isZero();
    String installed = Files.readString(file);
    assertThat(installed).startsWith(original).contains("[mcp_servers.calendly]");
    JsonNode root = TOML.readTree(installed);
    assertThat(root.path("model").asString()).isEqualTo("o3");
    assertThat(root.path("mcp_servers").path("other").path("command").asString()).isEqualTo("other-server");
    assertThat(root.path("mcp_servers").path("calendly").path("command").asString()).isEqualTo(LAUNCHER);

    // A table after ours, then a reinstall with other arguments: ours is replaced where it is.
    Files.writeString(file, installed + "\n[profiles.fast]\nmodel = \"o4-mini\"\n");
    clock = Clock.offset(clock, java.time.Duration.ofMinutes(1));
    assertThat(run("config", "codex", "--install", "--", "--read-only")).as(err()).isZero();
    JsonNode again = TOML.readTree(file.toFile());
    assertThat(again.path("mcp_servers").path("calendly").path("args").toString()).isEqualTo("[\"--read-only\"]");
    assertThat(again.path("profiles").path("fast").path("model").asString()).isEqualTo("o4-mini");
    assertThat(again.path("mcp_servers").path("other").path("args").toString()).isEqualTo("[\"--flag\"]");
    assertThat(Files.readString(file)).startsWith("# my Codex settings\n");
  }

  @Test
  void codexTomlThatDoesNotParseIsLeftUntouched() throws IOException {
    Path file = home.resolve(".codex/config.toml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "model = = \"o3\"\n");
    assertThat(run("config", "codex", "--install")).isEqualTo(1);
    assertThat(err()).contains("does not parse as TOML");
    assertThat(file).hasContent("model = = \"o3\"\n");

    // Defined inline in [mcp_servers]: cannot be replaced without rewriting that table.
    String inline = "[mcp_servers]\ncalendly = { command = \"old\" }\n";
    Files.writeString(file, inline);
    assertThat(run("config", "codex", "--install")).isEqualTo(1);
    assertThat(err()).contains("replace it by hand");
    assertThat(file).hasContent(inline);
  }

  @Test
  void anUnknownClientExits2NamingTheKnownOnes() {
    assertThat(run("config", "zed")).isEqualTo(2);
    assertThat(err()).contains("claude-desktop, claude-code, cursor, vscode, windsurf, codex");
  }

  @Test
  void everyCommandHasHelpWithItsExitCodes() {
    for (String command : List.of("config", "login", "logout", "doctor", "bundle")) {
      java.io.StringWriter text = new java.io.StringWriter();
      CommandLine cli = Main.commandLine();
      cli.setOut(new java.io.PrintWriter(text));
      assertThat(cli.execute(command, "--help")).as(command).isZero();
      assertThat(text.toString()).as(command).contains("Usage: calendly-mcp " + command, "Exit codes:");
    }
  }
}
