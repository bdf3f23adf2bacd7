package dev.calendlymcp.sandbox.http;

import dev.calendlymcp.sandbox.model.Uris;
import java.time.Instant;
import java.util.List;

/**
 * Reads query parameters, recording a {@link Problems} entry (and returning null) for each one
 * that is missing or malformed.
 */
public final class Params {

  private final QueryParams query;
  private final Problems problems;
  private final Uris uris;

  public Params(QueryParams query, Problems problems, Uris uris) {
    this.query = query;
    this.problems = problems;
    this.uris = uris;
  }

  /** The problems found so far. */
  public Problems problems() {
    return problems;
  }

  /** Whether the parameter was sent with a non-empty value. */
  public boolean present(String name) {
    String value = query.get(name);
    return value != null && !value.isEmpty();
  }

  /** An optional string, or null. */
  public String string(String name) {
    String value = query.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** A required string; records "is required" when absent. */
  public String requiredString(String name) {
    String value = string(name);
    if (value == null) {
      problems.add(name, "is required");
    }
    return value;
  }

  /** An optional {@code true}/{@code false}, or null. */
  public Boolean bool(String name) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    problems.add(name, "must be true or false");
    return null;
  }

  /** An optional value from {@code allowed}, or null. */
  public String oneOf(String name, List<String> allowed) {
    String value = string(name);
    if (value != null && !allowed.contains(value)) {
      problems.add(name, "must be one of: " + String.join(", ", allowed));
      return null;
    }
    return value;
  }

  /** An optional ISO-8601 timestamp, or null. */
  public Instant instant(String name) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    return Times.parseInstant(value)
        .orElseGet(
            () -> {
              problems.add(name, "must be an ISO-8601 timestamp with a time zone, e.g. 2026-01-02T15:00:00.000000Z");
              return null;
            });
  }

  /** A required ISO-8601 timestamp; records "is required" when absent. */
  public Instant requiredInstant(String name) {
    if (!present(name)) {
      problems.add(name, "is required");
      return null;
    }
    return instant(name);
  }

  /**
   * The uuid of an optional resource URI of {@code collection} (e.g. {@code users}), or null.
   * Records a problem when the value is not such a URI.
   */
  public String uri(String name, String collection) {
    String value = string(name);
    if (value == null) {
      return null;
    }
    return uris.uuidOf(value, collection)
        .orElseGet(
            () -> {
              problems.add(name, "must be a URI of the form " + uris.base() + "/" + collection + "/{uuid}");
              return null;
            });
  }

  /** The uuid of a required resource URI; records "is required" when absent. */
  public String requiredUri(String name, String collection) {
    if (!present(name)) {
      problems.add(name, "is required");
      return null;
    }
    return uri(name, collection);
  }
}
