package dev.calendlymcp.calendly;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.BusyTime;
import dev.calendlymcp.calendly.model.EventTypeAvailabilitySchedule;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.calendly.model.Weekday;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Availability: an event type's open slots, a user's busy times and a user's availability
 * schedules, which Calendly lets the user create and change since its availability:write release.
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

  /**
   * The body of {@code POST /user_availability_schedules}.
   *
   * @param rules exactly one {@code wday} rule for each day of the week (no intervals: closed),
   *     plus {@code date} rules that override single days
   */
  public record NewSchedule(String name, String timezone, List<AvailabilityRule> rules) {}

  /**
   * The body of {@code PATCH /user_availability_schedules/{uuid}}; null fields stay as they are.
   *
   * @param rules the whole new rule set; it replaces every rule (read, edit, send back)
   * @param makeDefault {@code true} makes this the user's default schedule (Calendly refuses
   *     {@code false}: a user always has one default)
   */
  public record ScheduleUpdate(
      String name, String timezone, List<AvailabilityRule> rules, @JsonProperty("default") Boolean makeDefault) {}

  /**
   * {@code POST /user_availability_schedules}: a new schedule of the authenticated user, used by
   * no event type until one is set to it. Not idempotent: a retry would make a second schedule.
   */
  public Mono<AvailabilitySchedule> createSchedule(NewSchedule schedule) {
    return Mono.fromCallable(() -> {
          if (schedule == null) {
            throw Arguments.invalid("schedule", "is required");
          }
          Arguments.text(schedule.name(), "name");
          checkRules(schedule.timezone(), schedule.rules());
          return schedule;
        })
        .flatMap(body -> rest.resource(
            Endpoint.CREATE_USER_AVAILABILITY_SCHEDULE, List.of(), body, AvailabilitySchedule.class));
  }

  /**
   * {@code PATCH /user_availability_schedules/{uuid}}: renames it, moves it to another time zone
   * (the rules keep their local times), replaces its rules or makes it the default. Every event
   * type that uses it takes the new hours at once.
   */
  public Mono<AvailabilitySchedule> updateSchedule(String scheduleUriOrUuid, ScheduleUpdate update) {
    return Mono.fromCallable(() -> {
          String uuid = CalendlyIds.uuid(scheduleUriOrUuid, "availability_schedule");
          if (update == null || update.name() == null && update.timezone() == null && update.rules() == null
              && update.makeDefault() == null) {
            throw Arguments.invalid("update", "must change name, timezone, rules or default");
          }
          if (Boolean.FALSE.equals(update.makeDefault())) {
            throw Arguments.invalid("default", "can only be set to true; make another schedule the default instead");
          }
          if (update.name() != null) {
            Arguments.text(update.name(), "name");
          }
          if (update.timezone() != null) {
            Arguments.timezone(update.timezone(), "timezone");
          }
          if (update.rules() != null) {
            // The rules are checked on their own here; the schedule's zone is Calendly's to apply.
            checkRules(update.timezone() == null ? "UTC" : update.timezone(), update.rules());
          }
          return uuid;
        })
        .flatMap(uuid -> rest.resource(
            Endpoint.UPDATE_USER_AVAILABILITY_SCHEDULE, List.of(uuid), update, AvailabilitySchedule.class));
  }

  // A full rule set, as Calendly requires on create and on replacing the rules.
  private static void checkRules(String timezone, List<AvailabilityRule> rules) {
    if (rules == null) {
      throw Arguments.invalid("rules", "are required");
    }
    EventTypeSettingsApi.validate(new EventTypeAvailabilitySchedule.Rule(timezone, null, rules), "schedule");
    Set<Weekday> days = EnumSet.noneOf(Weekday.class);
    for (AvailabilityRule rule : rules) {
      if (rule.type() == AvailabilityRule.Type.WDAY && !days.add(rule.wday())) {
        throw Arguments.invalid("rules", "name " + rule.wday().name().toLowerCase(java.util.Locale.ROOT) + " twice");
      }
    }
    if (days.size() != 7) {
      throw Arguments.invalid("rules", "need exactly one wday rule for each day of the week, sunday to saturday");
    }
  }
}
