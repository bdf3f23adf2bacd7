package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.SchedulingLink;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Mono;

/** Scheduling links: single-use booking links for an event type. */
public final class SchedulingLinksApi {

  private final RestCalls rest;

  SchedulingLinksApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code POST /scheduling_links}: a link that books exactly one meeting of the event type, then
   * stops working (it expires after 90 days if unused). Each call creates a new link.
   */
  public Mono<SchedulingLink> create(String eventTypeUri) {
    return Mono.fromCallable(() -> new Body(1, CalendlyIds.uri(eventTypeUri, "owner"), "EventType"))
        .flatMap(body -> rest.resource(Endpoint.CREATE_SCHEDULING_LINK, List.of(), body, SchedulingLink.class));
  }

  /** Calendly only accepts {@code max_event_count} 1 and {@code owner_type} EventType. */
  record Body(int maxEventCount, URI owner, String ownerType) {}
}
