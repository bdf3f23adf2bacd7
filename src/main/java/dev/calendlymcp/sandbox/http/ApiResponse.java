package dev.calendlymcp.sandbox.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the sandbox answers: a status, headers and a body (JSON or empty).
 *
 * @param status HTTP status
 * @param headers response headers, in order
 * @param body the body bytes; empty for 204
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

  private static final String JSON_TYPE = "application/json; charset=utf-8";

  public ApiResponse {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A JSON answer. */
  public static ApiResponse json(int status, JsonNode body) {
    return new ApiResponse(status, Map.of("Content-Type", JSON_TYPE), Json.bytes(body));
  }

  /** 200 {@code {"resource": …}}. */
  public static ApiResponse resource(JsonNode resource) {
    return resource(200, resource);
  }

  /** {@code {"resource": …}} with {@code status}. */
  public static ApiResponse resource(int status, JsonNode resource) {
    ObjectNode body = Json.object();
    body.set("resource", resource);
    return json(status, body);
  }

  /** 204 without a body. */
  public static ApiResponse noContent() {
    return new ApiResponse(204, Map.of(), new byte[0]);
  }

  /** This answer with {@code extra} headers added (replacing same-named ones). */
  public ApiResponse withHeaders(Map<String, String> extra) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putAll(extra);
    return new ApiResponse(status, all, body);
  }

  /** This answer with another status and body, keeping its headers. */
  public ApiResponse withBody(int newStatus, byte[] newBody) {
    return new ApiResponse(newStatus, headers, newBody);
  }
}
