package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvailabilityToolsTest {

  private static SandboxToolHarness tools;
  private static SeededUser owner;
  private static SeededUser member;

  @BeforeAll
  static void start() {
    tools = SandboxToolHarness.everyTool();
    owner = tools.sandbox.user(Plan.TEAMS, Role.OWNER);
    member = tools.sandbox.user(Plan.TEAMS, Role.USER);
  }

  @AfterAll
  static void stop() {
    tools.close();
  }

  @BeforeEach
  void resetCounts() {
    tools.reset();
  }

  private static String in(long days) {
    return Instant.now().plus(days, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Test
  void busyTimesOverTwentyDaysAreFetchedInThreeWeeksMergedAndSorted() {
    SandboxToolHarness.Outcome outcome = tools.call(owner, "get_user_busy_times",
        Map.of("start_time", in(0), "end_time", in(20)));

    List<Map<String, Object>> busy = outcome.get("busy_times");
    assertThat(busy).isNotEmpty();
    assertThat(busy).extracting(b -> (String) b.get("start_time")).isSorted();
    assertThat(busy).extracting(b -> b.get("type")).contains("external");
    assertThat(busy).allSatisfy(b -> assertThat(b.get("event_uri") != null).isEqualTo("calendly".equals(b.get("type"))));
    assertThat(outcome.<Integer>get("count")).isEqualTo(busy.size());
    assertThat(outcome.<String>get("user_uri")).isEqualTo(owner.userUri());
    assertThat(tools.sandbox.stats().count("GET /user_busy_times")).isEqualTo(3);
    assertThat(tools.progressMessages()).containsExactlyInAnyOrder(
        "1 of 3 weeks searched", "2 of 3 weeks searched", "3 of 3 weeks searched");
    assertThat(outcome.ok().text()).contains(" busy times between ");
  }

  @Test
  void aMeetingOnTheBoundaryOfTwoWeeksIsListedOnce() {
    List<Map<String, Object>> whole = tools.call(owner, "get_user_busy_times",
        Map.of("start_time", in(1), "end_time", in(15))).get("busy_times");
    List<Map<String, Object>> split = AvailabilityTools.windows(Instant.parse(in(1)), Instant.parse(in(15))).stream()
        .flatMap(w -> tools.call(owner, "get_user_busy_times",
            Map.of("start_time", w[0].toString(), "end_time", w[1].toString()))
            .<List<Map<String, Object>>>get("busy_times").stream())
        .distinct()
        .toList();

    assertThat(whole).containsExactlyElementsOf(split);
  }

  @Test
  void aStartInThePastIsMovedToNow() {
    Instant before = Instant.now();
    SandboxToolHarness.Outcome outcome = tools.call(owner, "get_user_busy_times",
        Map.of("start_time", in(-3), "end_time", in(2)));

    assertThat(Instant.parse(outcome.<String>get("range_start"))).isAfter(before);
    assertThat(tools.sandbox.stats().count("GET /user_busy_times")).isEqualTo(1);
  }

  @Test
  void aRangeOverThirtyOneDaysIsRefusedBeforeCallingCalendly() {
    String error = tools.call(owner, "get_user_busy_times", Map.of("start_time", in(1), "end_time", in(33))).failure();

    assertThat(error).startsWith("Invalid argument: end_time may be at most 31 days after start_time");
    assertThat(tools.sandbox.stats().total()).isZero();
  }

  @Test
  void anEndBeforeTheStartOrInThePastIsRefused() {
    assertThat(tools.call(owner, "get_user_busy_times", Map.of("start_time", in(3), "end_time", in(2))).failure())
        .contains("end_time must be after start_time");
    assertThat(tools.call(owner, "get_user_busy_times", Map.of("start_time", in(-3), "end_time", in(-2))).failure())
        .contains("end_time is in the past");
  }

  @Test
  void aMemberAskingForAnotherMembersBusyTimesIsToldOnlyAdminsMay() {
    String error = tools.call(member, "get_user_busy_times",
        Map.of("start_time", in(1), "end_time", in(2), "user", owner.userUri())).failure();

    assertThat(error).startsWith("Calendly refused this. GET /user_busy_times: 403")
        .contains("Only admins and owners see other members' busy times", "find_available_times");
  }

  @Test
  void theOwnerMayReadAMembersSchedulesByTheirName() {
    SandboxToolHarness.Outcome outcome = tools.call(owner, "list_availability_schedules", Map.of("user", member.name()));

    assertThat(outcome.<String>get("user_uri")).isEqualTo(member.userUri());
  }

  @Test
  void theOwnerMayReadAMembersBusyTimesByUuid() {
    String uuid = member.userUri().substring(member.userUri().lastIndexOf('/') + 1);

    SandboxToolHarness.Outcome outcome = tools.call(owner, "get_user_busy_times",
        Map.of("start_time", in(1), "end_time", in(6), "user", uuid));

    assertThat(outcome.<String>get("user_uri")).isEqualTo(member.userUri());
  }

  @Test
  void schedulesAreListedDefaultFirstAndOneCanBeFetchedByUri() {
    SandboxToolHarness.Outcome list = tools.call(owner, "list_availability_schedules", Map.of());
    List<Map<String, Object>> schedules = list.get("schedules");
    assertThat(schedules).isNotEmpty();
    assertThat(schedules.get(0)).containsEntry("default", true).containsEntry("timezone", owner.timezone());
    assertThat(list.ok().text()).contains("Working Hours (default, " + owner.timezone() + "): ", "monday 09:00-17:00");

    SandboxToolHarness.Outcome one = tools.call(owner, "get_availability_schedule",
        Map.of("schedule", schedules.get(0).get("uri")));
    assertThat(one.ok().structured()).isEqualTo(schedules.get(0));
  }

  @Test
  void anUnknownScheduleIsNotFound() {
    String error = tools.call(owner, "get_availability_schedule", Map.of("schedule", "NOSUCHSCHEDULE")).failure();

    assertThat(error).startsWith("Not found at Calendly. GET /user_availability_schedules/{uuid}: 404");
  }

  @Test
  void aMemberCannotListAnotherMembersSchedules() {
    String error = tools.call(member, "list_availability_schedules", Map.of("user", owner.userUri())).failure();

    assertThat(error).contains("403", "leave user out to see your own");
  }

  @Test
  void everyAvailabilityToolIsAReadOnlyToolOfTheAvailabilityToolset() {
    for (ToolDefinition tool : AvailabilityTools.definitions()) {
      assertThat(tool.hints()).isEqualTo(ToolHints.read());
      assertThat(tool.toolset()).isEqualTo(Toolset.AVAILABILITY);
    }
  }
}
