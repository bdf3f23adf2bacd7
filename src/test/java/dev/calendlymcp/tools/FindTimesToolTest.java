package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.Endpoint;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FindTimesToolTest {

  private static final String AVAILABLE_TIMES = "GET /event_type_available_times";
  private static final Instant START = SandboxToolHarness.NOW.plus(Duration.ofHours(1));

  /** Calendly as documented today: ranges of up to 31 days. */
  private static SandboxToolHarness calendly;
  /** Calendly as it was before July 2026: ranges of up to 7 days. */
  private static SandboxToolHarness olderCalendly;

  @BeforeAll
  static void start() {
    calendly = SandboxToolHarness.atFixedTime(SandboxToolHarness.defaults());
    olderCalendly = SandboxToolHarness.atFixedTime(SandboxToolHarness.defaults().maxAvailableTimesSpanDays(7));
  }

  @AfterAll
  static void stop() {
    calendly.close();
    olderCalendly.close();
  }

  private static SeededUser owner(SandboxToolHarness tools) {
    return tools.sandbox.user(Plan.ENTERPRISE, Role.OWNER);
  }

  private static Map<String, Object> search(String eventType, Instant start, Instant end) {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("event_type", eventType);
    arguments.put("start_time", start.toString());
    arguments.put("end_time", end.toString());
    return arguments;
  }

  private static Map<String, Object> search(Instant start, Duration length) {
    return search("30 Minute Meeting", start, start.plus(length));
  }

  private static Map<String, Object> with(Map<String, Object> arguments, String name, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(arguments);
    copy.put(name, value);
    return copy;
  }

  private static List<Map<String, Object>> slots(ToolResult result) {
    return result.structured().get("slots") instanceof List<?> list
        ? list.stream().map(item -> (Map<?, ?>) item).map(FindTimesToolTest::stringKeys).toList()
        : List.of();
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((key, value) -> out.put(String.valueOf(key), value));
    return out;
  }

  private static List<Instant> starts(ToolResult result) {
    return slots(result).stream().map(slot -> Instant.parse((String) slot.get("start_time"))).toList();
  }

  @Test
  void thirtyDaysTakeOneRequestWithThirtyOneDayWindows() {
    calendly.actAs(owner(calendly));

    ToolResult result = calendly.callOk("find_available_times",
        with(with(search(START, Duration.ofDays(30)), "timezone", "Europe/Paris"), "max_results", 500));

    assertThat(calendly.requests(AVAILABLE_TIMES)).isEqualTo(1);
    assertThat(result.structured())
        .containsEntry("windows_searched", 1)
        .containsEntry("window_days", 31)
        .containsEntry("timezone", "Europe/Paris")
        .containsEntry("more_available", false);
    List<Instant> starts = starts(result);
    assertThat(starts).isNotEmpty().isSorted().doesNotHaveDuplicates()
        .allMatch(at -> !at.isBefore(START) && at.isBefore(START.plus(Duration.ofDays(30))));
    assertThat(starts.get(starts.size() - 1)).isAfter(START.plus(Duration.ofDays(25)));
    Map<String, Object> first = slots(result).get(0);
    assertThat(OffsetDateTime.parse((String) first.get("local_time")))
        .isEqualTo(starts.get(0).atZone(ZoneId.of("Europe/Paris")).toOffsetDateTime());
    assertThat((String) first.get("local_time")).endsWith("+01:00");
    assertThat(first.get("weekday")).isEqualTo(starts.get(0).atZone(ZoneId.of("Europe/Paris")).getDayOfWeek().getDisplayName(
        java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH));
    assertThat(first).containsEntry("invitees_remaining", 1);
    assertThat((String) first.get("scheduling_url")).startsWith(calendly.sandbox.apiBaseUrl()).contains("30-minute-meeting");
    assertThat(result.text()).startsWith(starts.size() + " open times for 30 Minute Meeting between ").contains("in Europe/Paris:");
  }

  @Test
  void repeatingTheSameSearchWithinTheCacheTtlMakesNoRequest() {
    calendly.actAs(owner(calendly));
    ToolResult first = calendly.callOk("find_available_times", search(START, Duration.ofDays(30)));
    long afterFirst = calendly.requests(AVAILABLE_TIMES);

    ToolResult again = calendly.callOk("find_available_times", search(START, Duration.ofDays(30)));

    assertThat(afterFirst).isEqualTo(1);
    assertThat(calendly.requests(AVAILABLE_TIMES)).isEqualTo(1);
    assertThat(again.structured()).isEqualTo(first.structured());
  }

  @Test
  void ninetyDaysTakeThreeRequestsAndReportProgressPerWindow() {
    calendly.actAs(owner(calendly));

    ToolResult result = calendly.callOk("find_available_times",
        with(search(START, Duration.ofDays(90)), "max_results", 500));

    assertThat(calendly.requests(AVAILABLE_TIMES)).isEqualTo(3);
    assertThat(result.structured()).containsEntry("windows_searched", 3).containsEntry("window_days", 31);
    assertThat(starts(result)).isSorted().doesNotHaveDuplicates();
    assertThat(calendly.progress()).containsExactly(
        "1/3 1 of 3 windows searched", "2/3 2 of 3 windows searched", "3/3 3 of 3 windows searched");
    int inParts = 0;
    for (int from : new int[] {0, 31, 62}) {
      Instant end = START.plus(Duration.ofDays(Math.min(from + 31, 90)));
      inParts += (Integer) calendly.callOk("find_available_times",
          search("30 Minute Meeting", START.plus(Duration.ofDays(from)), end)).structured().get("total_found");
    }
    assertThat(result.structured()).containsEntry("total_found", inParts).containsEntry("more_available", true);
  }

  @Test
  void whenCalendlyRefusesLongSpansTheSearchFallsBackToSevenDayWindowsAndFindsTheSameTimes() {
    olderCalendly.actAs(owner(olderCalendly));
    calendly.actAs(owner(calendly));

    ToolResult shortWindows = olderCalendly.callOk("find_available_times", with(search(START, Duration.ofDays(30)), "max_results", 500));
    ToolResult longWindows = calendly.callOk("find_available_times", with(search(START, Duration.ofDays(30)), "max_results", 500));

    // One refused 31-day request, then the five 7-day windows (7+7+7+7+2 days) in parallel.
    assertThat(olderCalendly.requests(AVAILABLE_TIMES)).isEqualTo(6);
    assertThat(shortWindows.structured()).containsEntry("windows_searched", 5).containsEntry("window_days", 7);
    assertThat(starts(shortWindows)).isEqualTo(starts(longWindows));
    assertThat(olderCalendly.progress()).containsExactly(
        "1/5 1 of 5 windows searched", "2/5 2 of 5 windows searched", "3/5 3 of 5 windows searched",
        "4/5 4 of 5 windows searched", "5/5 5 of 5 windows searched");
  }

  @Test
  void theShortSpanIsRememberedForTheUserAcrossTokensButNotForOtherUsers() {
    SeededUser owner = owner(olderCalendly);
    olderCalendly.actAs(owner);
    olderCalendly.callOk("find_available_times", search(START, Duration.ofDays(30)));
    assertThat(olderCalendly.requests(AVAILABLE_TIMES)).isEqualTo(6);

    // Another token of the same user, with an empty cache: straight to 7-day windows.
    olderCalendly.switchTokenTo(olderCalendly.sandbox.issueToken(owner.userUri(), Scopes.ALL));
    olderCalendly.sandbox.stats().reset();
    ToolResult again = olderCalendly.callOk("find_available_times", search(START, Duration.ofDays(30)));
    assertThat(olderCalendly.requests(AVAILABLE_TIMES)).isEqualTo(5);
    assertThat(again.structured()).containsEntry("window_days", 7);

    // Another user of the same server has not been refused yet, so it probes once.
    olderCalendly.switchTokenTo(olderCalendly.sandbox.user(Plan.TEAMS, Role.OWNER).token());
    olderCalendly.sandbox.stats().reset();
    olderCalendly.callOk("find_available_times", search(START, Duration.ofDays(30)));
    assertThat(olderCalendly.requests(AVAILABLE_TIMES)).isEqualTo(6);
  }

  @Test
  void aRangeOfSevenDaysOrLessNeverMeetsTheLimit() {
    olderCalendly.actAs(owner(olderCalendly));

    ToolResult result = olderCalendly.callOk("find_available_times", search(START, Duration.ofDays(7)));

    assertThat(olderCalendly.requests(AVAILABLE_TIMES)).isEqualTo(1);
    assertThat(result.structured()).containsEntry("windows_searched", 1);
  }

  @Test
  void maxResultsCapsTheSlotsAndSaysWhereToContinue() {
    calendly.actAs(owner(calendly));
    ToolResult all = calendly.callOk("find_available_times", with(search(START, Duration.ofDays(14)), "max_results", 500));
    List<Instant> every = starts(all);

    ToolResult capped = calendly.callOk("find_available_times", with(search(START, Duration.ofDays(14)), "max_results", 5));

    assertThat(starts(capped)).isEqualTo(every.subList(0, 5));
    assertThat(capped.structured())
        .containsEntry("more_available", true)
        .containsEntry("total_found", every.size())
        .containsEntry("next_start_time", every.get(5).toString());
    assertThat(capped.text()).contains("the first 5 shown", "More available: call again with start_time " + every.get(5));

    ToolResult next = calendly.callOk("find_available_times",
        with(search("30 Minute Meeting", every.get(5), START.plus(Duration.ofDays(14))), "max_results", 5));
    assertThat(starts(next)).isEqualTo(every.subList(5, 10));
  }

  @Test
  void withoutATimeZoneTimesAreShownInTheUsersAndTheRangeDefaultsToTheNextWeek() {
    SeededUser owner = owner(calendly);
    calendly.actAs(owner);

    ToolResult result = calendly.callOk("find_available_times", Map.of("event_type", "30 Minute Meeting"));

    assertThat(result.structured())
        .containsEntry("timezone", owner.timezone())
        .containsEntry("start_time", "2026-03-02T09:01:00Z")
        .containsEntry("end_time", "2026-03-09T09:01:00Z");
    Map<String, Object> first = slots(result).get(0);
    assertThat(OffsetDateTime.parse((String) first.get("local_time")))
        .isEqualTo(Instant.parse((String) first.get("start_time")).atZone(ZoneId.of(owner.timezone())).toOffsetDateTime());
  }

  @Test
  void aStartAFewSecondsInThePastSearchesFromNow() {
    calendly.actAs(owner(calendly));

    ToolResult result = calendly.callOk("find_available_times",
        search(SandboxToolHarness.NOW.minusSeconds(5), Duration.ofDays(3)));

    assertThat(result.structured()).containsEntry("start_time", "2026-03-02T09:01:00Z");
  }

  @Test
  void theEventTypeMayBeGivenByUri() {
    calendly.actAs(owner(calendly));
    ToolResult byName = calendly.callOk("find_available_times", search(START, Duration.ofDays(5)));
    String uri = (String) ((Map<?, ?>) byName.structured().get("event_type")).get("uri");

    ToolResult byUri = calendly.callOk("find_available_times", search(uri, START, START.plus(Duration.ofDays(5))));

    assertThat(starts(byUri)).isEqualTo(starts(byName));
  }

  @Test
  void anEndBeforeTheStartIsRefusedBeforeAnyRequest() {
    calendly.actAs(owner(calendly));

    String error = calendly.callFailing("find_available_times", search("30 Minute Meeting", START, START.minusSeconds(60)));

    assertThat(error).startsWith("Invalid argument: end_time ").contains("must be after start_time " + START);
    assertThat(calendly.sandbox.stats().total()).isZero();
  }

  @Test
  void aRangeOverNinetyDaysIsRefusedWithTheLatestAllowedEnd() {
    calendly.actAs(owner(calendly));

    String error = calendly.callFailing("find_available_times", search(START, Duration.ofDays(91)));

    assertThat(error).contains("is 91 days, longer than the 90 days", "set end_time to " + START.plus(Duration.ofDays(90)));
    assertThat(calendly.sandbox.stats().total()).isZero();
  }

  @Test
  void anInvalidTimeZoneIsRefusedBeforeAnyRequest() {
    calendly.actAs(owner(calendly));

    String error = calendly.callFailing("find_available_times",
        with(search(START, Duration.ofDays(3)), "timezone", "Mars/Olympus_Mons"));

    assertThat(error).contains("timezone 'Mars/Olympus_Mons' is not an IANA time zone name", "Europe/Paris");
    assertThat(calendly.sandbox.stats().total()).isZero();
  }

  @Test
  void aStartInThePastIsRefusedBeforeAnyRequest() {
    calendly.actAs(owner(calendly));

    String error = calendly.callFailing("find_available_times",
        search(SandboxToolHarness.NOW.minus(Duration.ofHours(2)), Duration.ofDays(3)));

    assertThat(error).contains("start_time 2026-03-02T07:00:00Z is in the past (now is 2026-03-02T09:00:00Z)");
    assertThat(calendly.sandbox.stats().total()).isZero();
  }

  @Test
  void anUnknownEventTypeNameListsTheUsersEventTypes() {
    calendly.actAs(owner(calendly));

    String error = calendly.callFailing("find_available_times",
        search("Yoga class", START, START.plus(Duration.ofDays(3))));

    assertThat(error).contains("event_type 'Yoga class' matches none of the user's event types",
        "\"30 Minute Meeting\" (slug 30-minute-meeting, URI " + calendly.sandbox.apiBaseUrl() + "/event_types/");
    assertThat(calendly.requests(AVAILABLE_TIMES)).isZero();
  }

  @Test
  void anAmbiguousEventTypeNameListsTheCandidates() {
    calendly.actAs(owner(calendly));

    String error = calendly.callFailing("find_available_times",
        search("minute", START, START.plus(Duration.ofDays(3))));

    assertThat(error).contains("event_type 'minute' matches 3 event types", "\"30 Minute Meeting\"",
        "\"60 Minute Consultation\"", "\"15 Minute Intro\" (slug 15-minute-intro, inactive", "Pass the URI");
    assertThat(calendly.requests(AVAILABLE_TIMES)).isZero();
  }

  @Test
  void anInactiveEventTypeSaysItIsInactiveAndHowToActivateIt() {
    calendly.actAs(owner(calendly));

    String error = calendly.callFailing("find_available_times",
        search("15 Minute Intro", START, START.plus(Duration.ofDays(3))));

    assertThat(error).startsWith("The event type '15 Minute Intro' (")
        .contains("is inactive", "switches it on in Calendly's web app",
            "update_event_type with active=true", "list_event_types")
        .doesNotContain("Invalid argument");
    assertThat(calendly.requests(AVAILABLE_TIMES)).isZero();
  }

  @Test
  void windowsCoverTheRangeWithoutGapsOrOverlaps() {
    FindTimesTool.Range range = new FindTimesTool.Range(START, START.plus(Duration.ofDays(30)));

    List<FindTimesTool.Range> windows = FindTimesTool.windows(range, 7);

    assertThat(windows).hasSize(5);
    assertThat(windows.get(0).start()).isEqualTo(range.start());
    assertThat(windows.get(4).end()).isEqualTo(range.end());
    assertThat(windows.get(4).length()).isEqualTo(Duration.ofDays(2));
    for (int i = 1; i < windows.size(); i++) {
      assertThat(windows.get(i).start()).isEqualTo(windows.get(i - 1).end());
    }
    assertThat(FindTimesTool.windows(new FindTimesTool.Range(START, START.plus(Duration.ofDays(90))), 31)).hasSize(3);
    assertThat(FindTimesTool.windows(new FindTimesTool.Range(START, START.plus(Duration.ofDays(31))), 31)).hasSize(1);
  }

  @Test
  void onlyARefusalOfTheSpanCountsAsASpanTooLong() {
    assertThat(FindTimesTool.spanTooLong(badRequest("end_time",
        "the range between start_time and end_time can be no greater than 7 days"))).isTrue();
    assertThat(FindTimesTool.spanTooLong(badRequest("start_time", "The date range can be no greater than 1 week"))).isTrue();
    assertThat(FindTimesTool.spanTooLong(badRequest("start_time", "must be in the future"))).isFalse();
    assertThat(FindTimesTool.spanTooLong(badRequest("end_time", "must be after start_time"))).isFalse();
    assertThat(FindTimesTool.spanTooLong(badRequest("event_type", "range is too long"))).isFalse();
    assertThat(FindTimesTool.spanTooLong(new IllegalStateException("days"))).isFalse();
  }

  @Test
  void aStartMoreThanAMinuteInThePastIsAnErrorButLessIsNow() {
    Instant now = SandboxToolHarness.NOW;

    assertThat(FindTimesTool.range(Optional.of(now.minusSeconds(59)), Optional.empty(), now).start())
        .isEqualTo(Instant.parse("2026-03-02T09:01:00Z"));
    assertThatThrownBy(() -> FindTimesTool.range(Optional.of(now.minusSeconds(61)), Optional.empty(), now))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("start_time ");
    assertThat(FindTimesTool.range(Optional.empty(), Optional.of(now.plus(Duration.ofDays(90))), now).length())
        .isLessThan(FindTimesTool.MAX_RANGE);
  }

  @Test
  void itIsAReadOnlySchedulingTool() {
    calendly.actAs(owner(calendly));
    ToolDefinition tool = calendly.tool("find_available_times");

    assertThat(tool.toolset()).isEqualTo(Toolset.SCHEDULING);
    assertThat(tool.hints()).isEqualTo(ToolHints.read());
    assertThat(tool.inputSchema()).extractingByKey("required", InstanceOfAssertFactories.LIST).containsExactly("event_type");
  }

  private static CalendlyException.BadRequest badRequest(String parameter, String message) {
    return new CalendlyException.BadRequest(Endpoint.LIST_EVENT_TYPE_AVAILABLE_TIMES, "Invalid Argument",
        "The supplied parameters are invalid.", List.of(new CalendlyException.FieldError(parameter, message)));
  }
}
