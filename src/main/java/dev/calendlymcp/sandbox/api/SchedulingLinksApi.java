package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.SchedulingLink;
import tools.jackson.databind.node.ObjectNode;

/** Endpoint 16: a single-use scheduling link for an event type. */
public final class SchedulingLinksApi {

  private final ApiContext context;
  private final EventTypesApi eventTypes;

  public SchedulingLinksApi(ApiContext context, EventTypesApi eventTypes) {
    this.context = context;
    this.eventTypes = eventTypes;
  }

  /** Registers the route. */
  public void register(Router router) {
    router.write("POST", "/scheduling_links", "scheduling_links:write", this::create);
  }

  private ApiResponse create(ApiRequest request) {
    Body body = context.body(request);
    Integer maxEventCount = body.requiredInteger("max_event_count", 1, 1);
    String owner = body.requiredUri("owner", "event_types");
    String ownerType = body.requiredString("owner_type", 32);
    if (ownerType != null && !ownerType.equals("EventType")) {
      body.problems().add("owner_type", "must be EventType");
    }
    body.problems().throwIfAny();
    EventType eventType = eventTypes.visible(request.caller(), owner);
    if (!eventType.active()) {
      throw ApiException.invalid("owner", "the event type is not active");
    }
    SchedulingLink link =
        new SchedulingLink(
            context.ids().uuid(),
            eventType.uuid(),
            context.uris().page("d/" + context.ids().hex(12) + "/" + eventType.slug()),
            maxEventCount,
            context.now());
    context.store().putSchedulingLink(link);
    ObjectNode resource = Json.object();
    resource.put("booking_url", link.bookingUrl());
    resource.put("owner", context.uris().eventType(eventType.uuid()));
    resource.put("owner_type", "EventType");
    return ApiResponse.resource(201, resource);
  }
}
