package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checked-in {@code tools-schema/} folder against what a real MCP client receives from {@code
 * tools/list} with every toolset on. A schema change must show up there, in review: run with
 * {@code UPDATE_TOOLSNAPS=1} to rewrite the files on purpose.
 */
class ToolSchemaSnapshotTest {

  static final Path FOLDER = Path.of("tools-schema");
  private static final String HOW_TO_UPDATE =
      "tools-schema/ differs from tools/list; if the change is intended, run"
          + " UPDATE_TOOLSNAPS=1 mvn test -Dtest=ToolSchemaSnapshotTest and commit the files";

  private final ToolSchemaFiles files = new ToolSchemaFiles();

  @Test
  void theToolsSchemaFolderMatchesToolsListExactly() throws IOException {
    ToolCatalog catalog = ToolCatalog.build(ToolOptions.everything());
    LazyCalendlyAccess access = new LazyCalendlyAccess(
        () -> {
          throw new AssertionError("listing tools must not connect to Calendly");
        },
        ClientOptions::direct,
        "unused");
    Map<String, String> expected = new LinkedHashMap<>();
    try (InProcessServer server = new InProcessServer(
        new ServerSettings(catalog, "snapshot", Duration.ofSeconds(5), Clock.systemUTC()), access)) {
      McpAsyncClient client = server.client();
      for (McpSchema.Tool tool : client.listTools().block(Duration.ofSeconds(5)).tools()) {
        expected.put(ToolSchemaFiles.fileName(tool.name()), files.toolJson(tool));
      }
    }
    expected.put(ToolSchemaFiles.README, files.readme(catalog));

    if ("1".equals(System.getenv("UPDATE_TOOLSNAPS"))) {
      files.write(FOLDER, expected);
      return;
    }

    Map<String, String> actual = read(FOLDER);
    assertThat(actual.keySet()).as(HOW_TO_UPDATE).containsExactlyInAnyOrderElementsOf(expected.keySet());
    expected.forEach((name, content) -> assertThat(actual.get(name)).as(name + ": " + HOW_TO_UPDATE).isEqualTo(content));
  }

  @Test
  void everyToolsetIsDocumentedEvenBeforeItHasTools() {
    String readme = files.readme(ToolCatalog.build(ToolOptions.everything()));

    assertThat(readme).contains("## scheduling (default)", "## compliance", "[`whoami`](whoami.json)");
  }

  static Map<String, String> read(Path folder) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, "{*.json," + ToolSchemaFiles.README + "}")) {
      for (Path file : entries) {
        out.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
