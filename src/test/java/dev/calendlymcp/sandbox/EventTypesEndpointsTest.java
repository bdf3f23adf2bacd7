package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventTypesEndpointsTest extends SandboxTestBase {

  @Test
  void anOrganizationsEventTypesPageInStableNameOrder() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    List<String> uris = Paging.checkThreePages(
        http, "/event_types?organization=" + q(owner.organizationUri()), owner.token(), 5, "/uri");

    assertThat(uris).hasSize(12);
    Reply all = http.get("/event_types?organization=" + q(owner.organizationUri()) + "&count=100", owner.token());
    List<String> names = all.json().path("collection").valueStream().map(e -> e.path("name").asString().toLowerCase()).toList();
    assertThat(names).isSorted();
  }

  @Test
  void aUsersEventTypesHaveCalendlysFieldsAndFilterBySortAndActive() {
    SeededUser user = user(Plan.TEAMS, Role.USER);

    Reply byPosition = http.get("/event_types?user=" + q(user.userUri()) + "&sort=position:desc", user.token());
    Reply active = http.get("/event_types?user=" + q(user.userUri()) + "&active=true", user.token());

    assertThat(byPosition.status()).isEqualTo(200);
    List<JsonNode> types = byPosition.json().path("collection").valueStream().toList();
    assertThat(types).extracting(t -> t.path("position").asInt()).containsExactly(3, 2, 1, 0);
    JsonNode first = types.get(3);
    assertThat(first.path("type").asString()).isEqualTo("StandardEventType");
    assertThat(first.path("profile").path("owner").asString()).isEqualTo(user.userUri());
    assertThat(first.path("kind").asString()).isEqualTo("solo");
    assertThat(first.path("duration").asInt()).isEqualTo(30);
    assertThat(first.path("scheduling_url").asString()).startsWith(sandbox.apiBaseUrl() + "/");
    assertThat(types).extracting(t -> t.path("kind").asString()).contains("group");
    assertThat(active.json().path("collection").valueStream().map(t -> t.path("active").asBoolean())).containsOnly(true).hasSize(3);
  }

  @Test
  void listingNeedsAUserOrAnOrganizationAndAValidSort() {
    String token = user(Plan.TEAMS, Role.OWNER).token();

    Reply neither = http.get("/event_types", token);
    Reply badSort = http.get("/event_types?user=" + q(user(Plan.TEAMS, Role.OWNER).userUri()) + "&sort=color:up&active=maybe", token);

    assertThat(neither.status()).isEqualTo(400);
    assertThat(neither.detailParameters()).containsExactly("user", "organization");
    assertThat(badSort.detailParameters()).containsExactlyInAnyOrder("sort", "active");
  }

  @Test
  void organizationWideListingNeedsAdminAndAnotherOrganizationIsForbidden() {
    SeededUser member = user(Plan.TEAMS, Role.USER);
    SeededUser outsider = user(Plan.FREE, Role.OWNER);

    Reply asMember = http.get("/event_types?organization=" + q(member.organizationUri()), member.token());
    Reply otherOrg = http.get("/event_types?organization=" + q(member.organizationUri()), outsider.token());
    Reply otherUser = http.get("/event_types?user=" + q(member.userUri()), outsider.token());

    assertThat(asMember.status()).isEqualTo(403);
    assertThat(asMember.json().path("message").asString()).contains("admin");
    assertThat(otherOrg.status()).isEqualTo(403);
    assertThat(otherUser.status()).isEqualTo(403);
  }

  @Test
  void anEventTypeIsReadableByUuidWithinTheOrganization() {
    SeededUser owner = user(Plan.STANDARD, Role.OWNER);
    SeededUser member = user(Plan.STANDARD, Role.USER);
    String uri = http.get("/event_types?user=" + q(owner.userUri()), owner.token())
        .json().path("collection").get(0).path("uri").asString();

    Reply byColleague = http.get(uri, member.token());
    Reply byOutsider = http.get(uri, user(Plan.TEAMS, Role.OWNER).token());

    assertThat(byColleague.status()).isEqualTo(200);
    assertThat(byColleague.resource("uri")).isEqualTo(uri);
    assertThat(byOutsider.status()).isEqualTo(404);
    assertThat(http.get("/event_types/nope", owner.token()).status()).isEqualTo(404);
  }

  @Test
  void eventTypesCarryTheirStartTimeIncrementAndBuffersAndTheSlotsFollowThem() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    List<JsonNode> types = http.get("/event_types?user=" + q(owner.userUri()), owner.token()).json()
        .path("collection").valueStream().toList();
    JsonNode consultation = types.stream()
        .filter(t -> t.path("name").asString().equals("60 Minute Consultation")).findFirst().orElseThrow();
    JsonNode one = http.get(consultation.path("uri").asString(), owner.token()).json().path("resource");

    assertThat(types).allSatisfy(t -> {
      assertThat(t.path("start_time_increment").asInt()).isBetween(5, 720);
      assertThat(t.path("before_buffer").asInt()).isIn(0, 5, 10, 15, 30, 45, 60, 90, 120, 150, 180);
      assertThat(t.path("after_buffer").asInt()).isIn(0, 5, 10, 15, 30, 45, 60, 90, 120, 150, 180);
    });
    assertThat(one.path("start_time_increment").asInt()).isEqualTo(30);
    assertThat(one.path("before_buffer").asInt()).isEqualTo(10);
    assertThat(one.path("after_buffer").asInt()).isEqualTo(15);
    List<String> starts = http.get("/event_type_available_times?event_type=" + q(one.path("uri").asString())
            + "&start_time=" + q(START.plusSeconds(60).toString()) + "&end_time=" + q(START.plus(java.time.Duration.ofDays(7)).toString()),
            owner.token())
        .json().path("collection").valueStream().map(slot -> slot.path("start_time").asString()).toList();
    assertThat(starts).isNotEmpty().allSatisfy(start -> assertThat(java.time.Instant.parse(start).getEpochSecond() % 1800).isZero());
  }

  @Test
  void aOneOffEventTypeIsCreatedAndBookableOnlyOnItsDates() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);

    Reply created = http.post("/one_off_event_types", owner.token(), """
        {"name": "Contract review", "host": "%s", "duration": 45, "timezone": "America/New_York",
         "date_setting": {"type": "date_range", "start_date": "2026-03-09", "end_date": "2026-03-10"},
         "location": {"kind": "physical", "location": "HQ"}}
        """.formatted(owner.userUri()));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode type = created.json().path("resource");
    assertThat(type.path("type").asString()).isEqualTo("AdhocEventType");
    assertThat(type.path("duration").asInt()).isEqualTo(45);
    assertThat(type.path("duration_options").isNull()).isTrue();
    assertThat(type.path("start_time_increment").isNull()).as("null for one-off event types").isTrue();
    assertThat(type.path("before_buffer").asInt()).isZero();
    assertThat(type.path("locations").get(0).path("location").asString()).isEqualTo("HQ");
    Reply times = http.get("/event_type_available_times?event_type=" + q(type.path("uri").asString())
        + "&start_time=2026-03-05T00:00:00Z&end_time=2026-03-12T00:00:00Z", owner.token());
    assertThat(times.json().path("collection").valueStream().map(s -> s.path("start_time").asString().substring(0, 10)))
        .isNotEmpty()
        .allMatch(day -> day.equals("2026-03-09") || day.equals("2026-03-10"));
  }

  @Test
  void aOneOffEventTypeRequestNamesEveryBadField() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);

    Reply reply = http.post("/one_off_event_types", owner.token(), """
        {"host": "x", "duration": 0, "timezone": "Nowhere/City",
         "date_setting": {"type": "weekly", "start_date": "2026-03-10", "end_date": "2026-03-01"},
         "location": {"kind": "pigeon"}}
        """);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactlyInAnyOrder(
        "name", "host", "duration", "timezone", "date_setting.type", "date_setting.end_date", "location.kind");
  }

  @Test
  void aPlainMemberCannotCreateAOneOffEventTypeForAColleague() {
    SeededUser member = user(Plan.ENTERPRISE, Role.USER);
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String readOnly = sandbox.issueToken(owner.userUri(), List.of("event_types:read"));
    String body = """
        {"name": "Chat", "host": "%s", "duration": 30,
         "date_setting": {"type": "date_range", "start_date": "2026-03-09", "end_date": "2026-03-10"},
         "location": {"kind": "zoom_conference"}}
        """.formatted(owner.userUri());

    assertThat(http.post("/one_off_event_types", member.token(), body).status()).isEqualTo(403);
    assertThat(http.post("/one_off_event_types", readOnly, body).status()).isEqualTo(403);
  }
}
