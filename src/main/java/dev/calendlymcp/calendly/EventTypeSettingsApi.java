package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailabilitySchedule;
import dev.calendlymcp.calendly.model.EventTypeHost;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.EventTypeSettings;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writing event types (Calendly's June 2025 and November 2026 additions): create and update
 * one-on-one event types, read their hosts, and read and replace the hours they are bookable.
 */
public final class EventTypeSettingsApi {

  // Calendly's documented limits (event type pages and the 2026-11-13 release note).
  private static final int MAX_DURATION = 720;
  private static final int MAX_DURATION_OPTIONS = 4;
  private static final int MIN_INCREMENT = 5;
  private static final int MAX_INCREMENT = 720;
  private static final Set<Integer> BUFFERS = Set.of(0, 5, 10, 15, 30, 45, 60, 90, 120, 150, 180);

  private final RestCalls rest;

  EventTypeSettingsApi(RestCalls rest) {
    this.rest = rest;
  }

  /** {@code POST /event_types}: a new one-on-one event type for {@code settings.owner()}. */
  public Mono<EventType> create(EventTypeSettings settings) {
    return Mono.fromCallable(
            () -> {
              validate(settings);
              Arguments.uri(settings.owner(), "owner");
              Arguments.text(settings.name(), "name");
              return settings;
            })
        .flatMap(body -> rest.resource(Endpoint.CREATE_EVENT_TYPE, List.of(), body, EventType.class));
  }

  /**
   * {@code PATCH /event_types/{uuid}}: changes the fields that are not null and keeps the rest.
   * Calendly accepts only one-on-one ({@code solo}) event types here.
   */
  public Mono<EventType> update(String eventTypeUriOrUuid, EventTypeSettings changes) {
    return Mono.fromCallable(
            () -> {
              String uuid = CalendlyIds.uuid(eventTypeUriOrUuid, "event_type");
              validate(changes);
              if (changes.owner() != null) {
                throw Arguments.invalid("owner", "cannot be changed on an existing event type");
              }
              return uuid;
            })
        .flatMap(
            uuid -> rest.resource(Endpoint.UPDATE_EVENT_TYPE, List.of(uuid), changes, EventType.class));
  }

  /** {@code GET /event_type_memberships}: one page of the event type's hosts. */
  public Mono<Page<EventTypeHost>> hosts(String eventTypeUri, PageRequest page) {
    return Mono.fromCallable(() -> hostsQuery(eventTypeUri))
        .flatMap(q -> rest.page(Endpoint.LIST_EVENT_TYPE_HOSTS, List.of(), q, page, EventTypeHost.class));
  }

  /** {@code GET /event_type_memberships}: every host, {@code pageSize} (1–100) at a time. */
  public Flux<EventTypeHost> allHosts(String eventTypeUri, int pageSize) {
    return Flux.defer(
        () -> {
          hostsQuery(eventTypeUri);
          return rest.all(
              Endpoint.LIST_EVENT_TYPE_HOSTS, List.of(), () -> hostsQuery(eventTypeUri), pageSize,
              EventTypeHost.class);
        });
  }

  /** {@code GET /event_type_availability_schedules}: the hours the event type is bookable. */
  public Mono<List<EventTypeAvailabilitySchedule>> availability(String eventTypeUri) {
    return Mono.fromCallable(() -> eventTypeQuery(eventTypeUri))
        .flatMap(
            q -> rest.page(
                Endpoint.LIST_EVENT_TYPE_AVAILABILITY_SCHEDULES, List.of(), q, null,
                EventTypeAvailabilitySchedule.class))
        .map(Page::collection);
  }

  /**
   * {@code PATCH /event_type_availability_schedules}: replaces the event type's hours with {@code
   * rule} (every host shares them). The rules replace the old ones whole: send every weekday.
   */
  public Mono<List<EventTypeAvailabilitySchedule>> updateAvailability(
      String eventTypeUri, EventTypeAvailabilitySchedule.Rule rule) {
    return Mono.fromCallable(
            () -> {
              OutboundRequest.Query query = eventTypeQuery(eventTypeUri);
              validate(rule, "availability_rule");
              return query;
            })
        .flatMap(
            q -> rest.items(
                Endpoint.UPDATE_EVENT_TYPE_AVAILABILITY_SCHEDULES, q, new AvailabilityBody(rule, "host"),
                EventTypeAvailabilitySchedule.class));
  }

  record AvailabilityBody(EventTypeAvailabilitySchedule.Rule availabilityRule, String availabilitySetting) {}

  private static OutboundRequest.Query hostsQuery(String eventTypeUri) {
    return eventTypeQuery(eventTypeUri);
  }

  private static OutboundRequest.Query eventTypeQuery(String eventTypeUri) {
    URI uri = CalendlyIds.uri(eventTypeUri, "event_type");
    return new OutboundRequest.Query().add("event_type", uri);
  }

  /** Checks the rules the way Calendly does, so a bad rule fails before any request is made. */
  static void validate(EventTypeAvailabilitySchedule.Rule rule, String field) {
    if (rule == null) {
      throw Arguments.invalid(field, "is required");
    }
    Arguments.timezone(rule.timezone(), field + ".timezone");
    for (int i = 0; i < rule.rules().size(); i++) {
      AvailabilityRule r = rule.rules().get(i);
      String name = field + ".rules[" + i + "]";
      if (r == null || r.type() == null || r.type() == AvailabilityRule.Type.UNKNOWN) {
        throw Arguments.invalid(name + ".type", "must be wday or date");
      }
      if (r.type() == AvailabilityRule.Type.WDAY && (r.wday() == null || r.date() != null)) {
        throw Arguments.invalid(name, "a wday rule needs wday and no date");
      }
      if (r.type() == AvailabilityRule.Type.DATE && (r.date() == null || r.wday() != null)) {
        throw Arguments.invalid(name, "a date rule needs date and no wday");
      }
      for (int j = 0; j < r.intervals().size(); j++) {
        AvailabilityRule.Interval interval = r.intervals().get(j);
        String at = name + ".intervals[" + j + "]";
        int from;
        int to;
        try {
          from = interval.fromMinute();
          to = interval.toMinute();
        } catch (IllegalStateException e) {
          throw Arguments.invalid(at, "needs from and to as HH:MM, e.g. 09:00 and 17:00");
        }
        if (to <= from) {
          throw Arguments.invalid(at, "must end after it starts");
        }
      }
    }
  }

  private static void validate(EventTypeSettings settings) {
    if (settings == null) {
      throw Arguments.invalid("settings", "is required");
    }
    if (settings.name() != null && settings.name().isBlank()) {
      throw Arguments.invalid("name", "must not be blank");
    }
    if (settings.duration() != null && (settings.duration() < 1 || settings.duration() > MAX_DURATION)) {
      throw Arguments.invalid("duration", "must be from 1 to " + MAX_DURATION + " minutes, got " + settings.duration());
    }
    List<Integer> options = settings.durationOptions();
    if (options != null) {
      if (options.size() > MAX_DURATION_OPTIONS || new HashSet<>(options).size() != options.size()) {
        throw Arguments.invalid("duration_options", "must be at most " + MAX_DURATION_OPTIONS + " different lengths");
      }
      for (Integer option : options) {
        if (option == null || option < 1 || option > MAX_DURATION) {
          throw Arguments.invalid("duration_options", "must each be from 1 to " + MAX_DURATION + " minutes");
        }
      }
      if (settings.duration() != null && !options.contains(settings.duration())) {
        throw Arguments.invalid("duration", "must be one of duration_options " + options);
      }
    }
    Integer increment = settings.startTimeIncrement();
    if (increment != null && (increment < MIN_INCREMENT || increment > MAX_INCREMENT)) {
      throw Arguments.invalid(
          "start_time_increment", "must be from " + MIN_INCREMENT + " to " + MAX_INCREMENT + " minutes, got " + increment);
    }
    buffer(settings.beforeBuffer(), "before_buffer");
    buffer(settings.afterBuffer(), "after_buffer");
    if (settings.locations() != null) {
      for (int i = 0; i < settings.locations().size(); i++) {
        EventTypeLocation location = settings.locations().get(i);
        Arguments.text(location == null ? null : location.kind(), "locations[" + i + "].kind");
      }
    }
  }

  private static void buffer(Integer minutes, String field) {
    if (minutes != null && !BUFFERS.contains(minutes)) {
      throw Arguments.invalid(
          field, "must be one of 0, 5, 10, 15, 30, 45, 60, 90, 120, 150 or 180 minutes, got " + minutes);
    }
  }
}
