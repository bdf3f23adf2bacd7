package dev.calendlymcp.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small builder for the JSON Schema (2020-12) subset that tool schemas use, so that every
 * schema is written the same way and only with keywords {@link SchemaValidator} enforces. Key
 * order is kept, which keeps {@code tools/list} and the checked-in {@code tools-schema/} files
 * stable.
 *
 * <p>Input schemas state every constraint (types, formats, enums, lengths, required). Output
 * schemas are a typed map of the result for the model, with a description only where the name
 * and type do not say enough; a shape another tool already lists
 * is referred to by that tool's name instead of being repeated. Every byte of the default
 * toolset's schemas is read by the model before its first call (ToolsListSizeTest), and every
 * output property states its type (OutputSchemaTypesTest).
 *
 * <pre>{@code
 * Schema.object()
 *     .required("event_type_uri", Schema.string().format(Schema.URI).maxLength(300)
 *         .description("The event type to book, from list_event_types."))
 *     .optional("count", Schema.integer().minimum(1).maximum(100).description("Page size."))
 *     .closed()
 *     .toMap();
 * }</pre>
 */
public final class Schema {

  /** RFC 3339 date-time with an offset, e.g. {@code 2026-12-01T15:00:00Z}. */
  public static final String DATE_TIME = "date-time";
  /** Calendar date, {@code YYYY-MM-DD}. */
  public static final String DATE = "date";
  /** An email address. */
  public static final String EMAIL = "email";
  /** An absolute http(s) URI. */
  public static final String URI = "uri";

  private final Map<String, Object> map = new LinkedHashMap<>();
  private final Map<String, Object> properties;
  private final List<String> required;

  private Schema(Object type, boolean object) {
    if (type != null) {
      map.put("type", type);
    }
    if (object) {
      properties = new LinkedHashMap<>();
      required = new ArrayList<>();
    } else {
      properties = null;
      required = null;
    }
  }

  public static Schema string() {
    return new Schema("string", false);
  }

  public static Schema integer() {
    return new Schema("integer", false);
  }

  public static Schema number() {
    return new Schema("number", false);
  }

  public static Schema bool() {
    return new Schema("boolean", false);
  }

  public static Schema object() {
    return new Schema("object", true);
  }

  /** A list of {@code items}. */
  public static Schema array(Schema items) {
    Schema schema = new Schema("array", false);
    schema.map.put("items", items.toMap());
    return schema;
  }

  /**
   * A list of objects in an output, its items known by their properties: the list is typed, and its
   * items' {@code "type":"object"} is left out, since their properties already say what they are.
   * Used where {@code tools/list} bytes are short (the default toolset).
   */
  public static Schema listOf(Schema items) {
    Schema schema = new Schema("array", false);
    Map<String, Object> item = new LinkedHashMap<>(items.toMap());
    if (!"object".equals(item.remove("type")) || !item.containsKey("properties")) {
      throw new IllegalArgumentException("listOf takes an object with properties; use array() for other items");
    }
    schema.map.put("items", Collections.unmodifiableMap(item));
    return schema;
  }

  /** Written for the model: what the value is and where to get it. */
  public Schema description(String text) {
    map.put("description", text);
    return this;
  }

  public Schema format(String format) {
    map.put("format", format);
    return this;
  }

  public Schema enumOf(String... values) {
    map.put("enum", List.of(values));
    return this;
  }

  public Schema minLength(int length) {
    map.put("minLength", length);
    return this;
  }

  public Schema maxLength(int length) {
    map.put("maxLength", length);
    return this;
  }

  public Schema minimum(long value) {
    map.put("minimum", value);
    return this;
  }

  public Schema maximum(long value) {
    map.put("maximum", value);
    return this;
  }

  public Schema minItems(int count) {
    map.put("minItems", count);
    return this;
  }

  public Schema maxItems(int count) {
    map.put("maxItems", count);
    return this;
  }

  /** The value used when the argument is left out; documents it for the model. */
  public Schema defaultValue(Object value) {
    map.put("default", value);
    return this;
  }

  /** Allows JSON {@code null} as well (for output fields Calendly may leave empty). */
  public Schema nullable() {
    Object type = map.get("type");
    if (type instanceof String single) {
      map.put("type", List.of(single, "null"));
    }
    return this;
  }

  /** An object property the caller must pass. */
  public Schema required(String name, Schema schema) {
    requireObject();
    properties.put(name, schema.toMap());
    required.add(name);
    return this;
  }

  /** An object property the caller may leave out. */
  public Schema optional(String name, Schema schema) {
    requireObject();
    properties.put(name, schema.toMap());
    return this;
  }

  /**
   * Output fields that are strings and need nothing but their names ({@code name}, {@code
   * event_uri}, {@code start_time}), in this order. Output schemas list every field a result can
   * hold, each with its type, so a model knows them before the call, but mark none required: a
   * field without a value is left out of the result (see {@link OutputNulls}).
   */
  public Schema strings(String... names) {
    return typed(names, Schema::string);
  }

  /** Output fields that are whole numbers and need nothing but their names. */
  public Schema integers(String... names) {
    return typed(names, Schema::integer);
  }

  /** Output fields that are true or false and need nothing but their names. */
  public Schema booleans(String... names) {
    return typed(names, Schema::bool);
  }

  private Schema typed(String[] names, Supplier<Schema> type) {
    for (String name : names) {
      optional(name, type.get());
    }
    return this;
  }

  /** An output field that needs more than its name: an enum, a nested shape or a few words. */
  public Schema field(String name, Schema schema) {
    return optional(name, schema);
  }

  /** Rejects properties not declared here: a misspelt argument fails loudly instead of silently. */
  public Schema closed() {
    requireObject();
    map.put("additionalProperties", false);
    return this;
  }

  /** An immutable copy, in declaration order. */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach(
        (key, value) -> {
          if (!key.equals("additionalProperties")) {
            out.put(key, value);
          }
        });
    // An input object always lists its (maybe no) properties, which some clients insist on; an
    // output object without fields, such as a reference to another tool's result, does not.
    if (properties != null && (!properties.isEmpty() || map.containsKey("additionalProperties"))) {
      out.put("properties", Collections.unmodifiableMap(new LinkedHashMap<>(properties)));
      if (!required.isEmpty()) {
        out.put("required", List.copyOf(required));
      }
    }
    if (map.containsKey("additionalProperties")) {
      out.put("additionalProperties", map.get("additionalProperties"));
    }
    return Collections.unmodifiableMap(out);
  }

  private void requireObject() {
    if (properties == null) {
      throw new IllegalStateException("properties belong to object schemas only");
    }
  }
}
