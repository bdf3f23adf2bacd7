package dev.calendlymcp.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fields a tool returned that its output schema does not name. Output schemas leave types out to
 * keep {@code tools/list} small, so the field names are what they owe a model: every key of a
 * result must be declared wherever the schema lists properties. A node without properties (a
 * reference such as "as book_meeting", or a free value) is not checked.
 */
final class OutputFields {

  private OutputFields() {}

  static List<String> undeclared(Map<String, Object> schema, Object value) {
    List<String> out = new ArrayList<>();
    walk(schema, value, "result", out);
    return out;
  }

  private static void walk(Map<?, ?> schema, Object value, String path, List<String> out) {
    if (value instanceof Map<?, ?> object && schema.get("properties") instanceof Map<?, ?> properties) {
      object.forEach((key, child) -> {
        if (properties.get(key) instanceof Map<?, ?> childSchema) {
          walk(childSchema, child, path + "." + key, out);
        } else {
          out.add(path + "." + key);
        }
      });
    } else if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
      for (int i = 0; i < list.size(); i++) {
        walk(items, list.get(i), path + "[" + i + "]", out);
      }
    }
  }
}
