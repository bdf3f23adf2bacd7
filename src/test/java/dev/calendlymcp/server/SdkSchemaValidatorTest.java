package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.tools.SchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator.ValidationResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the SDK's output check runs through {@link SchemaValidator}, and what it costs per call: a
 * valid result is not written out as JSON text a second time, since the SDK uses that text only for
 * a result without content and every result of ours has its text (a {@code ToolResult} needs one).
 */
class SdkSchemaValidatorTest {

  private static final Map<String, Object> SCHEMA = Map.of(
      "type", "object",
      "properties", Map.of("name", Map.of("type", "string")),
      "required", java.util.List.of("name"));

  private final SdkSchemaValidator validator = new SdkSchemaValidator(new SchemaValidator(), new McpJson());

  @Test
  void aValidResultIsAcceptedWithoutBeingSerialisedAgain() {
    ValidationResponse response = validator.validate(SCHEMA, Map.of("name", "Intro call"));

    assertThat(response.valid()).isTrue();
    assertThat(response.jsonStructuredOutput()).isNull();
  }

  @Test
  void anInvalidResultIsRefusedWithTheFieldThatBrokeTheSchema() {
    ValidationResponse response = validator.validate(SCHEMA, Map.of("name", 42));

    assertThat(response.valid()).isFalse();
    assertThat(response.errorMessage()).contains("name");
  }
}
