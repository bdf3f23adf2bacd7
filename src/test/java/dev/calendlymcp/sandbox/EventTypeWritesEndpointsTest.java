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

class EventTypeWritesEndpointsTest extends SandboxTestBase {

  private String eventType(SeededUser owner, String kind) {
    return http.get("/event_types?user=" + q(owner.userUri()) + "&active=true", owner.token())
        .json().path("collection").valueStream()
        .filter(e -> e.path("kind").asString().equals(kind))
        .map(e -> e.path("uri").asString()).findFirst().orElseThrow();
  }

  private List<Instant> slots(SeededUser user, String eventType) {
    Instant from = START.plus(Duration.ofDays(1));
    Reply reply = http.get("/event_type_available_times?event_type=" + q(eventType) + "&start_time=" + q(from.toString())
        + "&end_time=" + q(from.plus(Duration.ofDays(7)).toString()), user.token());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().path("collection").valueStream().map(s -> Instant.parse(s.path("start_time").asString())).toList();
  }

  private String create(SeededUser as, String owner, String extra) {
    return "{\"name\":\"Intro call\",\"owner\":\"" + owner + "\"" + extra + "}";
  }

  @Test
  void aCreatedEventTypeIsListedAndOffersSlotsAtItsIncrement() {
    SeededUser owner = user(Plan.FREE, Role.OWNER);

    Reply created = http.post("/event_types", owner.token(), create(owner, owner.userUri(),
        ",\"duration\":45,\"duration_options\":[45,60],\"start_time_increment\":15,\"before_buffer\":10,"
            + "\"after_buffer\":15,\"locations\":[{\"kind\":\"zoom_conference\"}],\"color\":\"#1a73e8\""));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode resource = created.json().path("resource");
    assertThat(resource.path("duration").asInt()).isEqualTo(45);
    assertThat(resource.path("start_time_increment").asInt()).isEqualTo(15);
    assertThat(resource.path("before_buffer").asInt()).isEqualTo(10);
    assertThat(resource.path("after_buffer").asInt()).isEqualTo(15);
    assertThat(resource.path("kind").asString()).isEqualTo("solo");
    assertThat(resource.path("type").asString()).isEqualTo("StandardEventType");
    assertThat(resource.path("locations").get(0).path("kind").asString()).isEqualTo("zoom_conference");
    String uri = resource.path("uri").asString();
    assertThat(http.get("/event_types/" + uuid(uri), owner.token()).status()).isEqualTo(200);
    List<Instant> slots = slots(owner, uri);
    assertThat(slots).isNotEmpty();
    assertThat(slots).anyMatch(s -> s.atZone(ZoneId.of(owner.timezone())).getMinute() == 15);
  }

  @Test
  void creatingChecksEveryFieldAndNamesEachBadOne() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    Reply missing = http.post("/event_types", owner.token(), "{}");
    Reply bad = http.post("/event_types", owner.token(), create(owner, owner.userUri(),
        ",\"duration\":30,\"duration_options\":[45],\"before_buffer\":7,\"start_time_increment\":3,\"color\":\"blue\""));

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.detailParameters()).containsExactlyInAnyOrder("owner", "name");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.detailParameters()).containsExactlyInAnyOrder("duration", "before_buffer", "start_time_increment", "color");
  }

  @Test
  void onlyAnAdminCreatesForSomeoneElseAndNeverInAnotherOrganization() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    SeededUser outsider = user(Plan.STANDARD, Role.OWNER);

    Reply byMember = http.post("/event_types", member.token(), create(member, owner.userUri(), ""));
    Reply byOwner = http.post("/event_types", owner.token(), create(owner, member.userUri(), ""));
    Reply byOutsider = http.post("/event_types", outsider.token(), create(outsider, member.userUri(), ""));

    assertThat(byMember.status()).isEqualTo(403);
    assertThat(byOwner.status()).isEqualTo(201);
    assertThat(byOutsider.status()).isEqualTo(403);
  }

  @Test
  void writesNeedTheirWriteScope() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String readOnly = sandbox.issueToken(owner.userUri(), List.of("event_types:read", "availability:read", "users:read"));
    String thirty = eventType(owner, "solo");

    Reply create = http.post("/event_types", readOnly, create(owner, owner.userUri(), ""));
    Reply update = http.patch("/event_types/" + uuid(thirty), readOnly, "{\"duration\":45}");
    Reply hours = http.patch("/event_type_availability_schedules?event_type=" + q(thirty), readOnly,
        "{\"availability_rule\":{\"timezone\":\"UTC\",\"rules\":[]}}");
    Reply read = http.get("/event_type_availability_schedules?event_type=" + q(thirty), readOnly);
    Reply hosts = http.get("/event_type_memberships?event_type=" + q(thirty), readOnly);

    assertThat(List.of(create.status(), update.status(), hours.status())).containsOnly(403);
    assertThat(create.body()).contains("event_types:write");
    assertThat(hours.body()).contains("availability:write");
    assertThat(read.status()).isEqualTo(200);
    assertThat(hosts.status()).isEqualTo(200);
  }

  @Test
  void anUpdateKeepsWhatItLeavesOutAndChangesTheSlotsAtOnce() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String uri = eventType(owner, "solo");
    JsonNode before = http.get("/event_types/" + uuid(uri), owner.token()).json().path("resource");
    List<Instant> slotsBefore = slots(owner, uri);

    Reply updated = http.patch("/event_types/" + uuid(uri), owner.token(), "{\"duration\":90,\"after_buffer\":30}");

    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    JsonNode after = updated.json().path("resource");
    assertThat(after.path("duration").asInt()).isEqualTo(90);
    assertThat(after.path("after_buffer").asInt()).isEqualTo(30);
    assertThat(after.path("name").asString()).isEqualTo(before.path("name").asString());
    assertThat(after.path("start_time_increment").asInt()).isEqualTo(before.path("start_time_increment").asInt());
    List<Instant> slotsAfter = slots(owner, uri);
    assertThat(slotsAfter).isNotEqualTo(slotsBefore).hasSizeLessThan(slotsBefore.size());
  }

  @Test
  void onlyOneOnOneEventTypesOfYourOwnCanBeUpdated() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);

    Reply group = http.patch("/event_types/" + uuid(eventType(member, "group")), member.token(), "{\"name\":\"Renamed\"}");
    Reply othersOwn = http.patch("/event_types/" + uuid(eventType(owner, "solo")), member.token(), "{\"name\":\"Renamed\"}");
    Reply owner2 = http.patch("/event_types/" + uuid(eventType(member, "solo")), owner.token(), "{\"owner\":\"" + owner.userUri() + "\"}");
    Reply unknown = http.patch("/event_types/NOSUCHTHING", owner.token(), "{\"name\":\"x\"}");

    assertThat(group.status()).isEqualTo(400);
    assertThat(group.body()).contains("one-on-one");
    assertThat(othersOwn.status()).isEqualTo(403);
    assertThat(owner2.detailParameters()).containsExactly("owner");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void hostsArePagedOwnerFirst() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    String date = START.atZone(ZoneId.of(owner.timezone())).toLocalDate().plusDays(2).toString();
    String oneOff = http.post("/one_off_event_types", owner.token(),
        "{\"name\":\"Pair\",\"host\":\"" + owner.userUri() + "\",\"co_hosts\":[\"" + member.userUri() + "\"],\"duration\":30,"
            + "\"date_setting\":{\"type\":\"date_range\",\"start_date\":\"" + date + "\",\"end_date\":\"" + date + "\"},"
            + "\"location\":{\"kind\":\"zoom_conference\"}}").resource("uri");

    Reply first = http.get("/event_type_memberships?event_type=" + q(oneOff) + "&count=1", owner.token());
    String token = first.json().path("pagination").path("next_page_token").asString();
    Reply second = http.get("/event_type_memberships?event_type=" + q(oneOff) + "&count=1&page_token=" + q(token), owner.token());
    Reply missing = http.get("/event_type_memberships", owner.token());

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    JsonNode host = first.json().path("collection").get(0);
    assertThat(host.path("user").path("uri").asString()).isEqualTo(owner.userUri());
    assertThat(host.path("event_type").asString()).isEqualTo(oneOff);
    assertThat(second.json().path("collection").get(0).path("user").path("email").asString()).isEqualTo(member.email());
    assertThat(second.json().path("pagination").path("next_page_token").isNull()).isTrue();
    assertThat(missing.detailParameters()).containsExactly("event_type");
  }

  @Test
  void newHoursReplaceTheScheduleForThatEventTypeAndFindTimesSeesThem() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String uri = eventType(owner, "solo");
    Reply before = http.get("/event_type_availability_schedules?event_type=" + q(uri), owner.token());

    Reply patched = http.patch("/event_type_availability_schedules?event_type=" + q(uri), owner.token(),
        "{\"availability_setting\":\"host\",\"availability_rule\":{\"timezone\":\"Asia/Tokyo\",\"rules\":["
            + "{\"type\":\"wday\",\"wday\":\"friday\",\"intervals\":[{\"from\":\"10:00\",\"to\":\"12:00\"}]}]}}");

    assertThat(before.status()).isEqualTo(200);
    assertThat(before.json().path("collection").get(0).path("availability_rule").path("rules").valueStream()
        .filter(r -> r.path("type").asString().equals("wday"))).hasSize(7);
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    JsonNode rule = patched.json().path("collection").get(0).path("availability_rule");
    assertThat(rule.path("timezone").asString()).isEqualTo("Asia/Tokyo");
    List<Instant> slots = slots(owner, uri);
    assertThat(slots).isNotEmpty();
    for (Instant slot : slots) {
      ZonedDateTime tokyo = slot.atZone(ZoneId.of("Asia/Tokyo"));
      assertThat(tokyo.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
      assertThat(tokyo.getHour()).isBetween(10, 11);
    }
    assertThat(http.get("/event_type_availability_schedules?event_type=" + q(uri), owner.token())
        .json().path("collection").get(0).path("availability_rule").path("timezone").asString()).isEqualTo("Asia/Tokyo");
  }

  @Test
  void badHoursAreRefusedRuleByRule() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String uri = eventType(owner, "solo");

    Reply bad = http.patch("/event_type_availability_schedules?event_type=" + q(uri), owner.token(),
        "{\"availability_rule\":{\"timezone\":\"Mars/Base\",\"rules\":["
            + "{\"type\":\"wday\",\"wday\":\"funday\",\"intervals\":[]},"
            + "{\"type\":\"date\",\"date\":\"2020-01-01\",\"intervals\":[]},"
            + "{\"type\":\"wday\",\"wday\":\"monday\",\"intervals\":[{\"from\":\"12:00\",\"to\":\"09:00\"}]}]}}");
    Reply noRule = http.patch("/event_type_availability_schedules?event_type=" + q(uri), owner.token(), "{}");

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.detailParameters()).containsExactlyInAnyOrder(
        "availability_rule.timezone", "availability_rule.rules[0].wday", "availability_rule.rules[1].date",
        "availability_rule.rules[2].intervals[0]");
    assertThat(noRule.detailParameters()).containsExactly("availability_rule");
  }

  @Test
  void aMembersHoursAreReadableByThemAndAdminsOnly() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    String ownersType = eventType(owner, "solo");

    assertThat(http.get("/event_type_availability_schedules?event_type=" + q(ownersType), member.token()).status()).isEqualTo(403);
    assertThat(http.get("/event_type_availability_schedules?event_type=" + q(eventType(member, "solo")), owner.token()).status())
        .isEqualTo(200);
  }
}
