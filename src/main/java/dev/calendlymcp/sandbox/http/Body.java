package dev.calendlymcp.sandbox.http;

import dev.calendlymcp.sandbox.model.Uris;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads fields of a JSON request body (or a nested object of it), recording a {@link Problems}
 * entry named with the dotted path ({@code invitee.email}) for each missing or malformed field.
 */
public final class Body {

  private final JsonNode node;
  private final String prefix;
  private final Problems problems;
  private final Uris uris;

  private Body(JsonNode node, String prefix, Problems problems, Uris uris) {
    this.node = node;
    this.prefix = prefix;
    this.problems = problems;
    this.uris = uris;
  }

  /** A reader for a whole request body. */
  public static Body of(JsonNode body, Problems problems, Uris uris) {
    return new Body(body, "", problems, uris);
  }

  /** The full name of {@code field}, e.g. {@code invitee.email}. */
  public String name(String field) {
    return prefix + field;
  }

  /** The problems found so far. */
  public Problems problems() {
    return problems;
  }

  /** Whether the field is present and not null. */
  public boolean has(String field) {
    return node.hasNonNull(field);
  }

  /** The raw field, or null when absent or null. */
  public JsonNode raw(String field) {
    return has(field) ? node.get(field) : null;
  }

  /** An optional string (max {@code maxLength} chars), or null. */
  public String string(String field, int maxLength) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isString()) {
      problems.add(name(field), "must be a string");
      return null;
    }
    String text = value.stringValue();
    if (text.length() > maxLength) {
      problems.add(name(field), "must be at most " + maxLength + " characters");
      return null;
    }
    return text;
  }

  /** A required, non-blank string. */
  public String requiredString(String field, int maxLength) {
    if (!has(field)) {
      problems.add(name(field), "is required");
      return null;
    }
    String text = string(field, maxLength);
    if (text != null && text.isBlank()) {
      problems.add(name(field), "must not be blank");
      return null;
    }
    return text;
  }

  /** An optional integer in {@code [min, max]}, or null. */
  public Integer integer(String field, int min, int max) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      problems.add(name(field), "must be an integer");
      return null;
    }
    int number = value.intValue();
    if (number < min || number > max) {
      problems.add(name(field), "must be between " + min + " and " + max);
      return null;
    }
    return number;
  }

  /** A required integer in {@code [min, max]}. */
  public Integer requiredInteger(String field, int min, int max) {
    if (!has(field)) {
      problems.add(name(field), "is required");
      return null;
    }
    return integer(field, min, max);
  }

  /** A required ISO-8601 timestamp. */
  public Instant requiredInstant(String field) {
    String text = requiredString(field, 64);
    if (text == null) {
      return null;
    }
    return Times.parseInstant(text)
        .orElseGet(
            () -> {
              problems.add(name(field), "must be an ISO-8601 timestamp with a time zone, e.g. 2026-01-02T15:00:00.000000Z");
              return null;
            });
  }

  /** The uuid of a required resource URI of {@code collection}. */
  public String requiredUri(String field, String collection) {
    String text = requiredString(field, 512);
    if (text == null) {
      return null;
    }
    return uris.uuidOf(text, collection)
        .orElseGet(
            () -> {
              problems.add(name(field), "must be a URI of the form " + uris.base() + "/" + collection + "/{uuid}");
              return null;
            });
  }

  /** An optional nested object, or null. */
  public Body object(String field) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isObject()) {
      problems.add(name(field), "must be an object");
      return null;
    }
    return new Body(value, name(field) + ".", problems, uris);
  }

  /** A required nested object. */
  public Body requiredObject(String field) {
    if (!has(field)) {
      problems.add(name(field), "is required");
      return null;
    }
    return object(field);
  }

  /** An optional array of at most {@code maxItems} elements, or null. */
  public List<JsonNode> array(String field, int maxItems) {
    if (!has(field)) {
      return null;
    }
    JsonNode value = node.get(field);
    if (!value.isArray()) {
      problems.add(name(field), "must be an array");
      return null;
    }
    if (value.size() > maxItems) {
      problems.add(name(field), "must have at most " + maxItems + " items");
      return null;
    }
    return new ArrayList<>(value.values());
  }

  /** An optional array of strings, or null. */
  public List<String> strings(String field, int maxItems) {
    List<JsonNode> items = array(field, maxItems);
    if (items == null) {
      return null;
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode item : items) {
      if (!item.isString()) {
        problems.add(name(field), "must contain only strings");
        return null;
      }
      texts.add(item.stringValue());
    }
    return texts;
  }

  /** A reader for an element of an array field, named {@code field[index]}. */
  public Body element(String field, int index, JsonNode element) {
    return new Body(element, name(field) + "[" + index + "].", problems, uris);
  }
}
