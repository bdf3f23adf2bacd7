package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.Toolset;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The checked-in {@code tools-schema/} folder: one JSON file per tool, exactly as {@code
 * tools/list} describes it, and a README listing the tools by toolset. Rendering is shared by the
 * {@code tools-schema} command (which writes the files) and the snapshot test (which renders what
 * a real client received and compares), so a schema change shows up in review as a diff.
 */
public final class ToolSchemaFiles {

  public static final String README = "README.md";

  private final JsonMapper mapper = new McpJson().mapper();

  /** Every file of the folder for {@code catalog}, by file name. */
  public Map<String, String> render(ToolCatalog catalog) {
    Map<String, String> files = new LinkedHashMap<>();
    for (ToolDefinition tool : catalog.tools()) {
      files.put(fileName(tool.name()), toolJson(CalendlyMcpServer.describe(tool)));
    }
    files.put(README, readme(catalog));
    return files;
  }

  public static String fileName(String toolName) {
    return toolName + ".json";
  }

  /** One tool as its file holds it: the fields of {@code tools/list}, in a fixed order. */
  public String toolJson(McpSchema.Tool tool) {
    ObjectNode node = mapper.createObjectNode();
    node.put("name", tool.name());
    node.put("title", tool.title());
    node.put("description", tool.description());
    ObjectNode annotations = node.putObject("annotations");
    McpSchema.ToolAnnotations hints = tool.annotations();
    if (hints != null) {
      putIfSet(annotations, "readOnlyHint", hints.readOnlyHint());
      putIfSet(annotations, "destructiveHint", hints.destructiveHint());
      putIfSet(annotations, "idempotentHint", hints.idempotentHint());
      putIfSet(annotations, "openWorldHint", hints.openWorldHint());
    }
    node.set("inputSchema", mapper.valueToTree(tool.inputSchema()));
    node.set("outputSchema", mapper.valueToTree(tool.outputSchema()));
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node).replace("\r\n", "\n") + "\n";
  }

  private static void putIfSet(ObjectNode node, String name, Boolean value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  /** The folder's README: every toolset with its tools, one line each. */
  public String readme(ToolCatalog catalog) {
    StringBuilder out = new StringBuilder()
        .append("# Tool schemas\n\n")
        .append("One JSON file per MCP tool, as `tools/list` describes it: name, title, description,")
        .append(" annotations, input and output schema.\n\n")
        .append("Generated from the tool catalog by")
        .append(" `java -jar target/calendly-mcp.jar tools-schema --write tools-schema/`; do not edit by hand.")
        .append(" `ToolSchemaSnapshotTest` fails when these files differ from what a client receives; run it")
        .append(" with `UPDATE_TOOLSNAPS=1` to rewrite them after an intended change.\n\n")
        .append("Enable toolsets with `--toolsets` (default: `")
        .append(String.join(",", Toolset.defaults().stream().map(Toolset::wireName).toList()))
        .append("`; `all` for every one); `--read-only` keeps only the read-only tools.\n");
    for (Toolset toolset : Toolset.values()) {
      out.append("\n## ").append(toolset.wireName()).append(toolset.enabledByDefault() ? " (default)" : "")
          .append("\n\n").append(toolset.summary()).append(".\n\n");
      List<ToolDefinition> tools =
          catalog.tools().stream().filter(tool -> tool.toolset() == toolset).toList();
      if (tools.isEmpty()) {
        out.append("No tools yet.\n");
      }
      for (ToolDefinition tool : tools) {
        out.append("- [`").append(tool.name()).append("`](").append(fileName(tool.name())).append(") — ")
            .append(tool.title())
            .append(tool.hints().readOnly() ? " (read-only)" : tool.hints().destructive() ? " (destructive)" : "")
            .append(": ").append(ToolDefinition.firstSentence(tool.description())).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Replaces the folder's content with {@code files}: tool files that no longer exist are removed,
   * so a renamed tool does not leave its old schema behind.
   */
  public void write(Path directory, Map<String, String> files) throws IOException {
    Files.createDirectories(directory);
    try (DirectoryStream<Path> existing = Files.newDirectoryStream(directory, "*.json")) {
      for (Path file : existing) {
        if (!files.containsKey(file.getFileName().toString())) {
          Files.delete(file);
        }
      }
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(directory.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
  }


}
