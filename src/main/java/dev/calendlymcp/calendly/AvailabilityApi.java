package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.BusyTime;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Availability: an event type's open slots, a user's busy times and a user's availability
 * schedules. Read-only: Calendly's API cannot change availability.
 */
public final class AvailabilityApi {

  private final RestCalls rest;

  AvailabilityApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code GET /event_type_available_times}: the open slots of an event type between {@code
   * start} and {@code end}. Calendly caps the span (31 days today, 7 in older documentation) and
   * rejects a start in the past with a 400 naming the parameter; the cap is left to Calendly so
   * that this client keeps working when it changes.
   *
   * @param eventTypeUri the event type's URI
   */
  public Mono<List<EventTypeAvailableTime>> eventTypeAvailableTimes(
      String eventTypeUri, Instant start, Instant end) {
    return Mono.fromCallable(
            () -> {
              OutboundRequest.Query query =
                  new OutboundRequest.Query().add("event_type", CalendlyIds.uri(eventTypeUri, "event_type"));
              Arguments.endAfterStart(start, end);
              return query.add("start_time", start).add("end_time", end);
            })
        .flatMap(
            query ->
                rest.page(
                    Endpoint.LIST_EVENT_TYPE_AVAILABLE_TIMES, List.of(), query, null, EventTypeAvailableTime.class))
        .map(Page::collection);
  }

  /**
   * {@code GET /user_busy_times}: the user's Calendly meetings and conflicting external events
   * between {@code start} and {@code end}, in ascending order. Calendly caps the span at 7 days.
   *
   * @param userUri the user's URI
   */
  public Mono<List<BusyTime>> userBusyTimes(String userUri, Instant start, Instant end) {
    return Mono.fromCallable(
            () -> {
              OutboundRequest.Query query =
                  new OutboundRequest.Query().add("user", CalendlyIds.uri(userUri, "user"));
              Arguments.endAfterStart(start, end);
              return query.add("start_time", start).add("end_time", end);
            })
        .flatMap(query -> rest.page(Endpoint.LIST_USER_BUSY_TIMES, List.of(), query, null, BusyTime.class))
        .map(Page::collection);
  }

  /** {@code GET /user_availability_schedules}: every availability schedule of the user. */
  public Mono<List<AvailabilitySchedule>> userAvailabilitySchedules(String userUri) {
    return Mono.fromCallable(() -> new OutboundRequest.Query().add("user", CalendlyIds.uri(userUri, "user")))
        .flatMap(
            query ->
                rest.page(
                    Endpoint.LIST_USER_AVAILABILITY_SCHEDULES, List.of(), query, null, AvailabilitySchedule.class))
        .map(Page::collection);
  }

  /** {@code GET /user_availability_schedules/{uuid}}. */
  public Mono<AvailabilitySchedule> userAvailabilitySchedule(String scheduleUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(scheduleUriOrUuid, "availability_schedule"))
        .flatMap(
            uuid ->
                rest.resource(
                    Endpoint.GET_USER_AVAILABILITY_SCHEDULE,
                    List.of(uuid),
                    new OutboundRequest.Query(),
                    AvailabilitySchedule.class));
  }
}
