package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class OutputNullsTest {

  private static final Map<String, Object> SCHEMA = Schema.object()
      .strings("name", "timezone")
      .field("note", Schema.string().nullable())
      .field("hosts", Schema.listOf(Schema.object().strings("name", "email")))
      .field("location", Schema.object().strings("join_url"))
      .toMap();

  @Test
  void aNullWhereTheSchemaTypesTheFieldWithoutNullIsLeftOutAtAnyDepth() {
    Map<String, Object> host = new HashMap<>();
    host.put("name", "Pat");
    host.put("email", null);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", "Ada");
    result.put("timezone", null);
    result.put("hosts", List.of(host));
    result.put("location", null);

    Map<String, Object> pruned = OutputNulls.prune(SCHEMA, new ToolResult(result, "text")).structured();

    assertThat(pruned).containsOnlyKeys("name", "hosts");
    assertThat(pruned.get("hosts")).isEqualTo(List.of(Map.of("name", "Pat")));
    assertThat(new SchemaValidator().validate(SCHEMA, pruned, "result")).isEmpty();
    assertThat(new SchemaValidator().validate(SCHEMA, result, "result")).as("the nulls would not match").isNotEmpty();
  }

  @Test
  void aNullTheSchemaAllowsOrDoesNotDeclareStays() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("note", null);
    result.put("extra", null);

    assertThat(OutputNulls.prune(SCHEMA, new ToolResult(result, "text")).structured())
        .containsEntry("note", null)
        .containsEntry("extra", null);
  }

  @Test
  void everyToolsHandlerLeavesThemOut() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", "Ada");
    result.put("timezone", null);
    ToolDefinition tool = ToolDefinition.builder("show_thing")
        .title("Show thing")
        .description("Show the thing.")
        .toolset(Toolset.USERS)
        .hints(ToolHints.read())
        .output(Schema.object().strings("name", "timezone"))
        .handler((arguments, context) -> Mono.just(new ToolResult(result, "Ada.")))
        .build();

    assertThat(tool.handler().handle(new ToolArguments(Map.of()), null).block().structured())
        .isEqualTo(Map.of("name", "Ada"));
  }
}
