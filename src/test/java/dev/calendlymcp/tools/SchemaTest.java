package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {

  @Test
  void outputFieldsAreNamedWithTheirTypesButNotRequired() {
    Map<String, Object> schema = Schema.object()
        .strings("uri", "name")
        .integers("count")
        .booleans("more")
        .field("status", Schema.string().enumOf("active", "canceled"))
        .toMap();

    assertThat(schema).containsOnlyKeys("type", "properties");
    assertThat(schema.get("properties")).isEqualTo(Map.of(
        "uri", Map.of("type", "string"),
        "name", Map.of("type", "string"),
        "count", Map.of("type", "integer"),
        "more", Map.of("type", "boolean"),
        "status", Map.of("type", "string", "enum", List.of("active", "canceled"))));
  }

  @Test
  void nestedObjectsAndListsStateTheirTypes() {
    Map<String, Object> list = Schema.array(Schema.object().strings("start_time")).toMap();

    assertThat(list).isEqualTo(Map.of("type", "array",
        "items", Map.of("type", "object", "properties", Map.of("start_time", Map.of("type", "string")))));
  }

  @Test
  void anOutputObjectWithoutFieldsHasNoPropertiesButAnInputObjectKeepsThem() {
    assertThat(Schema.object().description("as book_meeting").toMap())
        .isEqualTo(Map.of("type", "object", "description", "as book_meeting"));
    assertThat(Schema.object().closed().toMap())
        .isEqualTo(Map.of("type", "object", "properties", Map.of(), "additionalProperties", false));
  }
}
