package dev.calendlymcp.sandbox.oauth;

import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * An error answer of the token, revocation and introspection endpoints, in OAuth's shape
 * ({@code {"error", "error_description"}}, RFC 6749 §5.2) rather than Calendly's API shape.
 * Descriptions never contain a token, code or secret. No stack trace: these are answers.
 */
final class OAuthError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final transient Map<String, String> headers;

  private OAuthError(int status, String error, String description, Map<String, String> headers) {
    super(description, null, false, false);
    this.status = status;
    this.error = error;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  static OAuthError invalidRequest(String description) {
    return new OAuthError(400, "invalid_request", description, Map.of());
  }

  static OAuthError invalidGrant(String description) {
    return new OAuthError(400, "invalid_grant", description, Map.of());
  }

  static OAuthError invalidScope(String description) {
    return new OAuthError(400, "invalid_scope", description, Map.of());
  }

  static OAuthError unsupportedGrantType(String description) {
    return new OAuthError(400, "unsupported_grant_type", description, Map.of());
  }

  /** 400 with an error code Nimbus reported while parsing the request. */
  static OAuthError parsing(String error, String description) {
    return new OAuthError(400, error, description, Map.of());
  }

  /**
   * 401: the client is unknown or its credentials are wrong. A client that tried HTTP Basic is
   * told which scheme to use, as RFC 6749 §5.2 asks.
   */
  static OAuthError invalidClient(String description, boolean triedBasic) {
    return new OAuthError(
        401, "invalid_client", description,
        triedBasic ? Map.of("WWW-Authenticate", "Basic realm=\"calendly-sandbox\"") : Map.of());
  }

  String error() {
    return error;
  }

  int status() {
    return status;
  }

  ApiResponse toResponse() {
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put("error_description", getMessage());
    return OAuthResponses.noStore(ApiResponse.json(status, body).withHeaders(headers));
  }
}
