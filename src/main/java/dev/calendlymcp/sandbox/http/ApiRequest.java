package dev.calendlymcp.sandbox.http;

import dev.calendlymcp.sandbox.auth.Caller;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One request as a handler sees it: path variables, query, headers, body and the caller. */
public final class ApiRequest {

  private final String method;
  private final String path;
  private final QueryParams query;
  private final Map<String, String> headers;
  private final byte[] body;
  private final Map<String, String> pathVariables;
  private final Caller caller;
  private final List<Runnable> afterCommit = new ArrayList<>();

  /**
   * @param headers header values by lower-case name
   * @param caller the authenticated caller; null on routes without bearer authentication
   */
  public ApiRequest(
      String method,
      String path,
      QueryParams query,
      Map<String, String> headers,
      byte[] body,
      Map<String, String> pathVariables,
      Caller caller) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = Map.copyOf(headers);
    this.body = body.clone();
    this.pathVariables = Map.copyOf(pathVariables);
    this.caller = caller;
  }

  public String method() {
    return method;
  }

  /** The path, without the query. */
  public String path() {
    return path;
  }

  public QueryParams query() {
    return query;
  }

  /** The value of path variable {@code {name}} in the route template. */
  public String pathVariable(String name) {
    String value = pathVariables.get(name);
    if (value == null) {
      throw new IllegalArgumentException("the route has no path variable " + name);
    }
    return value;
  }

  /** A header's value, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The raw body. */
  public byte[] rawBody() {
    return body.clone();
  }

  /**
   * The body as a JSON object.
   *
   * @throws ApiException 400 when the body is missing, not JSON or not an object
   */
  public JsonNode jsonBody() {
    if (body.length == 0) {
      throw ApiException.invalid("body", "is required");
    }
    JsonNode node = Json.parse(body);
    if (!node.isObject()) {
      throw ApiException.invalid("body", "must be a JSON object");
    }
    return node;
  }

  /** The authenticated caller; present on every API route. */
  public Caller caller() {
    if (caller == null) {
      throw new IllegalStateException("this route is not authenticated");
    }
    return caller;
  }

  /**
   * Runs {@code action} once the handler has succeeded and the store lock is released: how
   * handlers publish webhook events without calling out while holding the lock, and without
   * publishing anything for a request that failed.
   */
  public void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /** The actions registered with {@link #afterCommit}, in order. */
  public List<Runnable> committedActions() {
    return List.copyOf(afterCommit);
  }
}
