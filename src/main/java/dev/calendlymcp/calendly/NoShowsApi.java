package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.InviteeNoShow;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Mono;

/** Marking invitees who did not attend, reading the mark, and taking it back. */
public final class NoShowsApi {

  private final RestCalls rest;

  NoShowsApi(RestCalls rest) {
    this.rest = rest;
  }

  /** {@code POST /invitee_no_shows}: marks the invitee (by URI) as a no-show. */
  public Mono<InviteeNoShow> mark(String inviteeUri) {
    return Mono.fromCallable(() -> new Body(CalendlyIds.uri(inviteeUri, "invitee")))
        .flatMap(body -> rest.resource(Endpoint.CREATE_INVITEE_NO_SHOW, List.of(), body, InviteeNoShow.class));
  }

  /** {@code GET /invitee_no_shows/{uuid}}. */
  public Mono<InviteeNoShow> get(String noShowUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(noShowUriOrUuid, "no_show"))
        .flatMap(
            uuid -> rest.resource(
                Endpoint.GET_INVITEE_NO_SHOW, List.of(uuid), new OutboundRequest.Query(), InviteeNoShow.class));
  }

  /** {@code DELETE /invitee_no_shows/{uuid}}: the invitee is no longer marked. */
  public Mono<Void> undo(String noShowUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(noShowUriOrUuid, "no_show"))
        .flatMap(uuid -> rest.noContent(Endpoint.DELETE_INVITEE_NO_SHOW, List.of(uuid), null));
  }

  record Body(URI invitee) {}
}
