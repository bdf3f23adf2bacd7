package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {

  @Test
  void outputFieldsAreNamedWithoutTypesOrRequired() {
    Map<String, Object> schema = Schema.object()
        .fields("uri", "name")
        .field("status", Schema.any().enumOf("active", "canceled"))
        .toMap();

    assertThat(schema).containsOnlyKeys("type", "properties");
    assertThat(schema.get("properties")).isEqualTo(Map.of(
        "uri", Map.of(), "name", Map.of(), "status", Map.of("enum", List.of("active", "canceled"))));
  }

  @Test
  void nestedShapesAndListsSayWhatTheyAreByTheirKeywordsAlone() {
    Map<String, Object> list = Schema.listOf(Schema.shape().fields("start_time")).toMap();

    assertThat(list).isEqualTo(Map.of("items", Map.of("properties", Map.of("start_time", Map.of()))));
    assertThat(Schema.array(Schema.any()).toMap()).isEqualTo(Map.of("type", "array"));
  }

  @Test
  void anOutputObjectWithoutFieldsHasNoPropertiesButAnInputObjectKeepsThem() {
    assertThat(Schema.object().description("as book_meeting").toMap())
        .isEqualTo(Map.of("type", "object", "description", "as book_meeting"));
    assertThat(Schema.object().closed().toMap())
        .isEqualTo(Map.of("type", "object", "properties", Map.of(), "additionalProperties", false));
  }
}
