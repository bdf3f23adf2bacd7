package dev.calendlymcp.sandbox.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An error answer in Calendly's shape, {@code {"title", "message", "details"}}, thrown from
 * anywhere in a handler and turned into the response by the pipeline. Titles and messages follow
 * Calendly's wording; {@code details} is sent only on 400. No stack trace is captured: these are
 * answers, not bugs.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Calendly's message for every 400. */
  public static final String INVALID_MESSAGE = "The supplied parameters are invalid.";

  private final int status;
  private final String title;
  private final transient List<ErrorDetail> details;
  private final transient Map<String, String> headers;

  private ApiException(
      int status, String title, String message, List<ErrorDetail> details, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.title = title;
    this.details = List.copyOf(details);
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** 400 naming every bad parameter. */
  public static ApiException invalid(List<ErrorDetail> details) {
    return new ApiException(400, "Invalid Argument", INVALID_MESSAGE, details, Map.of());
  }

  /** 400 naming one bad parameter. */
  public static ApiException invalid(String parameter, String message) {
    return invalid(List.of(new ErrorDetail(parameter, message)));
  }

  /** 401: the token is missing, unknown, expired or revoked. */
  public static ApiException unauthenticated(String message) {
    return new ApiException(401, "Unauthenticated", message, List.of(), Map.of());
  }

  /** 403: a scope, plan or role is missing, or the action is not allowed. */
  public static ApiException forbidden(String message) {
    return new ApiException(403, "Permission Denied", message, List.of(), Map.of());
  }

  /** 403 with Calendly's generic wording. */
  public static ApiException forbidden() {
    return forbidden("You do not have permission to access this resource.");
  }

  /** 404: unknown, or not visible to the caller. */
  public static ApiException notFound() {
    return new ApiException(
        404, "Resource Not Found", "The server could not find the requested resource.", List.of(), Map.of());
  }

  /** 409: the resource already exists. */
  public static ApiException alreadyExists(String message) {
    return new ApiException(409, "Already Exists", message, List.of(), Map.of());
  }

  /** 409: the resource is in a state that does not allow the change (e.g. a booked share). */
  public static ApiException conflict(String message) {
    return new ApiException(409, "Conflict", message, List.of(), Map.of());
  }

  /** 429 with {@code Retry-After} and the rate-limit headers of the budget that ran out. */
  public static ApiException tooManyRequests(String message, Map<String, String> headers) {
    return new ApiException(429, "Too Many Requests", message, List.of(), headers);
  }

  /** 500 with Calendly's wording, for failures of the sandbox itself. */
  public static ApiException internalError() {
    return injected(500);
  }

  /**
   * An error status injected as a fault, with the title Calendly uses for that status and, for
   * server errors, Calendly's 500 message.
   */
  public static ApiException injected(int status) {
    String title =
        switch (status) {
          case 400 -> "Invalid Argument";
          case 401 -> "Unauthenticated";
          case 403 -> "Permission Denied";
          case 404 -> "Resource Not Found";
          case 409 -> "Already Exists";
          case 429 -> "Too Many Requests";
          case 502 -> "Bad Gateway";
          case 503 -> "Service Unavailable";
          case 504 -> "Gateway Timeout";
          default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    String message =
        status >= 500
            ? "The server encountered an unexpected condition that prevented it from fulfilling the request."
            : "The sandbox injected this error.";
    return new ApiException(status, title, message, List.of(), Map.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<ErrorDetail> details() {
    return details;
  }

  /** Extra response headers, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The answer this exception stands for. */
  public ApiResponse toResponse() {
    ObjectNode body = Json.object();
    body.put("title", title);
    body.put("message", getMessage());
    if (status == 400) {
      ArrayNode list = body.putArray("details");
      for (ErrorDetail detail : details) {
        list.addObject().put("parameter", detail.parameter()).put("message", detail.message());
      }
    }
    ApiResponse response = ApiResponse.json(status, body);
    Map<String, String> all = new LinkedHashMap<>(response.headers());
    all.putAll(headers);
    return response.withHeaders(all);
  }
}
