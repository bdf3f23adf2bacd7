package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Problems;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.model.Ids;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.webhooks.WebhookPublisher;
import java.time.Clock;
import java.time.Instant;

/**
 * What every endpoint group needs: the store, URIs and views, the clock, the id sequence, the
 * availability engine adapter, the webhook publisher and the availability span limit.
 *
 * @param store the model
 * @param uris URI minting and parsing
 * @param views JSON rendering
 * @param clock every time read goes through it
 * @param ids identifiers for new resources
 * @param availability slots of event types
 * @param webhooks where booking and cancellation events go
 * @param maxAvailableTimesSpanDays longest range of {@code GET /event_type_available_times}
 */
public record ApiContext(
    SandboxStore store,
    Uris uris,
    Views views,
    Clock clock,
    Ids ids,
    AvailabilityService availability,
    WebhookPublisher webhooks,
    int maxAvailableTimesSpanDays) {

  /** The current time. */
  public Instant now() {
    return clock.instant();
  }

  /** A query parameter reader with a fresh problem list. */
  Params params(ApiRequest request) {
    return new Params(request.query(), new Problems(), uris);
  }

  /** A JSON body reader with a fresh problem list. */
  Body body(ApiRequest request) {
    return Body.of(request.jsonBody(), new Problems(), uris);
  }
}
