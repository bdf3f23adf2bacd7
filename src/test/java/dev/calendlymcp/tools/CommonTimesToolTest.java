package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.ratelimit.BookingTier;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.sandbox.SandboxInspector;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.availability.LocalInterval;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.model.AvailabilitySchedule;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.ExternalBusy;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code find_common_times} against the sandbox at a fixed "now" (Monday 2 March 2026): the free
 * organization's owner in New York, its admin in London and a member in Tokyo, with working hours
 * that overlap by an hour or so, meetings and calendar events that overlap each other, and two
 * daylight-saving changes (New York on 8 March, London on 29 March) inside the 30 days searched.
 * The tool's answer is checked against a minute-by-minute reading of the sandbox's own data.
 */
class CommonTimesToolTest {

  private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
  private static final Instant END = START.plus(Duration.ofDays(30));
  private static final int MINUTES = 45;

  private static SandboxToolHarness tools;
  private static SeededUser newYork;
  private static SeededUser london;
  private static SeededUser tokyo;

  @BeforeAll
  static void start() {
    tools = SandboxToolHarness.everyToolAtFixedTime(SandboxToolHarness.defaults());
    List<SeededUser> free = tools.sandbox.users().stream().filter(u -> u.plan() == Plan.FREE).toList();
    newYork = only(free, Role.OWNER);
    london = only(free, Role.ADMIN);
    tokyo = only(free, Role.USER);
    assertThat(List.of(newYork.timezone(), london.timezone(), tokyo.timezone()))
        .containsExactly("America/New_York", "Europe/London", "Asia/Tokyo");

    // New York 08:00-18:00, London 09:00-13:45, Tokyo 21:00-23:59, Monday to Friday, each in their
    // own zone: together 13:00-13:45 UTC until 8 March, 12:00-13:45 until 29 March, 12:00-12:45 after.
    workingHours(newYork, 8 * 60, 18 * 60);
    workingHours(london, 9 * 60, 13 * 60 + 45);
    workingHours(tokyo, 21 * 60, 23 * 60 + 59);
    // A Calendly meeting in New York overlapping a London calendar event; a Tokyo event that cuts
    // a window below 45 minutes, another that splits one, and one across two busy-time windows.
    EventType thirty = tools.sandbox.model().eventTypes(newYork.userUri()).stream()
        .filter(t -> t.name().equals("30 Minute Meeting")).findFirst().orElseThrow();
    tools.client(newYork).scheduling().createInvitee(CreateInviteeRequest.of(
            URI.create(tools.sandbox.apiBaseUrl() + "/event_types/" + thirty.uuid()),
            Instant.parse("2026-03-03T13:00:00Z"),
            CreateInviteeRequest.Person.named("Guest", "guest@example.org", "UTC")))
        .block(Duration.ofSeconds(10));
    busy(london, "2026-03-03T13:15:00Z", 30);
    busy(tokyo, "2026-03-04T13:30:00Z", 30);
    busy(tokyo, "2026-03-10T12:30:00Z", 15);
    busy(london, "2026-03-09T09:30:00Z", 4 * 60);
  }

  @AfterAll
  static void stop() {
    tools.close();
  }

  @BeforeEach
  void asTheOwner() {
    tools.actAs(newYork);
  }

  private static SeededUser only(List<SeededUser> users, Role role) {
    return users.stream().filter(u -> u.role() == role).findFirst().orElseThrow();
  }

  private static void workingHours(SeededUser user, int from, int to) {
    SandboxInspector model = tools.sandbox.model();
    String uuid = model.uuidOf(user.userUri(), "users");
    model.arrange(store -> {
      AvailabilitySchedule old = store.schedulesOf(uuid).get(0);
      Map<DayOfWeek, List<LocalInterval>> weekly = new EnumMap<>(DayOfWeek.class);
      for (DayOfWeek day : DayOfWeek.values()) {
        boolean weekend = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
        weekly.put(day, weekend ? List.of() : List.of(new LocalInterval(from, to)));
      }
      // The seeded date override (a day off, or 10:00-14:00) stays.
      Schedule schedule = new Schedule(old.schedule().zone(), weekly, old.schedule().overrides());
      store.putSchedule(new AvailabilitySchedule(old.uuid(), uuid, old.name(), old.isDefault(), schedule));
      return null;
    });
  }

  private static void busy(SeededUser user, String start, int minutes) {
    SandboxInspector model = tools.sandbox.model();
    String uuid = model.uuidOf(user.userUri(), "users");
    Instant from = Instant.parse(start);
    model.arrange(store -> {
      store.addExternalBusy(new ExternalBusy(uuid, from, from.plus(Duration.ofMinutes(minutes))));
      return null;
    });
  }

  /** The common free stretches of at least {@code minutes}, read minute by minute from the sandbox's model. */
  private static List<List<String>> bruteForce(List<SeededUser> people, Instant start, Instant end, int minutes) {
    return tools.sandbox.model().read(store -> {
      List<Schedule> schedules = new ArrayList<>();
      List<List<Instant[]>> busy = new ArrayList<>();
      for (SeededUser person : people) {
        String uuid = tools.sandbox.model().uuidOf(person.userUri(), "users");
        schedules.add(store.schedulesOf(uuid).stream().filter(AvailabilitySchedule::isDefault).findFirst().orElseThrow().schedule());
        List<Instant[]> blocks = new ArrayList<>();
        store.eventsOfHost(uuid).stream().filter(ScheduledEvent::isActive)
            .forEach(e -> blocks.add(new Instant[] {e.start(), e.end()}));
        store.externalBusyOf(uuid).forEach(b -> blocks.add(new Instant[] {b.start(), b.end()}));
        busy.add(blocks);
      }
      List<List<String>> runs = new ArrayList<>();
      Instant runStart = null;
      for (Instant minute = start; !minute.isAfter(end); minute = minute.plus(1, ChronoUnit.MINUTES)) {
        Instant t = minute;
        boolean free = t.isBefore(end);
        for (int p = 0; free && p < people.size(); p++) {
          free = worksAt(schedules.get(p), t) && busy.get(p).stream().noneMatch(b -> !t.isBefore(b[0]) && t.isBefore(b[1]));
        }
        if (free && runStart == null) {
          runStart = t;
        } else if (!free && runStart != null) {
          if (Duration.between(runStart, t).toMinutes() >= minutes) {
            runs.add(List.of(runStart.toString(), t.toString()));
          }
          runStart = null;
        }
      }
      return runs;
    });
  }

  private static boolean worksAt(Schedule schedule, Instant t) {
    ZonedDateTime local = t.atZone(schedule.zone());
    int minute = local.getHour() * 60 + local.getMinute();
    return schedule.intervalsOn(local.toLocalDate()).stream()
        .anyMatch(i -> minute >= i.fromMinute() && minute < i.toMinute());
  }

  private static Map<String, Object> search(List<String> people, int minutes) {
    return Map.of("people", people, "duration_minutes", minutes, "start_time", START.toString(),
        "end_time", END.toString(), "max_results", 200, "timezone", "Europe/London");
  }

  @Test
  void threePeopleInThreeZonesAcrossTwoClockChangesGetExactlyTheMinutesTheyAreAllFree() {
    SandboxToolHarness.Outcome outcome = tools.call("find_common_times",
        search(List.of("me", london.name(), tokyo.email()), MINUTES));

    List<Map<String, Object>> windows = outcome.get("windows");
    List<List<String>> expected = bruteForce(List.of(newYork, london, tokyo), START, END, MINUTES);
    assertThat(windows).extracting(w -> List.of((String) w.get("start_time"), (String) w.get("end_time")))
        .containsExactlyElementsOf(expected);
    // The clock changes show: 13:00 UTC before New York's, 12:00 after it; 45 minutes after London's.
    assertThat(expected).contains(List.of("2026-03-02T13:00:00Z", "2026-03-02T13:45:00Z"));
    assertThat(expected).contains(List.of("2026-03-12T12:00:00Z", "2026-03-12T13:45:00Z"));
    assertThat(expected).contains(List.of("2026-03-31T12:00:00Z", "2026-03-31T12:45:00Z"));
    assertThat(expected).noneMatch(w -> w.get(0).startsWith("2026-03-03") || w.get(0).startsWith("2026-03-04"));
    assertThat(outcome.<Boolean>get("complete")).isTrue();
    List<Map<String, Object>> people = outcome.get("people");
    assertThat(people).extracting(p -> p.get("timezone"))
        .containsExactly("America/New_York", "Europe/London", "Asia/Tokyo");
    assertThat(outcome.ok().text()).contains("you, " + london.name() + ", " + tokyo.name() + " are all free for 45 minutes");
  }

  @Test
  void thirtyDaysForThreePeopleTakeFiveBusyWeeksEachAndOneScheduleReadEach() {
    SandboxToolHarness.Outcome outcome = tools.call("find_common_times",
        search(List.of("me", london.userUri(), tokyo.email()), MINUTES));

    System.err.println("find_common_times, 3 people over 30 days, upstream calls: " + tools.sandbox.stats().counts());
    assertThat(tools.requests("GET /user_busy_times")).isEqualTo(15);
    assertThat(tools.requests("GET /user_availability_schedules")).isEqualTo(3);
    assertThat(tools.sandbox.stats().total()).isLessThanOrEqualTo(3 * (2 + 5) + 2);
    assertThat(outcome.<Integer>get("calendly_reads")).isEqualTo(3 * 7 - 1);
    assertThat(tools.progress()).hasSize(15).last().isEqualTo("15/15 15 of 15 calendar weeks read");

    tools.reset();
    tools.call("find_common_times", search(List.of("me", london.userUri(), tokyo.email()), 60)).ok();
    assertThat(tools.sandbox.stats().total()).as("a repeat is answered from the cache").isZero();
  }

  @Test
  void aMemberWhoMayNotReadOthersCalendarsGetsTheirOwnTimesAndWhyTheOthersAreLeftOut() {
    tools.actAs(tokyo);

    SandboxToolHarness.Outcome outcome = tools.call("find_common_times",
        search(List.of("me", newYork.userUri(), london.name()), MINUTES));

    assertThat(outcome.<Boolean>get("complete")).isFalse();
    List<Map<String, Object>> people = outcome.get("people");
    assertThat(people).extracting(p -> p.get("readable")).containsExactly(true, false, false);
    assertThat(people.get(1).get("reason")).asString().contains("only admins and owners");
    assertThat(people.get(2).get("reason")).asString().contains("pass their user URI");
    assertThat(outcome.<List<?>>get("windows")).isNotEmpty();
    assertThat(tools.requests("GET /user_busy_times")).as("only Tokyo's own weeks").isEqualTo(5);
    assertThat(outcome.ok().text()).contains("Left out: " + newYork.name(), "Left out: '" + london.name() + "'", "hold only for the people whose calendars were read");
  }

  @Test
  void anUnknownNameFailsNamingTheArgumentBeforeAnyCalendarIsRead() {
    String error = tools.callFailing("find_common_times", search(List.of("me", "Nobody Atall"), MINUTES));

    assertThat(error).contains("people[1]", "matches no member");
    assertThat(tools.requests("GET /user_busy_times")).isZero();
  }

  @Test
  void aSearchNeedingMoreReadsThanAMinuteAllowsIsRefusedUpFrontWithARangeThatFits() {
    BudgetSnapshot free = new BudgetSnapshot(BudgetKey.ofUser("https://api.calendly.com/users/U"), START, 50, true, 50,
        Optional.empty(), Optional.empty(), 0, BookingTier.FREE, true, List.of());
    CommonTimesTool.Span ninetyDays = new CommonTimesTool.Span(START, START.plus(Duration.ofDays(90)));

    assertThatThrownBy(() -> CommonTimesTool.checkBudget(Optional.of(free), 8, 13, ninetyDays))
        .isInstanceOf(ToolFailure.class)
        .hasMessageContaining("8 people over 90 days needs about 120 Calendly reads")
        .hasMessageContaining("search at most 28 days at a time");
    CommonTimesTool.checkBudget(Optional.of(free), 3, 5, ninetyDays);
  }
}
