package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.Share;
import dev.calendlymcp.calendly.model.ShareRequest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/** Customised single-use links ("Customize once and share"), for one-on-one event types. */
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

  private static ShareRequest validate(ShareRequest request) {
    if (request == null) {
      throw Arguments.invalid("request", "is required");
    }
    Arguments.uri(request.eventType(), "event_type");
    if (request.name() != null && (request.name().isBlank() || request.name().length() > MAX_NAME)) {
      throw Arguments.invalid("name", "must be 1 to " + MAX_NAME + " characters");
    }
    if (request.duration() != null && (request.duration() < 1 || request.duration() > 720)) {
      throw Arguments.invalid("duration", "must be from 1 to 720 minutes, got " + request.duration());
    }
    List<Integer> options = request.durationOptions();
    if (options != null && (options.size() > 4 || new HashSet<>(options).size() != options.size()
        || options.stream().anyMatch(o -> o == null || o < 1 || o > 720))) {
      throw Arguments.invalid("duration_options", "must be at most 4 different lengths from 1 to 720 minutes");
    }
    if (options != null && request.duration() != null && !options.contains(request.duration())) {
      throw Arguments.invalid("duration", "must be one of duration_options " + options);
    }
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
    if (request.availabilityRule() != null) {
      EventTypeSettingsApi.validate(request.availabilityRule(), "availability_rule");
    }
    return request;
  }
}
