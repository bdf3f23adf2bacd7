package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScheduledEventsEndpointsTest extends SandboxTestBase {

  @Test
  void anOrganizationsEventsPageInStartTimeOrder() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String path = "/scheduled_events?organization=" + q(owner.organizationUri());

    List<String> uris = Paging.checkThreePages(http, path, owner.token(), 4, "/uri");

    Reply all = http.get(path + "&count=100", owner.token());
    List<Instant> starts = all.json().path("collection").valueStream()
        .map(e -> Instant.parse(e.path("start_time").asString())).toList();
    assertThat(starts).isSorted().hasSize(uris.size());
    Reply descending = http.get(path + "&count=100&sort=start_time:desc", owner.token());
    List<Instant> descendingStarts = descending.json().path("collection").valueStream()
        .map(e -> Instant.parse(e.path("start_time").asString())).toList();
    assertThat(descendingStarts).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(Paging.uris(descending, "/uri")).containsExactlyInAnyOrderElementsOf(uris);
  }

  @Test
  void seededEventsSpreadAroundNowWithSomeCanceledAndCarryCalendlysFields() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    Reply all = http.get("/scheduled_events?organization=" + q(owner.organizationUri()) + "&count=100", owner.token());
    List<JsonNode> events = all.json().path("collection").valueStream().toList();

    assertThat(events).anyMatch(e -> Instant.parse(e.path("start_time").asString()).isBefore(START));
    assertThat(events).anyMatch(e -> Instant.parse(e.path("start_time").asString()).isAfter(START));
    JsonNode first = events.get(0);
    assertThat(first.path("event_memberships").get(0).path("user_email").asString()).isNotEmpty();
    assertThat(first.path("invitees_counter").path("limit").asInt()).isPositive();
    assertThat(first.path("location").path("type").asString()).isNotEmpty();

    List<ScheduledEvent> model = sandbox.model().read(store -> store.eventsOfOrganization(uuid(owner.organizationUri())));
    Reply canceled = http.get("/scheduled_events?organization=" + q(owner.organizationUri()) + "&status=canceled&count=100", owner.token());
    assertThat(canceled.json().path("collection").size())
        .isEqualTo((int) model.stream().filter(e -> !e.isActive()).count());
    canceled.json().path("collection").forEach(e -> assertThat(e.path("cancellation").path("canceler_type").asString()).isIn("host", "invitee"));
  }

  @Test
  void filtersByTimeRangeAndInviteeEmail() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String base = "/scheduled_events?organization=" + q(owner.organizationUri()) + "&count=100";
    Reply window = http.get(base + "&min_start_time=" + q(START.toString())
        + "&max_start_time=" + q(START.plus(Duration.ofDays(7)).toString()), owner.token());
    window.json().path("collection").forEach(e -> assertThat(Instant.parse(e.path("start_time").asString()))
        .isBetween(START, START.plus(Duration.ofDays(7))));

    JsonNode someEvent = window.json().path("collection").get(0);
    String email = http.get(someEvent.path("uri").asString() + "/invitees", owner.token())
        .json().path("collection").get(0).path("email").asString();
    Reply byEmail = http.get(base + "&invitee_email=" + q(email.toUpperCase()), owner.token());
    assertThat(Paging.uris(byEmail, "/uri")).contains(someEvent.path("uri").asString());
  }

  @Test
  void listingNeedsAUserOrOrganizationAndValidFilters() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);

    Reply missing = http.get("/scheduled_events?status=gone&min_start_time=soon", owner.token());

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.detailParameters()).containsExactlyInAnyOrder("user", "organization", "status", "min_start_time");
  }

  @Test
  void aPlainMemberSeesOnlyTheirOwnEvents() {
    SeededUser member = user(Plan.ENTERPRISE, Role.USER);
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    ScheduledEvent ownersEvent = sandbox.model().scheduledEventsOf(owner.userUri()).get(0);
    String ownersEventUri = sandbox.apiBaseUrl() + "/scheduled_events/" + ownersEvent.uuid();

    assertThat(http.get("/scheduled_events?user=" + q(member.userUri()), member.token()).status()).isEqualTo(200);
    assertThat(http.get("/scheduled_events?user=" + q(owner.userUri()), member.token()).status()).isEqualTo(403);
    assertThat(http.get("/scheduled_events?organization=" + q(member.organizationUri()), member.token()).status()).isEqualTo(403);
    assertThat(http.get(ownersEventUri, member.token()).status()).isEqualTo(403);
    assertThat(http.get(ownersEventUri, owner.token()).status()).isEqualTo(200);
    assertThat(http.get(ownersEventUri, user(Plan.FREE, Role.OWNER).token()).status()).isEqualTo(404);
    assertThat(http.post(ownersEventUri + "/cancellation", member.token(), "{}").status()).isEqualTo(403);
  }

  @Test
  void anAdminNamesTheOrganizationToListATeammatesEventsAndUserAloneIsOnlyForOnesOwn() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    SeededUser member = user(Plan.ENTERPRISE, Role.USER);
    String teammate = "/scheduled_events?user=" + q(member.userUri());

    Reply alone = http.get(teammate, owner.token());
    Reply withOrganization = http.get(teammate + "&organization=" + q(owner.organizationUri()) + "&count=100", owner.token());
    Reply ownAlone = http.get("/scheduled_events?user=" + q(owner.userUri()), owner.token());

    assertThat(alone.status()).isEqualTo(403);
    assertThat(alone.json().path("title").asString()).isEqualTo("Permission Denied");
    assertThat(alone.json().path("message").asString()).isEqualTo("You do not have permission to access this resource.");
    assertThat(withOrganization.status()).as(withOrganization.toString()).isEqualTo(200);
    assertThat(Paging.uris(withOrganization, "/uri")).isNotEmpty().allSatisfy(uri -> assertThat(
        sandbox.model().scheduledEventsOf(member.userUri()).stream().map(e -> e.uuid()).toList()).contains(uuid(uri)));
    assertThat(ownAlone.status()).isEqualTo(200);
  }

  @Test
  void anEventsInviteesAndOneInviteeWithFullAnswers() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    ScheduledEvent event = sandbox.model().scheduledEventsOf(owner.userUri()).get(0);
    String eventUri = sandbox.apiBaseUrl() + "/scheduled_events/" + event.uuid();

    Reply list = http.get(eventUri + "/invitees", owner.token());
    assertThat(list.status()).isEqualTo(200);
    JsonNode invitee = list.json().path("collection").get(0);
    Reply one = http.get(invitee.path("uri").asString(), owner.token());

    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().path("resource")).isEqualTo(invitee);
    assertThat(invitee.path("event").asString()).isEqualTo(eventUri);
    assertThat(invitee.path("questions_and_answers").isArray()).isTrue();
    assertThat(invitee.has("tracking")).isTrue();
    assertThat(http.get(eventUri + "/invitees/nope", owner.token()).status()).isEqualTo(404);
    assertThat(http.get(eventUri + "/invitees?status=maybe", owner.token()).detailParameters()).containsExactly("status");
    assertThat(http.get("/scheduled_events/nope", owner.token()).status()).isEqualTo(404);
  }

  @Test
  void aGroupSessionsInviteesPageThroughThreePages() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String groupType = http.get("/event_types?user=" + q(owner.userUri()), owner.token()).json().path("collection")
        .valueStream().filter(t -> t.path("kind").asString().equals("group")).findFirst().orElseThrow()
        .path("uri").asString();
    String slot = http.get("/event_type_available_times?event_type=" + q(groupType) + "&start_time=" + q(START.toString())
        + "&end_time=" + q(START.plus(Duration.ofDays(7)).toString()), owner.token())
        .json().path("collection").valueStream().filter(s -> s.path("invitees_remaining").asInt() == 5)
        .findFirst().orElseThrow().path("start_time").asString();
    String eventUri = null;
    for (int i = 0; i < 5; i++) {
      Reply booked = http.post("/invitees", owner.token(), """
          {"event_type": "%s", "start_time": "%s",
           "invitee": {"name": "Guest %d", "email": "guest%d@example.org", "timezone": "UTC"}}
          """.formatted(groupType, slot, i, i));
      assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
      eventUri = booked.json().path("resource").path("event").asString();
    }

    List<String> invitees = Paging.checkThreePages(http, eventUri + "/invitees", owner.token(), 2, "/uri");

    assertThat(invitees).hasSize(5);
  }

  @Test
  void anEventThatHasEndedCannotBeCanceled() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    ScheduledEvent past = sandbox.model().scheduledEventsOf(owner.userUri()).stream()
        .filter(e -> e.isActive() && e.end().isBefore(START)).findFirst().orElseThrow();

    Reply reply = http.post(sandbox.apiBaseUrl() + "/scheduled_events/" + past.uuid() + "/cancellation", owner.token(), "");

    assertThat(reply.status()).isEqualTo(403);
  }
}
