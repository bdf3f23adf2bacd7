package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Claude Desktop extension and the MCP Registry entry, generated as the release workflow does
 * and checked against what their specifications require (MCPB manifest 0.3; the registry's
 * server.json with its official-registry rules), and against the code: the manifest lists the
 * default tools, and every file and setting it names exists.
 */
class BundleCommandTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

  @TempDir Path dir;

  private int bundle(String... args) {
    Console console = new Console(Map.of(), new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    return new CommandLine(new BundleCommand(console)).execute(args);
  }

  @Test
  void theExtensionAndItsRegistryEntryAreCompleteAndAgreeWithEachOther() throws IOException {
    Path jar = Files.writeString(dir.resolve("calendly-mcp.jar"), "the jar");
    Path mcpb = dir.resolve("calendly-mcp-1.2.3.mcpb");
    Path serverJson = dir.resolve("server.json");
    assertThat(bundle("--release-version", "1.2.3", "--jar", jar.toString(), "--launchers", "bin", "--out", mcpb.toString(),
        "--server-json", serverJson.toString(), "--repository", "https://github.com/acme/calendly-mcp")).isZero();

    List<String> entries = new ArrayList<>();
    JsonNode manifest;
    try (ZipFile zip = new ZipFile(mcpb.toFile())) {
      zip.stream().map(ZipEntry::getName).forEach(entries::add);
      manifest = JSON.readTree(zip.getInputStream(zip.getEntry("manifest.json")));
      assertThat(new String(zip.getInputStream(zip.getEntry("server/calendly-mcp")).readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(Path.of("bin/calendly-mcp")));
    }
    assertThat(entries).containsExactlyInAnyOrder("manifest.json", "server/calendly-mcp.jar", "server/calendly-mcp",
        "server/calendly-mcp.cmd");

    // MCPB 0.3: the required fields and their shapes.
    assertThat(manifest.path("manifest_version").asString()).isEqualTo("0.3");
    assertThat(manifest.path("name").asString()).matches("[a-z0-9-]+");
    assertThat(manifest.path("version").asString()).isEqualTo("1.2.3").matches(SEMVER);
    assertThat(manifest.path("description").asString()).isNotBlank();
    assertThat(manifest.path("author").path("name").asString()).isNotBlank();
    JsonNode server = manifest.path("server");
    assertThat(server.path("type").asString()).isIn("node", "python", "binary", "uv");
    assertThat(entries).contains(server.path("entry_point").asString());
    assertThat(manifest.path("compatibility").path("platforms").toString()).contains("darwin", "linux", "win32");

    // Every variable the launch configuration uses is one the client defines or the manifest asks for,
    // and every file it names is in the bundle.
    JsonNode config = server.path("mcp_config");
    List<JsonNode> launches = List.of(config, config.path("platform_overrides").path("win32"));
    for (JsonNode launch : launches) {
      assertThat(launch.path("command").asString()).isNotBlank();
      List<String> values = new ArrayList<>();
      launch.path("args").forEach(a -> values.add(a.asString()));
      config.path("env").forEach(v -> values.add(v.asString()));
      for (String value : values) {
        Matcher variable = VARIABLE.matcher(value);
        while (variable.find()) {
          String name = variable.group(1);
          if (name.startsWith("user_config.")) {
            assertThat(manifest.path("user_config").has(name.substring("user_config.".length()))).as(name).isTrue();
          } else {
            assertThat(name).isIn("__dirname", "/", "pathSeparator", "HOME");
          }
        }
        if (value.startsWith("${__dirname}")) {
          assertThat(entries).contains(value.replace("${__dirname}", "").replace("${/}", "/").substring(1));
        }
      }
    }
    assertThat(config.path("env").path("CALENDLY_TOKEN").asString()).isEqualTo("${user_config.calendly_token}");
    assertThat(manifest.path("user_config").path("calendly_token").path("sensitive").asBoolean()).isTrue();
    manifest.path("user_config").properties().forEach(option -> {
      assertThat(option.getValue().path("type").asString()).isIn("string", "number", "boolean", "directory", "file");
      assertThat(option.getValue().path("title").asString()).isNotBlank();
      assertThat(option.getValue().path("description").asString()).isNotBlank();
    });

    // The tools are the default toolset's, as the server lists them.
    List<String> tools = new ArrayList<>();
    manifest.path("tools").forEach(tool -> tools.add(tool.path("name").asString()));
    assertThat(tools).containsExactlyElementsOf(
        ToolCatalog.build(ToolOptions.defaults()).tools().stream().map(ToolDefinition::name).toList());

    // server.json: what the official registry checks.
    JsonNode registry = JSON.readTree(serverJson.toFile());
    assertThat(registry.path("$schema").asString()).startsWith("https://static.modelcontextprotocol.io/schemas/");
    assertThat(registry.path("name").asString()).isEqualTo("io.github.acme/calendly-mcp")
        .matches("[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+");
    assertThat(registry.path("description").asString()).hasSizeBetween(1, 100);
    assertThat(registry.path("version").asString()).isEqualTo(manifest.path("version").asString());
    assertThat(registry.path("repository").path("url").asString()).isEqualTo("https://github.com/acme/calendly-mcp");
    JsonNode pkg = registry.path("packages").get(0);
    assertThat(pkg.path("registryType").asString()).isEqualTo("mcpb");
    assertThat(pkg.path("identifier").asString())
        .isEqualTo("https://github.com/acme/calendly-mcp/releases/download/v1.2.3/calendly-mcp-1.2.3.mcpb");
    assertThat(pkg.path("fileSha256").asString()).isEqualTo(BundleCommand.sha256(mcpb)).matches("[0-9a-f]{64}");
    assertThat(pkg.path("transport").path("type").asString()).isEqualTo("stdio");
    assertThat(pkg.path("environmentVariables").get(0).path("isSecret").asBoolean()).isTrue();
  }

  @Test
  void aRegistryEntryNeedsAGitHubRepository() throws IOException {
    Path jar = Files.writeString(dir.resolve("calendly-mcp.jar"), "the jar");
    assertThat(bundle("--jar", jar.toString(), "--launchers", "bin", "--out", dir.resolve("x.mcpb").toString(),
        "--server-json", dir.resolve("server.json").toString(), "--repository", "https://gitlab.com/a/b")).isEqualTo(2);
    assertThat(dir.resolve("server.json")).doesNotExist();
  }
}
