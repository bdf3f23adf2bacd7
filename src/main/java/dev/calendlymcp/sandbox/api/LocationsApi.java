package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /locations}: the meeting locations a user has configured, in one unpaginated
 * collection. The sandbox has no separate location settings, so a user's locations are the
 * distinct ones their event types use, in event type order.
 */
public final class LocationsApi {

  private final ApiContext context;

  public LocationsApi(ApiContext context) {
    this.context = context;
  }

  /** Registers the route. */
  public void register(Router router) {
    router.read("GET", "/locations", "locations:read", this::list);
  }

  private ApiResponse list(ApiRequest request) {
    Params params = context.params(request);
    String user = params.requiredUri("user", "users");
    params.problems().throwIfAny();
    Access.referencedUser(context.store(), request.caller(), user);
    Access.requireSelfOrAdmin(request.caller(), user);
    Set<EventTypeLocation> distinct = new LinkedHashSet<>();
    for (EventType eventType : context.store().eventTypesOf(user)) {
      distinct.addAll(eventType.locations());
    }
    ObjectNode body = Json.object();
    ArrayNode collection = body.putArray("collection");
    for (EventTypeLocation location : distinct) {
      ObjectNode item = collection.addObject();
      item.put("kind", location.kind());
      item.put("location", location.location());
      item.put("additional_info", location.additionalInfo());
    }
    return ApiResponse.json(200, body);
  }
}
