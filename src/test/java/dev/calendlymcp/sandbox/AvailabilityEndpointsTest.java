package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AvailabilityEndpointsTest extends SandboxTestBase {

  private String eventType(SeededUser owner, String name) {
    Reply reply = http.get("/event_types?user=" + q(owner.userUri()), owner.token());
    return reply.json().path("collection").valueStream()
        .filter(e -> e.path("name").asString().equals(name))
        .map(e -> e.path("uri").asString()).findFirst().orElseThrow();
  }

  private Reply availableTimes(SeededUser user, String eventType, Instant start, Instant end) {
    return http.get("/event_type_available_times?event_type=" + q(eventType) + "&start_time=" + q(start.toString())
        + "&end_time=" + q(end.toString()), user.token());
  }

  @Test
  void availableTimesAreWorkingHourSlotsInTheHostsZoneAfterTheNotice() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    ZoneId zone = ZoneId.of(owner.timezone());
    String thirtyMinutes = eventType(owner, "30 Minute Meeting");

    Reply reply = availableTimes(owner, thirtyMinutes, START, START.plus(Duration.ofDays(7)));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    assertThat(reply.json().has("pagination")).isFalse();
    List<JsonNode> slots = reply.json().path("collection").valueStream().toList();
    assertThat(slots).isNotEmpty();
    for (JsonNode slot : slots) {
      Instant start = Instant.parse(slot.path("start_time").asString());
      ZonedDateTime local = start.atZone(zone);
      assertThat(slot.path("status").asString()).isEqualTo("available");
      assertThat(slot.path("invitees_remaining").asInt()).isEqualTo(1);
      assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      assertThat(local.getHour() * 60 + local.getMinute()).isBetween(9 * 60, 17 * 60 - 30);
      assertThat(local.getMinute() % 30).isZero();
      assertThat(start).isAfterOrEqualTo(START.plus(Duration.ofHours(1)));
      assertThat(slot.path("scheduling_url").asString()).startsWith(sandbox.apiBaseUrl() + "/");
    }
  }

  @Test
  void aSpanOverThirtyOneDaysIsRejectedNamingEndTime() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String thirtyMinutes = eventType(owner, "30 Minute Meeting");

    Reply ok = availableTimes(owner, thirtyMinutes, START, START.plus(Duration.ofDays(31)));
    Reply tooLong = availableTimes(owner, thirtyMinutes, START, START.plus(Duration.ofDays(32)));

    assertThat(ok.status()).isEqualTo(200);
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.detailParameters()).containsExactly("end_time");
    assertThat(tooLong.json().path("message").asString()).isEqualTo("The supplied parameters are invalid.");
  }

  @Test
  void aStartInThePastIsRejectedNamingStartTime() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String thirtyMinutes = eventType(owner, "30 Minute Meeting");

    Reply reply = availableTimes(owner, thirtyMinutes, START.minus(Duration.ofHours(1)), START.plus(Duration.ofDays(1)));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactly("start_time");
  }

  @Test
  void missingAndMalformedParametersAreAllNamed() {
    Reply reply = http.get("/event_type_available_times?start_time=yesterday", user(Plan.TEAMS, Role.OWNER).token());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactlyInAnyOrder("event_type", "start_time", "end_time");
  }

  @Test
  void anEventTypeOfAnotherOrganizationIsNotFound() {
    SeededUser teams = user(Plan.TEAMS, Role.OWNER);
    String freeType = eventType(user(Plan.FREE, Role.OWNER), "30 Minute Meeting");

    Reply reply = availableTimes(teams, freeType, START, START.plus(Duration.ofDays(1)));

    assertThat(reply.status()).isEqualTo(404);
  }

  @Test
  void theSixtyMinuteTypeHonoursItsFourHourNotice() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String sixty = eventType(owner, "60 Minute Consultation");

    Reply reply = availableTimes(owner, sixty, START, START.plus(Duration.ofDays(7)));

    assertThat(reply.json().path("collection").valueStream()
            .map(s -> Instant.parse(s.path("start_time").asString())))
        .isNotEmpty()
        .allMatch(start -> !start.isBefore(START.plus(Duration.ofHours(4))));
  }

  @Test
  void busyTimesListTheUsersMeetingsWithBuffersAndExternalEvents() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    Reply reply = http.get("/user_busy_times?user=" + q(owner.userUri()) + "&start_time=" + q(START.toString())
        + "&end_time=" + q(START.plus(Duration.ofDays(7)).toString()), owner.token());

    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    List<JsonNode> busy = reply.json().path("collection").valueStream().toList();
    assertThat(busy).extracting(b -> b.path("type").asString()).contains("external");
    List<Instant> starts = busy.stream().map(b -> Instant.parse(b.path("start_time").asString())).toList();
    assertThat(starts).isSorted();
    for (JsonNode item : busy) {
      if (item.path("type").asString().equals("calendly")) {
        assertThat(item.path("event").path("uri").asString()).startsWith(sandbox.apiBaseUrl() + "/scheduled_events/");
        assertThat(Instant.parse(item.path("buffered_start_time").asString()))
            .isBeforeOrEqualTo(Instant.parse(item.path("start_time").asString()));
      }
    }
  }

  @Test
  void busyTimesOverSevenDaysAreRejected() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    Reply reply = http.get("/user_busy_times?user=" + q(owner.userUri()) + "&start_time=" + q(START.toString())
        + "&end_time=" + q(START.plus(Duration.ofDays(8)).toString()), owner.token());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactly("end_time");
  }

  @Test
  void aPlainMemberCannotReadAColleaguesBusyTimesOrSchedules() {
    SeededUser member = user(Plan.TEAMS, Role.USER);
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    Reply busy = http.get("/user_busy_times?user=" + q(owner.userUri()) + "&start_time=" + q(START.toString())
        + "&end_time=" + q(START.plus(Duration.ofDays(1)).toString()), member.token());
    Reply schedules = http.get("/user_availability_schedules?user=" + q(owner.userUri()), member.token());

    assertThat(busy.status()).isEqualTo(403);
    assertThat(schedules.status()).isEqualTo(403);
  }

  @Test
  void availabilitySchedulesHaveWeeklyRulesAndADateOverride() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    Reply list = http.get("/user_availability_schedules?user=" + q(owner.userUri()), owner.token());

    assertThat(list.status()).isEqualTo(200);
    JsonNode schedule = list.json().path("collection").get(0);
    assertThat(schedule.path("default").asBoolean()).isTrue();
    assertThat(schedule.path("timezone").asString()).isEqualTo(owner.timezone());
    List<JsonNode> rules = schedule.path("rules").valueStream().toList();
    assertThat(rules).filteredOn(r -> r.path("type").asString().equals("wday")).hasSize(7);
    JsonNode monday = rules.stream().filter(r -> r.path("wday").asString().equals("monday")).findFirst().orElseThrow();
    assertThat(monday.path("intervals").get(0).path("from").asString()).isEqualTo("09:00");
    assertThat(monday.path("intervals").get(0).path("to").asString()).isEqualTo("17:00");
    assertThat(rules).filteredOn(r -> r.path("type").asString().equals("date")).hasSize(1);

    Reply one = http.get(schedule.path("uri").asString(), owner.token());
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().path("resource")).isEqualTo(schedule);
    assertThat(http.get("/user_availability_schedules/unknown", owner.token()).status()).isEqualTo(404);
    assertThat(http.get("/user_availability_schedules", owner.token()).detailParameters()).containsExactly("user");
  }

  @Test
  void availabilityNeedsTheAvailabilityScope() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String token = sandbox.issueToken(owner.userUri(), List.of("users:read"));

    Reply reply = http.get("/user_availability_schedules?user=" + q(owner.userUri()), token);

    assertThat(reply.status()).isEqualTo(403);
  }

  @Test
  void availableTimesAcceptEitherScopeCalendlysPagesNameAndRefuseAnyOther() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String thirtyMinutes = eventType(owner, "30 Minute Meeting");
    String query = "/event_type_available_times?event_type=" + q(thirtyMinutes) + "&start_time="
        + q(START.plus(Duration.ofHours(2)).toString()) + "&end_time=" + q(START.plus(Duration.ofDays(2)).toString());

    Reply catalogScope = http.get(query, sandbox.issueToken(owner.userUri(), List.of("event_types:read")));
    Reply pageScope = http.get(query, sandbox.issueToken(owner.userUri(), List.of("availability:read")));
    Reply neither = http.get(query, sandbox.issueToken(owner.userUri(), List.of("users:read", "scheduled_events:write")));

    assertThat(catalogScope.status()).as(catalogScope.toString()).isEqualTo(200);
    assertThat(pageScope.status()).as(pageScope.toString()).isEqualTo(200);
    assertThat(neither.status()).isEqualTo(403);
    assertThat(neither.json().path("message").asString()).contains("event_types:read or availability:read");
  }

  @Test
  void tokensCanCarryEveryScopeOfCalendlysCatalog() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    String token = sandbox.issueToken(owner.userUri(), List.of(
        "availability:write", "locations:read", "routing_forms:read", "shares:write", "groups:read",
        "activity_log:read", "outgoing_communications:read", "contacts:write", "meeting_recaps:write"));
    Reply schedules = http.get("/user_availability_schedules?user=" + q(owner.userUri()), token);

    assertThat(schedules.status()).as("availability:write includes availability:read").isEqualTo(200);
  }
}
