package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class NoShowsLocationsSharesEndpointsTest extends SandboxTestBase {

  /** The first active invitee of the host's meetings that started before or after now. */
  private String invitee(SeededUser host, boolean past) {
    String window = past ? "&max_start_time=" + q(START.toString()) : "&min_start_time=" + q(START.toString());
    for (JsonNode event : http.get("/scheduled_events?user=" + q(host.userUri()) + "&status=active&count=100" + window,
        host.token()).json().path("collection")) {
      JsonNode invitees = http.get("/scheduled_events/" + uuid(event.path("uri").asString()) + "/invitees?status=active",
          host.token()).json().path("collection");
      if (!invitees.isEmpty()) {
        return invitees.get(0).path("uri").asString();
      }
    }
    throw new AssertionError("the seed has no " + (past ? "past" : "future") + " invitee for " + host);
  }

  private String eventType(SeededUser owner, String kind) {
    return http.get("/event_types?user=" + q(owner.userUri()) + "&active=true", owner.token())
        .json().path("collection").valueStream()
        .filter(e -> e.path("kind").asString().equals(kind))
        .map(e -> e.path("uri").asString()).findFirst().orElseThrow();
  }

  private String inviteePath(String inviteeUri) {
    return inviteeUri.substring(sandbox.apiBaseUrl().length());
  }

  @Test
  void aNoShowIsMarkedReadOnTheInviteeAndUndoneOnEveryPlan() {
    SeededUser owner = user(Plan.FREE, Role.OWNER);
    String invitee = invitee(owner, true);

    Reply marked = http.post("/invitee_no_shows", owner.token(), "{\"invitee\":\"" + invitee + "\"}");
    String noShow = marked.resource("uri");
    Reply again = http.post("/invitee_no_shows", owner.token(), "{\"invitee\":\"" + invitee + "\"}");
    Reply read = http.get("/invitee_no_shows/" + uuid(noShow), owner.token());
    JsonNode onInvitee = http.get(inviteePath(invitee), owner.token()).json().path("resource").path("no_show");
    Reply undone = http.delete("/invitee_no_shows/" + uuid(noShow), owner.token());

    assertThat(marked.status()).as(marked.toString()).isEqualTo(201);
    assertThat(marked.resource("invitee")).isEqualTo(invitee);
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.detailParameters()).containsExactly("invitee");
    assertThat(read.resource("uri")).isEqualTo(noShow);
    assertThat(onInvitee.path("uri").asString()).isEqualTo(noShow);
    assertThat(undone.status()).isEqualTo(204);
    assertThat(http.get(inviteePath(invitee), owner.token()).json().path("resource").path("no_show").isNull()).isTrue();
    assertThat(http.get("/invitee_no_shows/" + uuid(noShow), owner.token()).status()).isEqualTo(404);
  }

  @Test
  void aMeetingThatHasNotStartedCannotHaveANoShow() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);

    Reply early = http.post("/invitee_no_shows", owner.token(), "{\"invitee\":\"" + invitee(owner, false) + "\"}");
    Reply notAnInvitee = http.post("/invitee_no_shows", owner.token(), "{\"invitee\":\"" + owner.userUri() + "\"}");
    Reply missing = http.post("/invitee_no_shows", owner.token(), "{}");

    assertThat(early.status()).isEqualTo(400);
    assertThat(early.body()).contains("started");
    assertThat(notAnInvitee.detailParameters()).containsExactly("invitee");
    assertThat(missing.detailParameters()).containsExactly("invitee");
  }

  @Test
  void onlyTheHostOrAnAdminMarksANoShowAndOnlyWithTheWriteScope() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    SeededUser outsider = user(Plan.STANDARD, Role.OWNER);
    String ownersInvitee = invitee(owner, true);
    String readOnly = sandbox.issueToken(member.userUri(), List.of("scheduled_events:read"));

    Reply byMember = http.post("/invitee_no_shows", member.token(), "{\"invitee\":\"" + ownersInvitee + "\"}");
    Reply byOutsider = http.post("/invitee_no_shows", outsider.token(), "{\"invitee\":\"" + ownersInvitee + "\"}");
    Reply byReader = http.post("/invitee_no_shows", readOnly, "{\"invitee\":\"" + invitee(member, true) + "\"}");
    Reply byAdmin = http.post("/invitee_no_shows", owner.token(), "{\"invitee\":\"" + invitee(member, true) + "\"}");

    assertThat(byMember.status()).isEqualTo(403);
    assertThat(byOutsider.status()).isEqualTo(404);
    assertThat(byReader.status()).isEqualTo(403);
    assertThat(byReader.body()).contains("scheduled_events:write");
    assertThat(byAdmin.status()).isEqualTo(201);
  }

  @Test
  void aUsersLocationsAreTheDistinctPlacesOfTheirEventTypes() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    String noScope = sandbox.issueToken(owner.userUri(), List.of("users:read"));

    Reply mine = http.get("/locations?user=" + q(owner.userUri()), owner.token());
    Reply members = http.get("/locations?user=" + q(member.userUri()), owner.token());
    Reply others = http.get("/locations?user=" + q(owner.userUri()), member.token());
    Reply unscoped = http.get("/locations?user=" + q(owner.userUri()), noScope);
    Reply missing = http.get("/locations", owner.token());

    assertThat(mine.status()).isEqualTo(200);
    List<String> kinds = mine.json().path("collection").valueStream().map(l -> l.path("kind").asString()).toList();
    assertThat(kinds).isNotEmpty().doesNotHaveDuplicates();
    assertThat(members.status()).isEqualTo(200);
    assertThat(others.status()).isEqualTo(403);
    assertThat(unscoped.status()).isEqualTo(403);
    assertThat(unscoped.body()).contains("locations:read");
    assertThat(missing.detailParameters()).containsExactly("user");
  }

  @Test
  void aShareCopiesWhatItLeavesOutAndReturnsItsEffectiveSettings() {
    SeededUser owner = user(Plan.FREE, Role.OWNER);
    String solo = eventType(owner, "solo");
    String day = START.atZone(ZoneId.of(owner.timezone())).toLocalDate().plusDays(3).toString();

    Reply share = http.post("/shares", owner.token(), "{\"event_type\":\"" + solo + "\",\"name\":\"For Ana\","
        + "\"duration\":45,\"duration_options\":[45,90],\"period_type\":\"fixed\",\"start_date\":\"" + day
        + "\",\"end_date\":\"" + day + "\",\"location_configurations\":[{\"kind\":\"physical\",\"location\":\"Cafe Luna\"}],"
        + "\"availability_rule\":{\"timezone\":\"UTC\",\"rules\":[{\"type\":\"date\",\"date\":\"" + day
        + "\",\"intervals\":[{\"from\":\"14:00\",\"to\":\"16:00\"}]}]}}");
    Reply plain = http.post("/shares", owner.token(), "{\"event_type\":\"" + solo + "\"}");

    assertThat(share.status()).as(share.toString()).isEqualTo(201);
    JsonNode resource = share.json().path("resource");
    assertThat(resource.path("status").asString()).isEqualTo("active");
    assertThat(resource.path("scheduling_links").get(0).path("booking_url").asString()).startsWith(sandbox.apiBaseUrl());
    assertThat(resource.path("scheduling_links").get(0).path("owner").asString()).isEqualTo(solo);
    JsonNode settings = resource.path("share_override");
    assertThat(settings.path("duration").asInt()).isEqualTo(45);
    assertThat(settings.path("period_type").asString()).isEqualTo("fixed");
    assertThat(settings.path("start_date").asString()).isEqualTo(day);
    assertThat(settings.path("location_configurations").get(0).path("location").asString()).isEqualTo("Cafe Luna");
    assertThat(settings.path("availability_rule").path("timezone").asString()).isEqualTo("UTC");
    JsonNode copied = plain.json().path("resource").path("share_override");
    assertThat(plain.status()).isEqualTo(201);
    // The seeded event type has no booking window, so the link is bookable without one too.
    assertThat(copied.path("period_type").asString()).isEqualTo("unlimited");
    assertThat(copied.path("max_booking_time").isNull()).isTrue();
    assertThat(copied.path("availability_rule").path("timezone").asString()).isEqualTo(owner.timezone());
    assertThat(copied.path("location_configurations")).isNotEmpty();
  }

  @Test
  void aShareIsRefusedForGroupEventTypesBadPeriodsAndWithoutItsScope() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    String solo = eventType(owner, "solo");
    String linksOnly = sandbox.issueToken(owner.userUri(), List.of("scheduling_links:write", "event_types:read"));

    Reply group = http.post("/shares", member.token(), "{\"event_type\":\"" + eventType(member, "group") + "\"}");
    Reply period = http.post("/shares", owner.token(), "{\"event_type\":\"" + solo + "\",\"period_type\":\"fixed\",\"duration\":17}");
    Reply moving = http.post("/shares", owner.token(), "{\"event_type\":\"" + solo + "\",\"period_type\":\"moving\"}");
    Reply others = http.post("/shares", member.token(), "{\"event_type\":\"" + solo + "\"}");
    Reply unscoped = http.post("/shares", linksOnly, "{\"event_type\":\"" + solo + "\"}");

    assertThat(group.status()).isEqualTo(400);
    assertThat(group.body()).contains("one-on-one");
    assertThat(period.detailParameters()).containsExactlyInAnyOrder("start_date", "end_date");
    assertThat(moving.detailParameters()).containsExactly("max_booking_time");
    assertThat(others.status()).isEqualTo(403);
    assertThat(unscoped.status()).isEqualTo(403);
    assertThat(unscoped.body()).contains("shares:write");
  }
}
