package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.BusyTime;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.calendly.model.Weekday;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityApiTest extends WireMockCalendlyTest {

  static final String EVENT_TYPE = "https://api.calendly.com/event_types/EVENTTYPEAAAAAAA";
  static final String USER = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
  static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
  static final Instant END = Instant.parse("2026-12-08T00:00:00Z");

  @Test
  void eventTypeAvailableTimesSendsTheEventTypeAndRangeAndReadsEverySlot() {
    wm.stubFor(
        get(urlPathEqualTo("/event_type_available_times"))
            .willReturn(okJson(fixture("event-type-available-times.json"))));

    List<EventTypeAvailableTime> slots =
        client.availability().eventTypeAvailableTimes(EVENT_TYPE, START, END).block();

    assertThat(slots).hasSize(2);
    EventTypeAvailableTime first = slots.get(0);
    assertThat(first.status()).isEqualTo("available");
    assertThat(first.inviteesRemaining()).isEqualTo(1);
    assertThat(first.startTime()).isEqualTo(Instant.parse("2026-12-01T15:00:00Z"));
    assertThat(first.schedulingUrl())
        .isEqualTo(
            URI.create(
                "https://calendly.com/acmesales/discovery-call/2026-12-01T15:00:00Z?month=2026-12&date=2026-12-01"));
    assertThat(slots.get(1).inviteesRemaining()).isEqualTo(4);
    wm.verify(
        getRequestedFor(urlPathEqualTo("/event_type_available_times"))
            .withQueryParam("event_type", equalTo(EVENT_TYPE))
            .withQueryParam("start_time", equalTo("2026-12-01T00:00:00Z"))
            .withQueryParam("end_time", equalTo("2026-12-08T00:00:00Z"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void eventTypeAvailableTimesLeavesTheMaximumSpanToCalendly() {
    wm.stubFor(
        get(urlPathEqualTo("/event_type_available_times"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are invalid.\","
                            + "\"details\":[{\"parameter\":\"end_time\",\"message\":\"date range can be no greater than 31 days\"}]}")));
    Instant farEnd = START.plus(Duration.ofDays(40));

    assertThatThrownBy(() -> client.availability().eventTypeAvailableTimes(EVENT_TYPE, START, farEnd).block())
        .isInstanceOfSatisfying(
            CalendlyException.BadRequest.class,
            e -> {
              assertThat(e.details()).extracting(CalendlyException.FieldError::parameter).containsExactly("end_time");
              assertThat(e.getMessage()).contains("no greater than 31 days");
            });
    wm.verify(
        getRequestedFor(urlPathEqualTo("/event_type_available_times"))
            .withQueryParam("end_time", equalTo(farEnd.toString())));
  }

  @Test
  void eventTypeAvailableTimesRejectsAnEndThatIsNotAfterTheStartBeforeSendingAnything() {
    assertThatThrownBy(() -> client.availability().eventTypeAvailableTimes(EVENT_TYPE, END, START).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end_time must be after start_time");
    assertThatThrownBy(() -> client.availability().eventTypeAvailableTimes(EVENT_TYPE, START, START).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end_time");
    assertThatThrownBy(() -> client.availability().eventTypeAvailableTimes(EVENT_TYPE, null, END).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start_time is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void eventTypeAvailableTimesRejectsAnEventTypeThatIsNotAUriBeforeSendingAnything() {
    assertThatThrownBy(() -> client.availability().eventTypeAvailableTimes("EVENTTYPEAAAAAAA", START, END).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event_type");
    assertThatThrownBy(() -> client.availability().eventTypeAvailableTimes(null, START, END).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event_type is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void userBusyTimesReadsCalendlyAndExternalBusyTimes() {
    wm.stubFor(get(urlPathEqualTo("/user_busy_times")).willReturn(okJson(fixture("user-busy-times.json"))));

    List<BusyTime> busy = client.availability().userBusyTimes(USER, START, END).block();

    assertThat(busy).hasSize(3);
    BusyTime meeting = busy.get(0);
    assertThat(meeting.type()).isEqualTo(BusyTime.Type.CALENDLY);
    assertThat(meeting.startTime()).isEqualTo(Instant.parse("2026-12-01T15:00:00Z"));
    assertThat(meeting.endTime()).isEqualTo(Instant.parse("2026-12-01T15:30:00Z"));
    assertThat(meeting.bufferedStartTime()).isEqualTo(Instant.parse("2026-12-01T14:45:00Z"));
    assertThat(meeting.bufferedEndTime()).isEqualTo(Instant.parse("2026-12-01T15:45:00Z"));
    assertThat(meeting.event().uri())
        .isEqualTo(URI.create("https://api.calendly.com/scheduled_events/EVENTAAAAAAAAAAA"));
    BusyTime external = busy.get(1);
    assertThat(external.type()).isEqualTo(BusyTime.Type.EXTERNAL);
    assertThat(external.event()).isNull();
    BusyTime unknown = busy.get(2);
    assertThat(unknown.type()).isEqualTo(BusyTime.Type.UNKNOWN);
    assertThat(unknown.bufferedStartTime()).isNull();
    wm.verify(
        getRequestedFor(urlPathEqualTo("/user_busy_times"))
            .withQueryParam("user", equalTo(USER))
            .withQueryParam("start_time", equalTo("2026-12-01T00:00:00Z"))
            .withQueryParam("end_time", equalTo("2026-12-08T00:00:00Z")));
  }

  @Test
  void userBusyTimesRejectsBadArgumentsBeforeSendingAnything() {
    assertThatThrownBy(() -> client.availability().userBusyTimes("not a uri", START, END).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user");
    assertThatThrownBy(() -> client.availability().userBusyTimes(USER, START, null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end_time is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void userAvailabilitySchedulesReadsWeeklyRulesAndDateOverrides() {
    wm.stubFor(
        get(urlPathEqualTo("/user_availability_schedules"))
            .willReturn(okJson(fixture("user-availability-schedules.json"))));

    List<AvailabilitySchedule> schedules = client.availability().userAvailabilitySchedules(USER).block();

    assertThat(schedules).hasSize(2);
    AvailabilitySchedule working = schedules.get(0);
    assertThat(working.uri())
        .isEqualTo(URI.create("https://api.calendly.com/user_availability_schedules/SCHEDULEAAAAAAAA"));
    assertThat(working.defaultSchedule()).isTrue();
    assertThat(working.name()).isEqualTo("Working Hours");
    assertThat(working.user()).isEqualTo(URI.create(USER));
    assertThat(working.timezone()).isEqualTo("America/New_York");
    assertThat(working.rules()).hasSize(5);

    AvailabilityRule monday = working.rules().get(0);
    assertThat(monday.type()).isEqualTo(AvailabilityRule.Type.WDAY);
    assertThat(monday.wday()).isEqualTo(Weekday.MONDAY);
    assertThat(monday.wday().toDayOfWeek()).contains(DayOfWeek.MONDAY);
    assertThat(monday.date()).isNull();
    assertThat(monday.intervals())
        .containsExactly(new AvailabilityRule.Interval("08:30", "12:00"), new AvailabilityRule.Interval("13:00", "17:30"));
    assertThat(monday.intervals().get(0).fromMinute()).isEqualTo(8 * 60 + 30);

    assertThat(working.rules().get(1).intervals()).isEmpty();

    AvailabilityRule christmasEve = working.rules().get(2);
    assertThat(christmasEve.type()).isEqualTo(AvailabilityRule.Type.DATE);
    assertThat(christmasEve.date()).isEqualTo(LocalDate.of(2026, 12, 24));
    assertThat(christmasEve.wday()).isNull();
    assertThat(christmasEve.intervals()).isEmpty();

    AvailabilityRule newYearsEve = working.rules().get(3);
    assertThat(newYearsEve.intervals().get(0).toMinute()).isEqualTo(24 * 60);

    AvailabilityRule unknown = working.rules().get(4);
    assertThat(unknown.type()).isEqualTo(AvailabilityRule.Type.UNKNOWN);
    assertThat(unknown.wday()).isEqualTo(Weekday.UNKNOWN);
    assertThat(unknown.wday().toDayOfWeek()).isEmpty();

    assertThat(schedules.get(1).defaultSchedule()).isFalse();
    assertThat(schedules.get(1).rules()).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/user_availability_schedules")).withQueryParam("user", equalTo(USER)));
  }

  @Test
  void userAvailabilityScheduleAcceptsAUriAndSendsOnlyItsUuid() {
    wm.stubFor(
        get(urlPathEqualTo("/user_availability_schedules/SCHEDULEBBBBBBBB"))
            .willReturn(okJson(fixture("user-availability-schedule.json"))));

    AvailabilitySchedule schedule =
        client
            .availability()
            .userAvailabilitySchedule("https://api.calendly.com/user_availability_schedules/SCHEDULEBBBBBBBB")
            .block();

    assertThat(schedule).isNotNull();
    assertThat(schedule.name()).isEqualTo("Evenings");
    assertThat(schedule.defaultSchedule()).isFalse();
    assertThat(schedule.rules().get(0).wday()).isEqualTo(Weekday.FRIDAY);
  }

  @Test
  void schedulesRejectMalformedReferencesBeforeSendingAnything() {
    assertThatThrownBy(() -> client.availability().userAvailabilitySchedules(" ").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user is required");
    assertThatThrownBy(() -> client.availability().userAvailabilitySchedule("bad uuid!").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("availability_schedule");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void anIntervalOutsideTheDayIsReportedWithItsField() {
    assertThatThrownBy(() -> new AvailabilityRule.Interval("24:30", "25:00").fromMinute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("from");
    assertThatThrownBy(() -> new AvailabilityRule.Interval("09:00", "9am").toMinute())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("to");
  }
}
