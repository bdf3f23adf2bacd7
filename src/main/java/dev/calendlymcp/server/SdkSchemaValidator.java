package dev.calendlymcp.server;

import dev.calendlymcp.tools.SchemaValidator;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Lets the SDK check our tools' structured output (and their schemas at registration) with {@link
 * SchemaValidator}, instead of loading its general-purpose validator and a meta-schema at start-up.
 */
final class SdkSchemaValidator implements JsonSchemaValidator {

  private final SchemaValidator validator;
  private final McpJson json;

  SdkSchemaValidator(SchemaValidator validator, McpJson json) {
    this.validator = validator;
    this.json = json;
  }

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object content) {
    Object plain = plain(content);
    List<SchemaValidator.Violation> violations = validator.validate(schema, plain, "result");
    if (!violations.isEmpty()) {
      return ValidationResponse.asInvalid(
          violations.stream().map(SchemaValidator.Violation::message).collect(Collectors.joining("; ")));
    }
    // The SDK reads this JSON text only to fill a result that has no content, and every result of
    // ours carries its own text (ToolInvoker): writing the structured content out here was a
    // second serialisation of it on every call, thrown away.
    return ValidationResponse.asValid(null);
  }

  /** Our handlers hand over maps; the SDK's contract also allows JSON text and other objects. */
  private Object plain(Object content) {
    if (content instanceof Map<?, ?> || content == null) {
      return content;
    }
    JsonNode tree = content instanceof String text ? json.mapper().readTree(text) : json.mapper().valueToTree(content);
    return json.mapper().convertValue(tree, Object.class);
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    List<String> problems = validator.checkSchema(schema);
    return problems.isEmpty()
        ? ValidationResponse.asValid(null)
        : ValidationResponse.asInvalid(String.join("; ", problems));
  }
}
