package dev.calendlymcp.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One tool as the catalog knows it: what a model reads in {@code tools/list} and the handler that
 * runs it. With assertions on, as in every test run, the constructor enforces the house rules for
 * tools, so a tool that breaks them fails the build (the catalog and snapshot tests define every
 * toolset) rather than confusing a model:
 *
 * <ul>
 *   <li>a snake_case name, a short title, a description of one to three sentences;
 *   <li>an input schema that is a closed object whose every property has a description, every
 *       free-text string a {@code maxLength} (a date-time, date or email is bounded by its format)
 *       and every array a {@code maxItems};
 *   <li>an output schema that is an object; a result's nulls where it types a field without null
 *       are left out ({@link OutputNulls});
 *   <li>both schemas using only keywords {@link SchemaValidator} enforces.
 * </ul>
 */
public record ToolDefinition(
    String name,
    String title,
    String description,
    Toolset toolset,
    ToolHints hints,
    Map<String, Object> inputSchema,
    Map<String, Object> outputSchema,
    ToolHandler handler) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{1,47}");
  private static final Pattern SENTENCE_END = Pattern.compile("[.!?](\\s+[A-Z(\"']|\\s*$)");
  static final int MAX_DESCRIPTION = 600;
  static final int MAX_TITLE = 40;
  /** Formats that bound a string by themselves: SchemaValidator parses a date-time and caps an email at 254. */
  private static final Set<String> BOUNDED_FORMATS = Set.of(Schema.DATE_TIME, Schema.DATE, Schema.EMAIL);
  /**
   * Tools are this jar's own constants, so the tests' check of every toolset covers every start;
   * checking again in production walked every schema, interpreted, on the way to the first answer
   * (docs/startup.md). {@code -ea} turns the check on anywhere.
   */
  private static final boolean CHECK_RULES = ToolDefinition.class.desiredAssertionStatus();

  public ToolDefinition {
    Objects.requireNonNull(toolset, "toolset");
    Objects.requireNonNull(hints, "hints");
    Objects.requireNonNull(handler, "handler");
    if (CHECK_RULES) {
      List<String> problems = problems(name, title, description, inputSchema, outputSchema);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("tool " + name + " breaks the tool rules: " + String.join("; ", problems));
      }
    }
    // Copies that keep key order: tools/list and tools-schema/ must not reshuffle between runs.
    inputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
    outputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(outputSchema));
    Map<String, Object> output = outputSchema;
    ToolHandler produce = handler;
    handler = (arguments, context) -> produce.handle(arguments, context).map(result -> OutputNulls.prune(output, result));
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  private static List<String> problems(
      String name,
      String title,
      String description,
      Map<String, Object> inputSchema,
      Map<String, Object> outputSchema) {
    List<String> problems = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      problems.add("the name must be snake_case, 2-48 characters");
    }
    if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
      problems.add("the title must be 1-" + MAX_TITLE + " characters");
    }
    if (description == null || description.isBlank() || description.length() > MAX_DESCRIPTION) {
      problems.add("the description must be 1-" + MAX_DESCRIPTION + " characters");
    } else if (sentences(description) > 3) {
      problems.add("the description has " + sentences(description) + " sentences; a model reads at most 3");
    }
    if (inputSchema == null || outputSchema == null) {
      problems.add("both an input and an output schema are required");
      return problems;
    }
    SchemaValidator validator = new SchemaValidator();
    validator.checkSchema(inputSchema).forEach(p -> problems.add("input schema " + p));
    validator.checkSchema(outputSchema).forEach(p -> problems.add("output schema " + p));
    if (!"object".equals(inputSchema.get("type")) || !Boolean.FALSE.equals(inputSchema.get("additionalProperties"))) {
      problems.add("the input schema must be a closed object (Schema.object()...closed())");
    }
    if (!"object".equals(outputSchema.get("type"))) {
      problems.add("the output schema must be an object");
    }
    lintInput(inputSchema, "", problems);
    return problems;
  }

  /** Every argument documented, every string and array bounded, so no input is unbounded. */
  private static void lintInput(Map<String, Object> schema, String at, List<String> problems) {
    if (schema.get("properties") instanceof Map<?, ?> properties) {
      properties.forEach(
          (name, property) -> {
            String path = at.isEmpty() ? String.valueOf(name) : at + "." + name;
            if (property instanceof Map<?, ?> map) {
              Map<String, Object> child = asSchema(map);
              if (!(child.get("description") instanceof String text) || text.isBlank()) {
                problems.add("argument " + path + " has no description");
              }
              lintValue(child, path, problems);
            }
          });
    }
  }

  private static void lintValue(Map<String, Object> schema, String path, List<String> problems) {
    Object type = schema.get("type");
    boolean isString = "string".equals(type) || type instanceof List<?> list && list.contains("string");
    if (isString && !schema.containsKey("enum") && !schema.containsKey("maxLength")
        && !(schema.get("format") instanceof String format && BOUNDED_FORMATS.contains(format))) {
      problems.add("string argument " + path + " has no maxLength");
    }
    if ("array".equals(type)) {
      if (!schema.containsKey("maxItems")) {
        problems.add("array argument " + path + " has no maxItems");
      }
      if (schema.get("items") instanceof Map<?, ?> items) {
        lintValue(asSchema(items), path + "[]", problems);
      }
    }
    if ("object".equals(type)) {
      lintInput(schema, path, problems);
    }
  }

  @SuppressWarnings("unchecked") // schema maps are Map<String, Object> by construction
  private static Map<String, Object> asSchema(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  /**
   * The first sentence of {@code text}, as {@link #sentences} counts them: "e.g. 30 Minute
   * Meeting" does not end one.
   */
  public static String firstSentence(String text) {
    Matcher end = SENTENCE_END.matcher(text);
    return end.find() ? text.substring(0, end.start() + 1) : text;
  }

  static int sentences(String text) {
    Matcher matcher = SENTENCE_END.matcher(text.strip());
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return Math.max(count, 1);
  }

  /** Builds a {@link ToolDefinition}; every field but the schemas' defaults is required. */
  public static final class Builder {
    private final String name;
    private String title;
    private String description;
    private Toolset toolset;
    private ToolHints hints;
    private Map<String, Object> inputSchema = Schema.object().closed().toMap();
    private Map<String, Object> outputSchema;
    private ToolHandler handler;

    private Builder(String name) {
      this.name = name;
    }

    public Builder title(String title) {
      this.title = title;
      return this;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder toolset(Toolset toolset) {
      this.toolset = toolset;
      return this;
    }

    public Builder hints(ToolHints hints) {
      this.hints = hints;
      return this;
    }

    /** Defaults to a tool without arguments. */
    public Builder input(Schema schema) {
      this.inputSchema = schema.toMap();
      return this;
    }

    public Builder output(Schema schema) {
      this.outputSchema = schema.toMap();
      return this;
    }

    public Builder handler(ToolHandler handler) {
      this.handler = handler;
      return this;
    }

    public ToolDefinition build() {
      return new ToolDefinition(name, title, description, toolset, hints, inputSchema, outputSchema, handler);
    }
  }
}
