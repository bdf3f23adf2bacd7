package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.DateSetting;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.OneOffEventTypeRequest;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Event types: list and read them, and create one-off event types. Creating and changing standard
 * one-on-one event types is {@link EventTypeSettingsApi}'s.
 */
public final class EventTypesApi {

  // Calendly's documented limits for one-off event types.
  private static final int MAX_NAME_LENGTH = 55;
  private static final int MAX_DURATION_MINUTES = 720;

  private final RestCalls rest;

  EventTypesApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code GET /event_types}: one page; {@code page} null for the first page at Calendly's default
   * size.
   */
  public Mono<Page<EventType>> list(EventTypeQuery query, PageRequest page) {
    return Mono.fromCallable(() -> required(query).toQuery())
        .flatMap(q -> rest.page(Endpoint.LIST_EVENT_TYPES, List.of(), q, page, EventType.class));
  }

  /** {@code GET /event_types}: every match, fetched {@code pageSize} (1–100) at a time. */
  public Flux<EventType> listAll(EventTypeQuery query, int pageSize) {
    return Flux.defer(
        () -> {
          required(query).toQuery();
          return rest.all(
              Endpoint.LIST_EVENT_TYPES, List.of(), query::toQuery, pageSize, EventType.class);
        });
  }

  /** {@code GET /event_types/{uuid}}; takes the event type's URI or UUID. */
  public Mono<EventType> get(String eventTypeUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(eventTypeUriOrUuid, "event_type"))
        .flatMap(
            uuid ->
                rest.resource(
                    Endpoint.GET_EVENT_TYPE, List.of(uuid), new OutboundRequest.Query(), EventType.class));
  }

  /**
   * {@code POST /one_off_event_types}: an ad-hoc meeting link for a range of days; returns the new
   * event type ({@code AdhocEventType}), whose {@code scheduling_url} is the link to share.
   */
  public Mono<EventType> createOneOff(OneOffEventTypeRequest request) {
    return Mono.fromCallable(() -> validate(request))
        .flatMap(
            body -> rest.resource(Endpoint.CREATE_ONE_OFF_EVENT_TYPE, List.of(), body, EventType.class));
  }

  private static EventTypeQuery required(EventTypeQuery query) {
    if (query == null) {
      throw Arguments.invalid(
          "query", "is required: use EventTypeQuery.forUser(…) or EventTypeQuery.forOrganization(…)");
    }
    return query;
  }

  private static OneOffEventTypeRequest validate(OneOffEventTypeRequest request) {
    if (request == null) {
      throw Arguments.invalid("request", "is required");
    }
    Arguments.text(request.name(), "name");
    if (request.name().length() > MAX_NAME_LENGTH) {
      throw Arguments.invalid(
          "name",
          "must be at most " + MAX_NAME_LENGTH + " characters, got " + request.name().length());
    }
    Arguments.uri(request.host(), "host");
    if (request.coHosts() != null) {
      for (int i = 0; i < request.coHosts().size(); i++) {
        Arguments.uri(request.coHosts().get(i), "co_hosts[" + i + "]");
      }
    }
    if (request.duration() == null
        || request.duration() < 1
        || request.duration() > MAX_DURATION_MINUTES) {
      throw Arguments.invalid(
          "duration",
          "must be a number of minutes from 1 to "
              + MAX_DURATION_MINUTES
              + ", got "
              + request.duration());
    }
    Arguments.optionalTimezone(request.timezone(), "timezone");
    validate(request.dateSetting());
    EventTypeLocation location = request.location();
    if (location != null) {
      Arguments.text(location.kind(), "location.kind");
    }
    return request;
  }

  private static void validate(DateSetting dates) {
    if (dates == null) {
      throw Arguments.invalid(
          "date_setting", "is required, e.g. DateSetting.dateRange(startDate, endDate)");
    }
    Arguments.text(dates.type(), "date_setting.type");
    if (DateSetting.DATE_RANGE.equals(dates.type())) {
      if (dates.startDate() == null) {
        throw Arguments.invalid("date_setting.start_date", "is required for a date_range");
      }
      if (dates.endDate() == null) {
        throw Arguments.invalid("date_setting.end_date", "is required for a date_range");
      }
      if (dates.endDate().isBefore(dates.startDate())) {
        throw Arguments.invalid(
            "date_setting.end_date",
            "must not be before start_date (" + dates.startDate() + "), got " + dates.endDate());
      }
    }
  }
}
