package dev.calendlymcp.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leaves out of a result the fields that have no value where the output schema types them without
 * {@code null}. Calendly leaves many fields empty (a meeting without a location, a user without a
 * time zone); a schema that allowed null on each would cost {@code tools/list} bytes on every
 * property, while an absent field says the same to a model and still matches a schema that
 * requires nothing. Where a schema does allow null (its type lists {@code "null"}, or it has no
 * type), the null stays, because there it means something, such as "not read".
 */
final class OutputNulls {

  private OutputNulls() {}

  /** {@code result} with those nulls left out; the structured content is copied, never changed in place. */
  static ToolResult prune(Map<String, Object> schema, ToolResult result) {
    return new ToolResult(object(schema, result.structured()), result.text());
  }

  private static Map<String, Object> object(Map<?, ?> schema, Map<?, ?> value) {
    Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> declared ? declared : Map.of();
    Map<String, Object> out = new LinkedHashMap<>();
    value.forEach((key, child) -> {
      Map<?, ?> childSchema = properties.get(key) instanceof Map<?, ?> declared ? declared : null;
      if (child == null && childSchema != null && !allowsNull(childSchema)) {
        return;
      }
      out.put(String.valueOf(key), childSchema == null ? child : value(childSchema, child));
    });
    return out;
  }

  private static Object value(Map<?, ?> schema, Object value) {
    if (value instanceof Map<?, ?> map) {
      return object(schema, map);
    }
    if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(value(items, item));
      }
      return out;
    }
    return value;
  }

  private static boolean allowsNull(Map<?, ?> schema) {
    Object type = schema.get("type");
    return type == null || "null".equals(type) || type instanceof List<?> types && types.contains("null");
  }
}
