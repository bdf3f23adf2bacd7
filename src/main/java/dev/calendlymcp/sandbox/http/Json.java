package dev.calendlymcp.sandbox.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON in and out, and the timestamp format of every response ({@code 2026-11-24T15:00:00.000000Z},
 * microseconds, UTC). The mapper is configured once and never changed, so sharing it is safe.
 */
public final class Json {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Json() {}

  /** A new, empty object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A new, empty array. */
  public static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** {@code instant} as Calendly writes timestamps, or null for null. */
  public static String timestamp(Instant instant) {
    return instant == null ? null : TIMESTAMP.format(instant);
  }

  /** Compact UTF-8 bytes of {@code node}. */
  public static byte[] bytes(JsonNode node) {
    return MAPPER.writeValueAsBytes(node);
  }

  /** Compact text of {@code node}. */
  public static String text(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  /**
   * Parses a request body.
   *
   * @throws ApiException 400 naming {@code body} when it is not JSON
   */
  public static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.invalid("body", "must be valid JSON");
    }
  }

  /** Parses JSON text; for callers that already trust the text, e.g. page tokens. */
  public static JsonNode parseText(String text) {
    return MAPPER.readTree(text);
  }
}
