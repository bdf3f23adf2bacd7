package dev.calendlymcp.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** The JSON this package writes itself (error bodies, metadata documents), through Jackson. */
final class Json {

  static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** An object of string fields, in the order given: {@code object("error", "x", "error_description", "y")}. */
  static String object(String... namesAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      fields.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return write(fields);
  }

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }
}
