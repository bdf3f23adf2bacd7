package dev.calendlymcp.tools;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tool call's arguments after they passed the input schema, with typed accessors. Because the
 * schema was checked first, a type mismatch here is a bug in the tool's schema, not the caller's
 * mistake, and fails loudly.
 */
public final class ToolArguments {

  private final Map<String, Object> values;

  public ToolArguments(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values == null ? Map.of() : values));
  }

  public Optional<String> string(String name) {
    return Optional.ofNullable(typed(name, String.class));
  }

  /** A string the schema marks as required. */
  public String requiredString(String name) {
    return string(name).orElseThrow(() -> new IllegalArgumentException(name + " is required"));
  }

  public Optional<Long> integer(String name) {
    Number number = typed(name, Number.class);
    return number == null ? Optional.empty() : Optional.of(number.longValue());
  }

  public Optional<Boolean> bool(String name) {
    return Optional.ofNullable(typed(name, Boolean.class));
  }

  /** An array-of-strings argument; empty when left out. */
  public List<String> stringList(String name) {
    List<?> list = typed(name, List.class);
    if (list == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (!(item instanceof String text)) {
        throw new IllegalStateException(
            "argument " + name + " holds a " + (item == null ? "null" : item.getClass().getSimpleName())
                + ", not a String: the tool's input schema does not match its handler");
      }
      out.add(text);
    }
    return List.copyOf(out);
  }

  /** An array-of-integers argument; empty when left out. */
  public List<Integer> integers(String name) {
    List<?> list = typed(name, List.class);
    return list == null ? List.of() : list.stream().map(item -> cast(name, item, Number.class).intValue()).toList();
  }

  /** A {@link Schema#DATE_TIME} argument as an instant. */
  public Optional<Instant> instant(String name) {
    return string(name).map(text -> OffsetDateTime.parse(text).toInstant());
  }

  /** An array of strings; empty when left out. */
  public List<String> strings(String name) {
    List<?> list = typed(name, List.class);
    return list == null ? List.of() : list.stream().map(item -> cast(name, item, String.class)).toList();
  }

  /** An object argument as its own arguments; empty when left out. */
  public Optional<ToolArguments> object(String name) {
    Map<?, ?> map = typed(name, Map.class);
    return map == null ? Optional.empty() : Optional.of(new ToolArguments(stringKeys(name, map)));
  }

  /** An array of objects, each as its own arguments; empty when left out. */
  public List<ToolArguments> objects(String name) {
    List<?> list = typed(name, List.class);
    if (list == null) {
      return List.of();
    }
    return list.stream()
        .map(item -> new ToolArguments(stringKeys(name, cast(name, item, Map.class))))
        .toList();
  }

  private static Map<String, Object> stringKeys(String name, Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((key, value) -> out.put(cast(name, key, String.class), value));
    return out;
  }

  private static <T> T cast(String name, Object value, Class<T> type) {
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          "an item of argument " + name + " is not a " + type.getSimpleName()
              + ": the tool's input schema does not match its handler");
    }
    return type.cast(value);
  }

  private <T> T typed(String name, Class<T> type) {
    Object value = values.get(name);
    if (value == null) {
      return null;
    }
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          "argument " + name + " is a " + value.getClass().getSimpleName() + ", not a "
              + type.getSimpleName() + ": the tool's input schema does not match its handler");
    }
    return type.cast(value);
  }
}
