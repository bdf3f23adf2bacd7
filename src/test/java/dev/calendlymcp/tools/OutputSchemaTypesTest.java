package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.server.CalendlyMcpServer;
import dev.calendlymcp.server.McpJson;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every property of an output schema states its type, so that a client knows a count from a name
 * and a flag from a URL before the first call; the default toolset included, whose bytes are found
 * elsewhere (ToolsListSizeTest).
 */
class OutputSchemaTypesTest {

  @Test
  void everyOutputPropertyOfEveryToolHasAType() {
    List<String> untyped = new ArrayList<>();
    int properties = 0;
    for (ToolDefinition tool : ToolCatalog.build(ToolOptions.everything()).tools()) {
      untyped.addAll(untyped(tool.name(), tool.outputSchema()));
      properties += count(tool.outputSchema());
    }
    System.err.println("output-schema properties: " + untyped.size() + " of " + properties + " untyped");
    for (Toolset toolset : Toolset.values()) {
      System.err.println("tools/list bytes, " + toolset.wireName() + " alone: " + size(new ToolOptions(EnumSet.of(toolset), false)));
    }

    assertThat(properties).isPositive();
    assertThat(untyped).isEmpty();
  }

  @Test
  void anUntypedPropertyIsFoundAtAnyDepth() {
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
        "typed", Map.of("type", "string"),
        "list", Map.of("type", "array", "items", Map.of("type", "object", "properties", Map.of("bare", Map.of()))),
        "shape", Map.of("properties", Map.of("inner", Map.of()))));

    assertThat(untyped("t", schema)).containsExactlyInAnyOrder("t.list[].bare", "t.shape", "t.shape.inner");
  }

  /** The paths of properties without a {@code type}, through nested objects, array items and {@code $defs}. */
  static List<String> untyped(String at, Map<String, Object> schema) {
    List<String> found = new ArrayList<>();
    walk(at, schema, found, new int[1]);
    return found;
  }

  private static int count(Map<String, Object> schema) {
    int[] count = new int[1];
    walk("", schema, new ArrayList<>(), count);
    return count[0];
  }

  @SuppressWarnings("unchecked") // schemas are JSON-shaped maps by construction
  private static void walk(String at, Map<String, Object> schema, List<String> untyped, int[] count) {
    if (schema.get("properties") instanceof Map<?, ?> properties) {
      properties.forEach((name, property) -> {
        Map<String, Object> child = (Map<String, Object>) property;
        count[0]++;
        if (!child.containsKey("type")) {
          untyped.add(at + "." + name);
        }
        walk(at + "." + name, child, untyped, count);
      });
    }
    if (schema.get("items") instanceof Map<?, ?> items) {
      walk(at + "[]", (Map<String, Object>) items, untyped, count);
    }
    if (schema.get("$defs") instanceof Map<?, ?> defs) {
      defs.forEach((name, def) -> walk(at + "#" + name, (Map<String, Object>) def, untyped, count));
    }
  }

  private static int size(ToolOptions options) {
    McpSchema.ListToolsResult result = McpSchema.ListToolsResult.builder(
        ToolCatalog.build(options).tools().stream().map(CalendlyMcpServer::describe).toList()).build();
    return new McpJson().mapper().writeValueAsString(result).getBytes(StandardCharsets.UTF_8).length;
  }
}
