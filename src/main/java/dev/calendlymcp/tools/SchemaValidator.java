package dev.calendlymcp.tools;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a value (plain Java: {@code Map}, {@code List}, {@code String}, {@code Number}, {@code
 * Boolean}, {@code null}, as Jackson reads JSON) against the JSON Schema subset that {@link
 * Schema} writes. Each problem comes back as a sentence that names the field and says what would
 * be accepted, because the reader is a model that has to fix its own call.
 *
 * <p>Written here rather than taken from a general validator so that the messages are ours, no
 * schema keyword is silently ignored ({@link #checkSchema} rejects the ones not enforced), and
 * start-up does not pay for loading a meta-schema.
 */
public final class SchemaValidator {

  /** At most this many problems are reported for one value; the first ones are enough to fix. */
  static final int MAX_VIOLATIONS = 10;

  private static final Set<String> KEYWORDS =
      Set.of(
          "type",
          "description",
          "format",
          "enum",
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "items",
          "minItems",
          "maxItems",
          "properties",
          "required",
          "additionalProperties",
          "default");
  private static final Set<String> TYPES =
      Set.of("string", "integer", "number", "boolean", "object", "array", "null");
  private static final Set<String> FORMATS =
      Set.of(Schema.DATE_TIME, Schema.DATE, Schema.EMAIL, Schema.URI);
  private static final int QUOTE_LIMIT = 40;

  /** One problem: where, and a sentence on what is wrong and what would be right. */
  public record Violation(String path, String message) {
    @Override
    public String toString() {
      return message;
    }
  }

  /**
   * Every problem of {@code value} against {@code schema} (at most {@value #MAX_VIOLATIONS}).
   *
   * @param root how to name the value itself in messages, e.g. {@code arguments}
   */
  public List<Violation> validate(Map<String, Object> schema, Object value, String root) {
    List<Violation> out = new ArrayList<>();
    check(schema, value, root, true, out);
    return out;
  }

  /**
   * Problems with a schema itself: keywords this validator does not enforce, unknown types or
   * formats, {@code required} naming undeclared properties. Empty when the schema is usable.
   */
  public List<String> checkSchema(Map<String, Object> schema) {
    List<String> problems = new ArrayList<>();
    checkSchema(schema, "#", problems);
    return problems;
  }

  private void check(Map<String, Object> schema, Object value, String path, boolean root, List<Violation> out) {
    if (out.size() >= MAX_VIOLATIONS) {
      return;
    }
    List<String> types = types(schema);
    if (value == null) {
      if (!types.isEmpty() && !types.contains("null")) {
        add(out, path, path + " must be " + expectation(schema) + ", got null");
      }
      return;
    }
    if (!types.isEmpty() && types.stream().noneMatch(type -> matches(type, value))) {
      add(out, path, path + " must be " + expectation(schema) + ", got " + describe(value));
      return;
    }
    Object allowed = schema.get("enum");
    if (allowed instanceof List<?> options && options.stream().noneMatch(option -> sameValue(option, value))) {
      add(out, path, path + " must be " + oneOf(options) + "; got " + describe(value));
      return;
    }
    if (value instanceof String text) {
      checkString(schema, text, path, out);
    } else if (value instanceof Number number) {
      checkNumber(schema, number, path, out);
    } else if (value instanceof List<?> list) {
      checkArray(schema, list, path, out);
    } else if (value instanceof Map<?, ?> object) {
      checkObject(schema, object, path, root, out);
    }
  }

  private void checkString(Map<String, Object> schema, String text, String path, List<Violation> out) {
    Integer max = intKeyword(schema, "maxLength");
    Integer min = intKeyword(schema, "minLength");
    // Length first and without parsing: a megabyte of text must be refused before any other work.
    if (max != null && text.length() > max && text.codePointCount(0, text.length()) > max) {
      add(
          out,
          path,
          path
              + " is too long ("
              + text.codePointCount(0, text.length())
              + " characters; the limit is "
              + max
              + "): shorten it");
      return;
    }
    if (min != null && text.codePointCount(0, text.length()) < min) {
      add(out, path, path + " is too short (the minimum is " + min + " characters)");
      return;
    }
    Object format = schema.get("format");
    if (format instanceof String name && !conforms(name, text)) {
      add(out, path, path + " must be " + formatDescription(name) + "; got " + describe(text));
    }
  }

  private void checkNumber(Map<String, Object> schema, Number number, String path, List<Violation> out) {
    BigDecimal value = decimal(number);
    Object min = schema.get("minimum");
    Object max = schema.get("maximum");
    if (min instanceof Number floor && value.compareTo(decimal(floor)) < 0
        || max instanceof Number ceiling && value.compareTo(decimal(ceiling)) > 0) {
      add(out, path, path + " must be " + expectation(schema) + ", got " + value.toPlainString());
    }
  }

  private void checkArray(Map<String, Object> schema, List<?> list, String path, List<Violation> out) {
    Integer max = intKeyword(schema, "maxItems");
    Integer min = intKeyword(schema, "minItems");
    if (max != null && list.size() > max) {
      add(out, path, path + " has " + list.size() + " items; the limit is " + max);
      return;
    }
    if (min != null && list.size() < min) {
      add(out, path, path + " needs at least " + min + (min == 1 ? " item" : " items"));
      return;
    }
    Map<String, Object> items = mapKeyword(schema, "items");
    if (items != null) {
      for (int i = 0; i < list.size() && out.size() < MAX_VIOLATIONS; i++) {
        check(items, list.get(i), path + "[" + i + "]", false, out);
      }
    }
  }

  private void checkObject(
      Map<String, Object> schema, Map<?, ?> object, String path, boolean root, List<Violation> out) {
    Map<String, Object> properties = mapKeyword(schema, "properties");
    Map<String, Object> declared = properties == null ? Map.of() : properties;
    Object required = schema.get("required");
    if (required instanceof List<?> names) {
      for (Object name : names) {
        if (!object.containsKey(name)) {
          String field = child(path, String.valueOf(name), root);
          Map<String, Object> fieldSchema = mapKeyword(declared, String.valueOf(name));
          add(
              out,
              field,
              field
                  + " is required"
                  + (fieldSchema == null ? "" : ": pass " + expectation(fieldSchema))
                  + describeField(fieldSchema));
        }
      }
    }
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      String name = String.valueOf(entry.getKey());
      Map<String, Object> fieldSchema = mapKeyword(declared, name);
      if (fieldSchema != null) {
        check(fieldSchema, entry.getValue(), child(path, name, root), false, out);
      } else if (Boolean.FALSE.equals(schema.get("additionalProperties"))) {
        add(
            out,
            child(path, name, root),
            (root ? "unknown argument " : "unknown field " + path + ".")
                + quote(name)
                + (declared.isEmpty()
                    ? ": " + (root ? "this tool takes no arguments" : "this object takes no fields")
                    : "; expected one of: " + String.join(", ", declared.keySet())));
      }
    }
  }

  private static String describeField(Map<String, Object> fieldSchema) {
    if (fieldSchema == null || !(fieldSchema.get("description") instanceof String description)) {
      return "";
    }
    return " (" + description.strip().replaceAll("\\.$", "") + ")";
  }

  private static String child(String path, String name, boolean root) {
    // Top-level arguments are named bare ("start_time"), nested ones by path ("invitee.email").
    return root ? name : path + "." + name;
  }

  private static void add(List<Violation> out, String path, String message) {
    if (out.size() < MAX_VIOLATIONS) {
      out.add(new Violation(path, message));
    }
  }

  // ---- types, formats and the wording of expectations ----

  private static List<String> types(Map<String, Object> schema) {
    Object type = schema.get("type");
    if (type instanceof String single) {
      return List.of(single);
    }
    if (type instanceof List<?> many) {
      return many.stream().map(String::valueOf).toList();
    }
    return List.of();
  }

  private static boolean matches(String type, Object value) {
    return switch (type) {
      case "string" -> value instanceof String;
      case "boolean" -> value instanceof Boolean;
      case "object" -> value instanceof Map;
      case "array" -> value instanceof List;
      case "number" -> value instanceof Number;
      case "integer" -> value instanceof Number number && isIntegral(number);
      default -> false;
    };
  }

  private static boolean isIntegral(Number number) {
    if (number instanceof Integer || number instanceof Long || number instanceof Short
        || number instanceof Byte || number instanceof BigInteger) {
      return true;
    }
    BigDecimal value = decimal(number);
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  private static BigDecimal decimal(Number number) {
    if (number instanceof BigDecimal big) {
      return big;
    }
    if (number instanceof BigInteger big) {
      return new BigDecimal(big);
    }
    if (number instanceof Double || number instanceof Float) {
      double d = number.doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.ZERO;
    }
    return BigDecimal.valueOf(number.longValue());
  }

  private static boolean sameValue(Object option, Object value) {
    if (option instanceof Number a && value instanceof Number b) {
      return decimal(a).compareTo(decimal(b)) == 0;
    }
    return option.equals(value);
  }

  private static boolean conforms(String format, String text) {
    return switch (format) {
      case Schema.DATE_TIME -> parses(() -> OffsetDateTime.parse(text));
      case Schema.DATE -> parses(() -> LocalDate.parse(text));
      case Schema.EMAIL -> isEmail(text);
      case Schema.URI -> isHttpUri(text);
      default -> true;
    };
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static boolean isEmail(String text) {
    int at = text.lastIndexOf('@');
    if (at < 1 || at == text.length() - 1 || text.length() > 254) {
      return false;
    }
    String domain = text.substring(at + 1);
    return domain.contains(".")
        && !domain.startsWith(".")
        && !domain.endsWith(".")
        && text.chars().noneMatch(c -> Character.isWhitespace(c) || c == ',' || c == '<' || c == '>');
  }

  private static boolean isHttpUri(String text) {
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme();
      return ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** How to describe what the schema accepts, e.g. "an integer from 1 to 100". */
  static String expectation(Map<String, Object> schema) {
    Object allowed = schema.get("enum");
    if (allowed instanceof List<?> options) {
      return oneOf(options);
    }
    List<String> types = types(schema);
    List<String> parts = new ArrayList<>();
    for (String type : types) {
      if (!type.equals("null")) {
        parts.add(expectationOf(type, schema));
      }
    }
    String text = parts.isEmpty() ? "a value" : String.join(" or ", parts);
    return types.contains("null") ? text + " or null" : text;
  }

  private static String expectationOf(String type, Map<String, Object> schema) {
    return switch (type) {
      case "string" -> {
        Object format = schema.get("format");
        Integer max = intKeyword(schema, "maxLength");
        String base = format instanceof String name ? formatDescription(name) : "a string";
        yield format == null && max != null ? base + " of at most " + max + " characters" : base;
      }
      case "integer", "number" -> {
        String base = type.equals("integer") ? "an integer" : "a number";
        Object min = schema.get("minimum");
        Object max = schema.get("maximum");
        if (min != null && max != null) {
          yield base + " from " + min + " to " + max;
        }
        if (min != null) {
          yield base + " of at least " + min;
        }
        yield max != null ? base + " of at most " + max : base;
      }
      case "boolean" -> "true or false";
      case "array" -> {
        Map<String, Object> items = mapKeyword(schema, "items");
        Integer max = intKeyword(schema, "maxItems");
        yield "an array"
            + (items == null ? "" : " of " + plural(expectation(items)))
            + (max == null ? "" : " (at most " + max + ")");
      }
      case "object" -> "an object";
      default -> type;
    };
  }

  private static String plural(String expectation) {
    // "an email address" reads better in a list as "email addresses"; keep it simple and honest.
    return expectation.startsWith("an ") ? expectation.substring(3) + " values"
        : expectation.startsWith("a ") ? expectation.substring(2) + " values" : expectation;
  }

  private static String formatDescription(String format) {
    return switch (format) {
      case Schema.DATE_TIME -> "an ISO-8601 date-time with a UTC offset, such as 2026-03-02T15:30:00Z";
      case Schema.DATE -> "a date as YYYY-MM-DD";
      case Schema.EMAIL -> "an email address such as ada@example.com";
      case Schema.URI -> "an absolute https:// URI";
      default -> "a string (" + format + ")";
    };
  }

  private static String oneOf(List<?> options) {
    return "one of: " + options.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }

  private static String describe(Object value) {
    if (value instanceof String text) {
      return text.length() > QUOTE_LIMIT
          ? "a string of " + text.length() + " characters starting " + quote(text.substring(0, QUOTE_LIMIT) + "…")
          : quote(text);
    }
    if (value instanceof Boolean) {
      return "a boolean (" + value + ")";
    }
    if (value instanceof Number number) {
      return "a number (" + decimal(number).toPlainString() + ")";
    }
    if (value instanceof List<?>) {
      return "an array";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    return value.getClass().getSimpleName();
  }

  private static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    text.codePoints()
        .forEach(c -> {
          if (c == '"' || c == '\\') {
            out.append('\\').append((char) c);
          } else if (Character.isISOControl(c)) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        });
    return out.append('"').toString();
  }

  private static Integer intKeyword(Map<String, Object> schema, String keyword) {
    return schema.get(keyword) instanceof Number number ? number.intValue() : null;
  }

  @SuppressWarnings("unchecked") // schema maps are Map<String, Object> by construction (Schema, Jackson)
  private static Map<String, Object> mapKeyword(Map<String, Object> schema, String keyword) {
    return schema.get(keyword) instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }

  // ---- checking schemas themselves ----

  private void checkSchema(Map<String, Object> schema, String at, List<String> problems) {
    for (String keyword : schema.keySet()) {
      if (!KEYWORDS.contains(keyword)) {
        problems.add(at + ": keyword '" + keyword + "' is not supported by the tool schema validator");
      }
    }
    for (String type : types(schema)) {
      if (!TYPES.contains(type)) {
        problems.add(at + ": unknown type '" + type + "'");
      }
    }
    if (schema.containsKey("type") && types(schema).isEmpty()) {
      problems.add(at + ": type must be a string or an array of strings");
    }
    if (schema.get("format") instanceof String format && !FORMATS.contains(format)) {
      problems.add(at + ": format '" + format + "' is not supported; use one of " + FORMATS);
    }
    if (schema.containsKey("enum") && !(schema.get("enum") instanceof List<?>)) {
      problems.add(at + ": enum must be an array");
    }
    Map<String, Object> properties = mapKeyword(schema, "properties");
    if (schema.containsKey("properties") && properties == null) {
      problems.add(at + ": properties must be an object");
    }
    if (properties != null) {
      for (String name : properties.keySet()) {
        Map<String, Object> property = mapKeyword(properties, name);
        if (property == null) {
          problems.add(at + "/properties/" + name + ": must be a schema object");
        } else {
          checkSchema(property, at + "/properties/" + name, problems);
        }
      }
    }
    if (schema.get("required") instanceof List<?> required) {
      for (Object name : required) {
        if (properties == null || !properties.containsKey(String.valueOf(name))) {
          problems.add(at + ": required names '" + name + "', which is not a declared property");
        }
      }
    }
    Map<String, Object> items = mapKeyword(schema, "items");
    if (items != null) {
      checkSchema(items, at + "/items", problems);
    } else if (schema.containsKey("items")) {
      problems.add(at + ": items must be a schema object");
    }
  }
}
