package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.EventTypeAvailabilitySchedule;
import dev.calendlymcp.calendly.model.Share;
import dev.calendlymcp.calendly.model.ShareRequest;
import dev.calendlymcp.calendly.model.ShareUpdate;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ObjectNode;

/**
 * Customised single-use links ("Customize once and share"), for one-on-one event types: made with
 * {@code shares:write}, listed with {@code shares:read}, and changed or deleted while no one has
 * booked them (2026-11-06).
 */
public final class SharesApi {

  private static final Set<String> PERIOD_TYPES = Set.of("fixed", "moving", "available_moving", "unlimited");
  private static final int MAX_NAME = 55;

  private final RestCalls rest;

  SharesApi(RestCalls rest) {
    this.rest = rest;
  }

  /** {@code POST /shares}: a new single-use link; what the request leaves out comes from the event type. */
  public Mono<Share> create(ShareRequest request) {
    return Mono.fromCallable(() -> validate(request))
        .flatMap(body -> rest.resource(Endpoint.CREATE_SHARE, List.of(), body, Share.class));
  }

  /**
   * The filters of {@code GET /shares}.
   *
   * @param user the authenticated user's URI (Calendly answers 403 for anyone else)
   * @param eventType only shares of this event type; null for all
   * @param minCreatedAt only shares made at or after this instant; null for no bound
   * @param maxCreatedAt only shares made before this instant; null for no bound
   * @param oldestFirst {@code created_at:asc} instead of Calendly's default, newest first
   */
  public record Query(URI user, URI eventType, Instant minCreatedAt, Instant maxCreatedAt, boolean oldestFirst) {

    OutboundRequest.Query toQuery() {
      if (minCreatedAt != null && maxCreatedAt != null && !maxCreatedAt.isAfter(minCreatedAt)) {
        throw Arguments.invalid("max_created_at", "must be after min_created_at");
      }
      return new OutboundRequest.Query()
          .add("user", Arguments.uri(user, "user"))
          .add("event_type", Arguments.optionalUri(eventType, "event_type"))
          .add("min_created_at", minCreatedAt)
          .add("max_created_at", maxCreatedAt)
          .add("sort", oldestFirst ? "created_at:asc" : null);
    }
  }

  /** {@code GET /shares}: one page of the user's shares, newest first unless asked otherwise. */
  public Mono<Page<Share>> list(Query query, PageRequest page) {
    return Mono.fromCallable(() -> {
          if (query == null) {
            throw Arguments.invalid("user", "is required");
          }
          return query.toQuery();
        })
        .flatMap(q -> rest.page(Endpoint.LIST_SHARES, List.of(), q, page, Share.class));
  }

  /**
   * {@code PATCH /shares/{uuid}}: changes an active share nobody has booked; Calendly answers 409
   * for a booked or expired one. Sending the same change twice leaves the same share.
   */
  public Mono<Share> update(String shareUriOrUuid, ShareUpdate update) {
    return Mono.fromCallable(() -> new Patch(CalendlyIds.uuid(shareUriOrUuid, "share"), body(update)))
        .flatMap(p -> rest.resource(Endpoint.UPDATE_SHARE, List.of(p.uuid()), p.body(), Share.class));
  }

  /** {@code DELETE /shares/{uuid}}: only a share nobody has booked (409 otherwise). */
  public Mono<Void> delete(String shareUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(shareUriOrUuid, "share"))
        .flatMap(uuid -> rest.noContent(Endpoint.DELETE_SHARE, List.of(uuid), null));
  }

  private record Patch(String uuid, ObjectNode body) {}

  private static ObjectNode body(ShareUpdate update) {
    if (update == null) {
      throw Arguments.invalid("update", "is required");
    }
    for (String field : update.restore()) {
      if (!ShareUpdate.FIELDS.contains(field)) {
        throw Arguments.invalid("restore", field + " is not a field of a share; use one of " + ShareUpdate.FIELDS);
      }
    }
    if (update.contact() != null) {
      Arguments.uri(update.contact(), "contact");
    }
    // The create rules hold for the fields given; the period's own fields may come from the share.
    checkSettings(update.name(), update.duration(), update.durationOptions(), update.availabilityRule());
    String period = update.periodType();
    if (period != null && !PERIOD_TYPES.contains(period)) {
      throw Arguments.invalid("period_type", "must be fixed, moving, available_moving or unlimited");
    }
    if (update.startDate() != null && update.endDate() != null && update.endDate().isBefore(update.startDate())) {
      throw Arguments.invalid("end_date", "must not be before start_date");
    }
    if (update.maxBookingTime() != null && update.maxBookingTime() < 1) {
      throw Arguments.invalid("max_booking_time", "must be at least 1 day");
    }
    if (update.minBookingTime() != null && update.minBookingTime() < 1) {
      throw Arguments.invalid("min_booking_time", "must be at least 1 minute");
    }
    ObjectNode body = CalendlyJson.mapper().valueToTree(update);
    body.remove("restore");
    for (String field : update.restore()) {
      if (body.has(field)) {
        throw Arguments.invalid(field, "cannot be both set and restored");
      }
      body.putNull(field);
    }
    if (body.isEmpty()) {
      throw Arguments.invalid("update", "must change or restore at least one field");
    }
    return body;
  }

  private static ShareRequest validate(ShareRequest request) {
    if (request == null) {
      throw Arguments.invalid("request", "is required");
    }
    Arguments.uri(request.eventType(), "event_type");
    checkSettings(request.name(), request.duration(), request.durationOptions(), request.availabilityRule());
    String period = request.periodType();
    if (period != null && !PERIOD_TYPES.contains(period)) {
      throw Arguments.invalid("period_type", "must be fixed, moving, available_moving or unlimited");
    }
    if ("fixed".equals(period)) {
      if (request.startDate() == null || request.endDate() == null) {
        throw Arguments.invalid("start_date", "and end_date are required when period_type is fixed");
      }
      if (request.endDate().isBefore(request.startDate())) {
        throw Arguments.invalid("end_date", "must not be before start_date");
      }
    }
    if (("moving".equals(period) || "available_moving".equals(period))
        && (request.maxBookingTime() == null || request.maxBookingTime() < 1)) {
      throw Arguments.invalid("max_booking_time", "(days) is required when period_type is " + period);
    }
    return request;
  }

  private static void checkSettings(
      String name, Integer duration, List<Integer> options, EventTypeAvailabilitySchedule.Rule availabilityRule) {
    if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
      throw Arguments.invalid("name", "must be 1 to " + MAX_NAME + " characters");
    }
    if (duration != null && (duration < 1 || duration > 720)) {
      throw Arguments.invalid("duration", "must be from 1 to 720 minutes, got " + duration);
    }
    if (options != null && (options.size() > 4 || new HashSet<>(options).size() != options.size()
        || options.stream().anyMatch(o -> o == null || o < 1 || o > 720))) {
      throw Arguments.invalid("duration_options", "must be at most 4 different lengths from 1 to 720 minutes");
    }
    if (options != null && duration != null && !options.contains(duration)) {
      throw Arguments.invalid("duration", "must be one of duration_options " + options);
    }
    if (availabilityRule != null) {
      EventTypeSettingsApi.validate(availabilityRule, "availability_rule");
    }
  }
}
