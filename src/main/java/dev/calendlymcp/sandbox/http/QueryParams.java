package dev.calendlymcp.sandbox.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** A request's query parameters, decoded, in the order they were sent. */
public final class QueryParams {

  private final Map<String, List<String>> values;

  private QueryParams(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Parses the query part of {@code uri} (path and query). */
  public static QueryParams parse(String uri) {
    Map<String, List<String>> decoded = new QueryStringDecoder(uri).parameters();
    Map<String, List<String>> copy = new LinkedHashMap<>();
    decoded.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    return new QueryParams(copy);
  }

  /** The first value of {@code name}, or null when absent. */
  public String get(String name) {
    List<String> list = values.get(name);
    return list == null || list.isEmpty() ? null : list.get(0);
  }

  /** Whether {@code name} was sent at all. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * The query string with {@code name} set to {@code value} (replacing it, or appended), for
   * building next/previous page links.
   */
  public String with(String name, String value) {
    StringJoiner query = new StringJoiner("&");
    boolean replaced = false;
    for (Map.Entry<String, List<String>> entry : values.entrySet()) {
      if (entry.getKey().equals(name)) {
        if (!replaced) {
          query.add(encode(name) + "=" + encode(value));
          replaced = true;
        }
        continue;
      }
      for (String v : entry.getValue()) {
        query.add(encode(entry.getKey()) + "=" + encode(v));
      }
    }
    if (!replaced) {
      query.add(encode(name) + "=" + encode(value));
    }
    return query.toString();
  }

  /** Every parameter except those named, as name=value text in a fixed order, for fingerprints. */
  public String canonicalWithout(List<String> excluded) {
    StringJoiner text = new StringJoiner("&");
    values.keySet().stream()
        .filter(name -> !excluded.contains(name))
        .sorted()
        .forEach(name -> values.get(name).forEach(v -> text.add(name + "=" + v)));
    return text.toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
