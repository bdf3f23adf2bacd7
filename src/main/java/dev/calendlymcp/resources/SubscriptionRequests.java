package dev.calendlymcp.resources;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Answers {@code resources/subscribe} and {@code resources/unsubscribe} in place of the SDK, whose
 * list of subscribers knows URIs but not accounts. Each transport calls it with the session and the
 * account the request acts for.
 */
public final class SubscriptionRequests {

  private final CalendlyResources resources;
  private final Subscriptions subscriptions;

  public SubscriptionRequests(CalendlyResources resources, Subscriptions subscriptions) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
  }

  /** Whether this class answers requests of {@code method}. */
  public static boolean handles(String method) {
    return McpSchema.METHOD_RESOURCES_SUBSCRIBE.equals(method) || McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(method);
  }

  /**
   * The answer to one request, or empty when it is not a subscription request.
   *
   * @param sessionId the session the request arrived on
   * @param account the Calendly account the session acts for
   */
  public Optional<McpSchema.JSONRPCResponse> answer(
      Object id, String method, Object params, String sessionId, String account) {
    if (!handles(method)) {
      return Optional.empty();
    }
    Object uri = params instanceof Map<?, ?> map ? map.get("uri") : null;
    if (!(uri instanceof String text) || text.isEmpty()) {
      return Optional.of(error(id, McpSchema.ErrorCodes.INVALID_PARAMS,
          "Invalid params: " + method + " needs params.uri, a resource URI from resources/list or"
              + " resources/templates/list."));
    }
    if (McpSchema.METHOD_RESOURCES_UNSUBSCRIBE.equals(method)) {
      subscriptions.unsubscribe(sessionId, text);
      return Optional.of(McpSchema.JSONRPCResponse.result(id, Map.of()));
    }
    if (!resources.exists(text)) {
      return Optional.of(error(id, McpSchema.ErrorCodes.RESOURCE_NOT_FOUND,
          "Resource not found: " + shorten(text) + ". Subscribe to a URI from resources/list, or to an instance"
              + " of a template from resources/templates/list such as calendly://events/{uuid}."));
    }
    subscriptions.subscribe(sessionId, account, text);
    return Optional.of(McpSchema.JSONRPCResponse.result(id, Map.of()));
  }

  private static String shorten(String uri) {
    return uri.length() > 200 ? uri.substring(0, 200) + "…" : uri;
  }

  private static McpSchema.JSONRPCResponse error(Object id, int code, String message) {
    return McpSchema.JSONRPCResponse.error(id, new McpSchema.JSONRPCResponse.JSONRPCError(code, message));
  }
}
