package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.EventTypeLocation;
import java.util.List;
import reactor.core.publisher.Mono;

/** Meeting locations a user has set up (conferencing, phone, addresses). */
public final class LocationsApi {

  private final RestCalls rest;

  LocationsApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code GET /locations}: every location the user has configured; Calendly returns them in one
   * unpaginated collection.
   */
  public Mono<List<EventTypeLocation>> ofUser(String userUri) {
    return Mono.fromCallable(() -> new OutboundRequest.Query().add("user", CalendlyIds.uri(userUri, "user")))
        .flatMap(q -> rest.page(Endpoint.LIST_USER_MEETING_LOCATIONS, List.of(), q, null, EventTypeLocation.class))
        .map(Page::collection);
  }
}
