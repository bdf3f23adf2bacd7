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
 * and a flag from a URL before the first call. The default toolset is the one exception, held to
 * what it leaves untyped today: typing its {@value #UNTYPED_IN_DEFAULT_AT_MOST} bare properties
 * would cost about 2.1 KB (2.6 KB with the nulls Calendly may send), which its 12 KB budget does
 * not have; nothing new may join them.
 */
class OutputSchemaTypesTest {

  static final int UNTYPED_IN_DEFAULT_AT_MOST = 147;

  @Test
  void everyOutputPropertyOutsideTheDefaultToolsetHasAType() {
    List<String> untyped = new ArrayList<>();
    for (ToolDefinition tool : ToolCatalog.build(ToolOptions.everything()).tools()) {
      if (tool.toolset() != Toolset.SCHEDULING) {
        untyped.addAll(untyped(tool.name(), tool.outputSchema()));
      }
    }

    assertThat(untyped).isEmpty();
  }

  @Test
  void theDefaultToolsetLeavesNoMorePropertiesUntypedThanItDidWhenTheRuleCameIn() {
    List<String> untyped = new ArrayList<>();
    int properties = 0;
    for (ToolDefinition tool : ToolCatalog.build(ToolOptions.defaults()).tools()) {
      untyped.addAll(untyped(tool.name(), tool.outputSchema()));
      properties += count(tool.outputSchema());
    }
    int all = ToolCatalog.build(ToolOptions.everything()).tools().stream().mapToInt(t -> count(t.outputSchema())).sum();
    System.err.println("output-schema properties: default " + untyped.size() + " of " + properties
        + " untyped; all " + untyped.size() + " of " + all + " untyped");
    for (Toolset toolset : Toolset.values()) {
      System.err.println("tools/list bytes, " + toolset.wireName() + " alone: " + size(new ToolOptions(EnumSet.of(toolset), false)));
    }

    assertThat(untyped).hasSizeLessThanOrEqualTo(UNTYPED_IN_DEFAULT_AT_MOST);
  }

  @Test
  void anUntypedPropertyIsFoundAtAnyDepth() {
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
        "typed", Map.of("type", "string"),
        "list", Map.of("type", "array", "items", Map.of("type", "object", "properties", Map.of("bare", Map.of()))),
        "shape", Map.of("properties", Map.of("inner", Map.of()))));

    assertThat(untyped("t", schema)).containsExactly("t.list[].bare", "t.shape", "t.shape.inner");
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
