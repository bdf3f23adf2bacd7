package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.MeetingRecap;
import dev.calendlymcp.calendly.model.Transcript;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/** Notetaker meeting recaps and their transcripts (paid plans; {@code meeting_recaps:*}). */
public final class MeetingRecapsApi {

  /** The statuses Calendly filters recaps by; it lists only {@code available} ones by default. */
  public static final List<String> STATUSES = List.of("available", "processing", "unavailable");

  private final RestCalls rest;

  MeetingRecapsApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * The filters of {@code GET /meeting_recaps}; null leaves one out.
   *
   * @param event a scheduled event URI
   * @param attendee an attendee's email address
   * @param status one of {@link #STATUSES}
   */
  public record Query(
      URI event, URI user, URI organization, String attendee, String status,
      Instant minStartTime, Instant maxStartTime) {

    public static Query forEvent(URI event) {
      return new Query(event, null, null, null, null, null, null);
    }

    OutboundRequest.Query toQuery() {
      if (status != null && !STATUSES.contains(status)) {
        throw Arguments.invalid("status", "must be one of " + String.join(", ", STATUSES));
      }
      return new OutboundRequest.Query()
          .add("event", Arguments.optionalUri(event, "event"))
          .add("user", Arguments.optionalUri(user, "user"))
          .add("organization", Arguments.optionalUri(organization, "organization"))
          .add("attendee", attendee == null ? null : Arguments.email(attendee, "attendee"))
          .add("status", status)
          .add("min_start_time", minStartTime)
          .add("max_start_time", maxStartTime);
    }
  }

  /** {@code GET /meeting_recaps}: one page of the recaps the user may read. */
  public Mono<Page<MeetingRecap>> list(Query query, PageRequest page) {
    return Mono.fromCallable(() -> (query == null ? new Query(null, null, null, null, null, null, null) : query).toQuery())
        .flatMap(q -> rest.page(Endpoint.LIST_MEETING_RECAPS, List.of(), q, page, MeetingRecap.class));
  }

  /** {@code GET /meeting_recaps/{uuid}}. */
  public Mono<MeetingRecap> get(String recapUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(recapUriOrUuid, "recap"))
        .flatMap(uuid -> rest.resource(
            Endpoint.GET_MEETING_RECAP, List.of(uuid), new OutboundRequest.Query(), MeetingRecap.class));
  }

  /** {@code GET /meeting_recaps/{uuid}/transcript}. */
  public Mono<Transcript> transcript(String recapUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(recapUriOrUuid, "recap"))
        .flatMap(uuid -> rest.resource(
            Endpoint.GET_MEETING_RECAP_TRANSCRIPT, List.of(uuid), new OutboundRequest.Query(), Transcript.class));
  }

  /**
   * The highlights {@code PATCH /meeting_recaps/{uuid}} can change, in Markdown; a null field is
   * left unchanged (Calendly would clear it on an explicit null, which this client never sends).
   */
  public record Update(String summaryMd, String actionItemsMd, String discussionMd) {}

  /** {@code PATCH /meeting_recaps/{uuid}}: replaces the given highlights. */
  public Mono<MeetingRecap> update(String recapUriOrUuid, Update update) {
    return Mono.fromCallable(() -> {
          if (update == null
              || update.summaryMd() == null && update.actionItemsMd() == null && update.discussionMd() == null) {
            throw new IllegalArgumentException(
                "update must change at least one of summary_md, action_items_md and discussion_md");
          }
          return CalendlyIds.uuid(recapUriOrUuid, "recap");
        })
        .flatMap(uuid -> rest.resource(Endpoint.UPDATE_MEETING_RECAP, List.of(uuid), update, MeetingRecap.class));
  }

  /** {@code DELETE /meeting_recaps/{uuid}}: removes the recap and its transcript for good. */
  public Mono<Void> delete(String recapUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(recapUriOrUuid, "recap"))
        .flatMap(uuid -> rest.noContent(Endpoint.DELETE_MEETING_RECAP, List.of(uuid), null));
  }
}
