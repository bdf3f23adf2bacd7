package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** list_scheduled_events, get_scheduled_event, cancel_event and reschedule_meeting against the sandbox. */
class MeetingToolsTest {

  private static final String CANCELLATION = "POST /scheduled_events/{uuid}/cancellation";

  private SandboxToolHarness h;
  private EventType type;
  private List<Instant> open;

  @BeforeEach
  void start() {
    List<ToolDefinition> tools = new ArrayList<>(SchedulingTools.definitions());
    h = SandboxToolHarness.actingOwner(Plan.ENTERPRISE, Duration.ofSeconds(5), tools);
    type = h.eventType("30 Minute Meeting");
    open = h.openTimes(type);
  }

  @AfterEach
  void close() {
    h.close();
  }

  private SandboxToolHarness.Outcome book(Instant start, String email) {
    return book(start, email, "Pat Doe");
  }

  private SandboxToolHarness.Outcome book(Instant start, String email, String name) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("event_type", type.uri().toString());
    args.put("start_time", start.toString());
    args.put("invitee_name", name);
    args.put("invitee_email", email);
    SandboxToolHarness.Outcome answer = h.call("book_meeting", args);
    assertThat(answer.string("outcome")).isEqualTo("booked");
    return answer;
  }

  private Status statusOf(String eventUri) {
    return h.sandbox.model().scheduledEvent(eventUri).map(ScheduledEvent::status).orElseThrow();
  }

  @Test
  void theSchedulingToolsetOffersTheMeetingTools() {
    assertThat(SchedulingTools.definitions()).extracting(ToolDefinition::name)
        .contains("book_meeting", "list_scheduled_events", "get_scheduled_event", "cancel_event", "reschedule_meeting");
    ToolDefinition cancel = SchedulingTools.definitions().stream()
        .filter(t -> t.name().equals("cancel_event")).findFirst().orElseThrow();
    assertThat(cancel.hints().destructive()).isTrue();
    assertThat(cancel.hints().readOnly()).isFalse();
  }

  @Test
  void listingByInviteeEmailFindsTheBookedMeeting() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "lister@example.org");

    SandboxToolHarness.Outcome listed = h.call("list_scheduled_events",
        Map.of("invitee", "lister@example.org", "status", "active"));

    assertThat(listed.<Object>get("events")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1)
        .first().asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("uri", booked.string("event_uri"))
        .containsEntry("status", "active")
        .containsEntry("start_time", open.get(0).toString());
    assertThat(listed.<Object>get("next_cursor")).isNull();
    assertThat(listed.text()).startsWith("1 meeting, times in ").contains("\n- 30 Minute Meeting, ",
        ", with Pat Doe <lister@example.org> — " + booked.string("event_uri"));
  }

  @SuppressWarnings("unchecked") // structured content is JSON-shaped by construction
  private static List<Map<String, Object>> events(SandboxToolHarness.Outcome listed) {
    return (List<Map<String, Object>>) listed.<Object>get("events");
  }

  /** Books open slots until the organization has at least {@code wanted} meetings from {@code since}. */
  private void atLeastMeetings(int wanted, Instant since) {
    long have = h.sandbox.users().stream()
        .filter(u -> u.organizationUri().equals(h.user().organizationUri()))
        .flatMap(u -> h.sandbox.model().scheduledEventsOf(u.userUri()).stream())
        .filter(e -> !e.start().isBefore(since))
        .count();
    // Straight to the sandbox: the tools' own limiter would hold bookings to Calendly's 10 a minute.
    for (int i = 0; have + i < wanted; i++) {
      h.client(h.user()).scheduling().createInvitee(CreateInviteeRequest.of(type.uri(), open.get(i),
          CreateInviteeRequest.Person.named("Filler " + i, "filler" + i + "@example.org", "UTC"))).block();
    }
  }

  private Map<String, Object> organizationWide(String min) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("organization", h.user().organizationUri());
    args.put("min_start_time", min);
    return args;
  }

  @Test
  void listingShowsWhoEachMeetingIsWithAndItsLocalTimeInTheUsersZone() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "who@example.org", "Robin Who");

    SandboxToolHarness.Outcome listed = h.call("list_scheduled_events", Map.of("invitee", "who@example.org"));

    Map<String, Object> event = events(listed).get(0);
    assertThat(event).containsEntry("uri", booked.string("event_uri"))
        .containsEntry("local_time", open.get(0).atZone(ZoneId.of(h.user().timezone())).toOffsetDateTime().toString())
        .containsEntry("invitees", List.of(Map.of("name", "Robin Who", "email", "who@example.org")));
    assertThat(listed.string("timezone")).isEqualTo(h.user().timezone());
    assertThat(listed.text()).startsWith("1 meeting, times in " + h.user().timezone() + ":")
        .contains(", with Robin Who <who@example.org> — " + booked.string("event_uri"));
    assertThat(h.requests("GET /scheduled_events/{uuid}/invitees")).isEqualTo(1);
  }

  @Test
  void listingInAGivenTimeZoneShowsLocalTimesThere() {
    book(open.get(0), "tokyo@example.org");

    SandboxToolHarness.Outcome listed = h.call("list_scheduled_events",
        Map.of("invitee", "tokyo@example.org", "timezone", "Asia/Tokyo"));

    assertThat(events(listed).get(0).get("local_time"))
        .isEqualTo(open.get(0).atZone(ZoneId.of("Asia/Tokyo")).toOffsetDateTime().toString());
    assertThat((String) events(listed).get(0).get("local_time")).endsWith("+09:00");
    assertThat(listed.text()).startsWith("1 meeting, times in Asia/Tokyo:");
  }

  @Test
  void listingByPartOfAnInviteesNameFindsTheirMeeting() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "q@example.org", "Quentin Zylberstein");
    book(open.get(1), "other@example.org", "Pat Doe");

    SandboxToolHarness.Outcome listed = h.call("list_scheduled_events",
        Map.of("invitee", "zylberstein", "min_start_time", Instant.now().toString()));

    assertThat(events(listed)).singleElement().satisfies(event -> assertThat(event)
        .containsEntry("uri", booked.string("event_uri"))
        .containsEntry("invitees", List.of(Map.of("name", "Quentin Zylberstein", "email", "q@example.org"))));
  }

  @Test
  void aNameSearchReadsTheInviteesOfTwentyMeetingsAtMostAndOffersToSearchOn() {
    Instant since = Instant.now().minus(Duration.ofDays(30));
    atLeastMeetings(45, since);
    h.reset();
    Map<String, Object> search = organizationWide(since.toString());
    search.put("invitee", "Nobody Byth Isname");

    SandboxToolHarness.Outcome first = h.call("list_scheduled_events", search);
    long afterFirst = h.requests("GET /scheduled_events/{uuid}/invitees");
    Map<String, Object> on = new LinkedHashMap<>(search);
    on.put("cursor", first.string("next_cursor"));
    SandboxToolHarness.Outcome second = h.call("list_scheduled_events", on);

    assertThat(events(first)).isEmpty();
    assertThat(afterFirst).isEqualTo(MeetingTools.MAX_INVITEE_LOOKUPS);
    assertThat(first.text()).contains("Only some meetings were searched (one call reads the invitees of 20)",
        "narrow min_start_time and max_start_time");
    assertThat(h.requests("GET /scheduled_events/{uuid}/invitees")).isEqualTo(2L * MeetingTools.MAX_INVITEE_LOOKUPS);
    assertThat(second.string("next_cursor")).isNotNull().isNotEqualTo(first.string("next_cursor"));
  }

  @Test
  void aPageLargerThanOneCallLooksUpShowsTheRestWithoutInviteesAndSaysSo() {
    Instant since = Instant.now().minus(Duration.ofDays(30));
    atLeastMeetings(25, since);
    h.reset();
    Map<String, Object> list = organizationWide(since.toString());
    list.put("count", 25);

    SandboxToolHarness.Outcome listed = h.call("list_scheduled_events", list);

    assertThat(events(listed)).hasSize(25);
    assertThat(events(listed).subList(0, 20)).allSatisfy(event -> assertThat(event.get("invitees")).isNotNull());
    assertThat(events(listed).subList(20, 25)).allSatisfy(event -> assertThat(event.get("invitees")).isNull());
    assertThat(listed.text()).contains("Invitees not read for 5 meetings (one call reads 20)", "get_scheduled_event");
    assertThat(h.requests("GET /scheduled_events/{uuid}/invitees")).isEqualTo(20);
  }

  @Test
  void aTeammatesMeetingsAreListedByTheirUuidEmailOrName() {
    SeededUser teammate = h.sandbox.users().stream()
        .filter(u -> u.organizationUri().equals(h.user().organizationUri()) && u.role() == Role.USER)
        .findFirst().orElseThrow();
    String uuid = teammate.userUri().substring(teammate.userUri().lastIndexOf('/') + 1);
    String since = Instant.now().minus(Duration.ofDays(30)).toString();

    for (String reference : List.of(uuid, teammate.email(), teammate.name())) {
      SandboxToolHarness.Outcome listed = h.call("list_scheduled_events",
          Map.of("user", reference, "min_start_time", since, "count", 5));
      assertThat(events(listed)).as(reference).isNotEmpty().allSatisfy(event ->
          assertThat(event.get("hosts")).asString().contains(teammate.userUri()));
    }
  }

  @Test
  void listingPagesWithAnOpaqueCursor() {
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("min_start_time", Instant.now().minus(Duration.ofDays(30)).toString());
    filters.put("count", 3);

    SandboxToolHarness.Outcome first = h.call("list_scheduled_events", filters);
    Map<String, Object> next = new LinkedHashMap<>(filters);
    next.put("cursor", first.string("next_cursor"));
    SandboxToolHarness.Outcome second = h.call("list_scheduled_events", next);

    assertThat(first.<Object>get("events")).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(3);
    assertThat(first.text()).contains("More match: pass cursor ");
    assertThat(second.<Object>get("events")).asInstanceOf(InstanceOfAssertFactories.LIST).isNotEmpty()
        .doesNotContainAnyElementsOf((List<?>) first.get("events"));
  }

  @Test
  void listingWithTheRangeBackwardsIsRefused() {
    SandboxToolHarness.Outcome refused = h.call("list_scheduled_events", Map.of(
        "min_start_time", "2026-12-10T00:00:00Z", "max_start_time", "2026-12-01T00:00:00Z"));

    assertThat(refused.isError()).isTrue();
    assertThat(refused.text()).contains("max_start_time must be after min_start_time");
  }

  @Test
  void gettingAMeetingShowsItsInvitees() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "reader@example.org");

    SandboxToolHarness.Outcome read = h.call("get_scheduled_event", Map.of("event", booked.string("event_uri")));

    assertThat(read.<Object>get("event")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("uri", booked.string("event_uri"));
    assertThat(read.<Object>get("invitees")).asInstanceOf(InstanceOfAssertFactories.LIST).singleElement()
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("email", "reader@example.org")
        .containsEntry("uri", booked.string("invitee_uri"));
    assertThat(read.<Object>get("more_invitees")).isEqualTo(false);
  }

  @Test
  void gettingAnUnknownMeetingSaysHowToFindOne() {
    SandboxToolHarness.Outcome missing = h.call("get_scheduled_event", Map.of("event", "NOSUCHEVENT"));

    assertThat(missing.isError()).isTrue();
    assertThat(missing.text()).contains("No meeting NOSUCHEVENT is visible", "list_scheduled_events");
  }

  @Test
  void cancelingFreesTheSlotAndCancelingAgainIsAClearError() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "cancel@example.org");
    String event = booked.string("event_uri");

    SandboxToolHarness.Outcome canceled = h.call("cancel_event", Map.of("event", event, "reason", "Client is ill"));
    SandboxToolHarness.Outcome again = h.call("cancel_event", Map.of("event", event));

    assertThat(canceled.<Object>get("reason")).isEqualTo("Client is ill");
    assertThat(canceled.<Object>get("status")).isEqualTo("canceled");
    assertThat(canceled.<Object>get("event_uri")).isEqualTo(event);
    assertThat(canceled.text()).startsWith("Canceled 30 Minute Meeting at " + open.get(0));
    assertThat(statusOf(event)).isEqualTo(Status.CANCELED);
    assertThat(h.openTimes(type)).contains(open.get(0));
    assertThat(again.isError()).isTrue();
    assertThat(again.text()).contains("is already canceled", "reason: Client is ill", "Nothing was changed");
    assertThat(h.sandbox.stats().count(CANCELLATION)).isEqualTo(1);
  }

  @Test
  void aMeetingThatIsOverCannotBeCanceled() {
    // Any past meeting of the organization: the owner may act on every member's.
    String past = h.sandbox.users().stream()
        .filter(u -> u.organizationUri().equals(h.user().organizationUri()))
        .flatMap(u -> h.sandbox.model().scheduledEventsOf(u.userUri()).stream())
        .filter(e -> e.status() == Status.ACTIVE && e.end().isBefore(Instant.now()))
        .findFirst().orElseThrow().uuid();

    SandboxToolHarness.Outcome refused = h.call("cancel_event", Map.of("event", past));

    assertThat(refused.text()).contains("already took place", "Nothing was changed");
    assertThat(h.sandbox.stats().count(CANCELLATION)).isZero();
  }

  @Test
  void reschedulingBooksTheNewTimeThenCancelsTheOld() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "move@example.org");
    String old = booked.string("event_uri");

    SandboxToolHarness.Outcome moved = h.call("reschedule_meeting",
        Map.of("event", old, "new_start_time", open.get(2).toString(), "reason", "Traffic"));

    assertThat(moved.string("status")).isEqualTo("rescheduled");
    assertThat(moved.<Object>get("old_event")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("uri", old).containsEntry("status", "canceled");
    Map<?, ?> fresh = (Map<?, ?>) moved.get("new_booking");
    assertThat(fresh.get("start_time")).isEqualTo(open.get(2).toString());
    assertThat(fresh.get("invitee_email")).isEqualTo("move@example.org");
    assertThat(statusOf(old)).isEqualTo(Status.CANCELED);
    assertThat(statusOf((String) fresh.get("event_uri"))).isEqualTo(Status.ACTIVE);
    assertThat(h.sandbox.model().scheduledEvent(old).orElseThrow().cancellation().reason())
        .isEqualTo("Rescheduled to " + open.get(2) + ": Traffic");
    assertThat(moved.text()).startsWith("Rescheduled: the meeting at " + open.get(0));
  }

  @Test
  void whenTheNewTimeCannotBeBookedNothingIsCanceled() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "stay@example.org");
    book(open.get(1), "someone.else@example.org");

    SandboxToolHarness.Outcome refused = h.call("reschedule_meeting",
        Map.of("event", booked.string("event_uri"), "new_start_time", open.get(1).toString()));

    assertThat(refused.isError()).isTrue();
    assertThat(refused.text()).startsWith("Nothing changed: the new time could not be booked.")
        .contains("is not an open time", "is still on");
    assertThat(statusOf(booked.string("event_uri"))).isEqualTo(Status.ACTIVE);
    assertThat(h.sandbox.stats().count(CANCELLATION)).isZero();
  }

  @Test
  void whenCancelingTheOldMeetingFailsTheResultSaysBothAreOnAndARepeatFinishesTheJob() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "half@example.org");
    String old = booked.string("event_uri");
    Map<String, Object> args = Map.of("event", old, "new_start_time", open.get(3).toString());
    h.sandbox.faults().errorRate(CANCELLATION, 1.0, 503);

    SandboxToolHarness.Outcome partial = h.call("reschedule_meeting", args);
    h.sandbox.faults().clear();
    SandboxToolHarness.Outcome finished = h.call("reschedule_meeting", args);

    assertThat(partial.string("status")).isEqualTo("partial");
    assertThat(partial.<Object>get("old_event")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("uri", old).containsEntry("status", "active").containsKey("error");
    String fresh = (String) ((Map<?, ?>) partial.get("new_booking")).get("event_uri");
    assertThat(partial.text()).startsWith("Only half done.").contains(old, fresh, "could NOT be canceled", "cancel_event");
    assertThat(finished.string("status")).isEqualTo("rescheduled");
    assertThat(((Map<?, ?>) finished.get("new_booking")).get("event_uri")).isEqualTo(fresh);
    assertThat(((Map<?, ?>) finished.get("new_booking")).get("outcome")).isEqualTo("already_booked");
    assertThat(statusOf(old)).isEqualTo(Status.CANCELED);
    assertThat(h.posts()).isEqualTo(2);
  }

  @Test
  void repeatingAFinishedRescheduleReportsItWithoutBookingAgain() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "twice@example.org");
    Map<String, Object> args = Map.of("event", booked.string("event_uri"), "new_start_time", open.get(2).toString());

    SandboxToolHarness.Outcome moved = h.call("reschedule_meeting", args);
    SandboxToolHarness.Outcome repeated = h.call("reschedule_meeting", args);

    assertThat(repeated.string("status")).isEqualTo("rescheduled");
    assertThat(repeated.text()).startsWith("The meeting was already rescheduled");
    assertThat(((Map<?, ?>) repeated.get("new_booking")).get("event_uri"))
        .isEqualTo(((Map<?, ?>) moved.get("new_booking")).get("event_uri"));
    assertThat(h.posts()).isEqualTo(2);
  }

  @Test
  void reschedulingACanceledMeetingIsRefused() {
    SandboxToolHarness.Outcome booked = book(open.get(0), "gone@example.org");
    h.call("cancel_event", Map.of("event", booked.string("event_uri")));

    SandboxToolHarness.Outcome refused = h.call("reschedule_meeting",
        Map.of("event", booked.string("event_uri"), "new_start_time", open.get(2).toString()));

    assertThat(refused.text()).contains("is already canceled, so there is nothing to move", "book_meeting");
    assertThat(h.posts()).isEqualTo(1);
  }
}
