package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.SeededUser;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * find_available_times when nothing is open: it says why, from the host's schedule (a date
 * override, days without weekly hours), their busy times, and a search next to the range (the
 * minimum notice near now, the booking window far ahead). The sandbox's seeded "60 Minute
 * Consultation" needs 4 hours' notice and books at most 60 days ahead; every user works Monday to
 * Friday 09:00–17:00 in their own zone, with one date override.
 */
class FindTimesWhyNoneTest {

  private static final Instant NOW = SandboxToolHarness.NOW;
  private static SandboxToolHarness calendly;

  @BeforeAll
  static void start() {
    calendly = SandboxToolHarness.atFixedTime(SandboxToolHarness.defaults());
  }

  @AfterAll
  static void stop() {
    calendly.close();
  }

  private static Map<String, Object> search(String eventType, Instant start, Instant end) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("event_type", eventType);
    arguments.put("start_time", start.toString());
    arguments.put("end_time", end.toString());
    return arguments;
  }

  private static AvailabilitySchedule schedule(SeededUser user) {
    return calendly.client(user).availability().userAvailabilitySchedules(user.userUri()).block().stream()
        .filter(AvailabilitySchedule::defaultSchedule).findFirst().orElseThrow();
  }

  /** The date a user's default schedule closes with an empty override, when it is a future weekday. */
  private static Optional<LocalDate> closedWeekday(SeededUser user) {
    return schedule(user).rules().stream()
        .filter(rule -> rule.type() == AvailabilityRule.Type.DATE && rule.intervals().isEmpty())
        .map(AvailabilityRule::date)
        .filter(date -> date.getDayOfWeek().getValue() <= 5)
        .filter(date -> date.atStartOfDay(ZoneId.of(user.timezone())).toInstant().isAfter(NOW.plus(Duration.ofDays(1))))
        .findFirst();
  }

  private static SeededUser userWithAClosedWeekday() {
    return calendly.sandbox.users().stream().filter(user -> closedWeekday(user).isPresent()).findFirst().orElseThrow();
  }

  @Test
  void aDayADateOverrideClosesIsGivenAsTheReason() {
    SeededUser user = userWithAClosedWeekday();
    LocalDate day = closedWeekday(user).orElseThrow();
    ZoneId zone = ZoneId.of(user.timezone());
    calendly.actAs(user);

    ToolResult result = calendly.callOk("find_available_times", search("30 Minute Meeting",
        day.atStartOfDay(zone).toInstant(), day.plusDays(1).atStartOfDay(zone).toInstant()));

    assertThat(result.structured()).containsEntry("total_found", 0);
    assertThat((String) result.structured().get("why_none"))
        .isEqualTo("The host's schedule 'Working Hours' (" + user.timezone() + ") offers no hours in this range:"
            + " a date override blocks " + day + ".");
    assertThat(result.text()).startsWith("No open times for 30 Minute Meeting between ")
        .endsWith(" a date override blocks " + day + ".");
  }

  @Test
  void aWeekendIsExplainedByTheDaysWithoutWeeklyHours() {
    SeededUser user = calendly.sandbox.users().get(0);
    ZoneId zone = ZoneId.of(user.timezone());
    LocalDate saturday = LocalDate.ofInstant(NOW, zone).plusWeeks(2).with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY));
    calendly.actAs(user);

    ToolResult result = calendly.callOk("find_available_times", search("30 Minute Meeting",
        saturday.atStartOfDay(zone).toInstant(), saturday.plusDays(2).atStartOfDay(zone).toInstant()));

    assertThat((String) result.structured().get("why_none"))
        .startsWith("The host's schedule 'Working Hours' (" + user.timezone() + ") offers no hours in this range:")
        .contains("no weekly hours on Saturday, Sunday");
  }

  @Test
  void aRangeWithinTheMinimumNoticeSaysHowMuchNoticeTheEventTypeWants() {
    // 09:00 UTC on a Monday is within working hours in these zones; the consultation needs 4 hours' notice.
    SeededUser user = calendly.sandbox.users().stream()
        .filter(u -> Set.of("Europe/London", "Europe/Berlin", "Africa/Johannesburg").contains(u.timezone()))
        .filter(u -> closedWeekday(u).map(day -> !day.equals(LocalDate.ofInstant(NOW, ZoneId.of(u.timezone())))).orElse(true))
        .findFirst().orElseThrow();
    calendly.actAs(user);

    ToolResult result = calendly.callOk("find_available_times",
        search("60 Minute Consultation", NOW.plus(Duration.ofMinutes(5)), NOW.plus(Duration.ofHours(3))));

    assertThat(result.structured()).containsEntry("total_found", 0);
    assertThat((String) result.structured().get("why_none"))
        .startsWith("The host is free from ")
        .contains("yet the first open time is ", "about 4 hours from now",
            "most likely requires that much notice before a meeting (its minimum scheduling notice)");
  }

  @Test
  void aRangePastTheBookingWindowSaysWhereOpenTimesStop() {
    SeededUser user = calendly.sandbox.users().get(0);
    calendly.actAs(user);
    Instant start = NOW.plus(Duration.ofDays(62));

    ToolResult result = calendly.callOk("find_available_times",
        search("60 Minute Consultation", start, start.plus(Duration.ofDays(7))));

    String why = (String) result.structured().get("why_none");
    assertThat(why).startsWith("Open times stop at ")
        .contains("the event type's booking window (how many days ahead invitees may book) most likely ends there");
    Instant last = Instant.parse(why.substring(why.indexOf(" (") + 2, why.indexOf(") although")));
    assertThat(last).isBefore(NOW.plus(Duration.ofDays(60))).isAfter(NOW.plus(Duration.ofDays(55)));
  }

  @Test
  void openTimesCarryNoReasonAndCostNoExtraRequest() {
    calendly.actAs(calendly.sandbox.users().get(0));

    ToolResult result = calendly.callOk("find_available_times",
        search("30 Minute Meeting", NOW.plus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7))));

    assertThat((List<?>) result.structured().get("slots")).isNotEmpty();
    assertThat(result.structured()).doesNotContainKey("why_none");
    assertThat(calendly.requests("GET /user_availability_schedules")).isZero();
    assertThat(calendly.requests("GET /user_busy_times")).isZero();
  }
}
