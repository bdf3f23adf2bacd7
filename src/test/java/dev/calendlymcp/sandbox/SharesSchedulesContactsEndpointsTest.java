package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Listing, changing and deleting shares; user availability schedule writes; contact writes. */
class SharesSchedulesContactsEndpointsTest extends SandboxTestBase {

  private static final String WEEK = """
      [{"type": "wday", "wday": "sunday", "intervals": []},
       {"type": "wday", "wday": "monday", "intervals": [{"from": "%1$s", "to": "%2$s"}]},
       {"type": "wday", "wday": "tuesday", "intervals": [{"from": "%1$s", "to": "%2$s"}]},
       {"type": "wday", "wday": "wednesday", "intervals": [{"from": "%1$s", "to": "%2$s"}]},
       {"type": "wday", "wday": "thursday", "intervals": [{"from": "%1$s", "to": "%2$s"}]},
       {"type": "wday", "wday": "friday", "intervals": [{"from": "%1$s", "to": "%2$s"}]},
       {"type": "wday", "wday": "saturday", "intervals": []}]""";

  private String solo(SeededUser owner) {
    return http.get("/event_types?user=" + q(owner.userUri()) + "&active=true", owner.token())
        .json().path("collection").valueStream()
        .filter(e -> e.path("kind").asString().equals("solo") && e.path("name").asString().equals("30 Minute Meeting"))
        .map(e -> e.path("uri").asString()).findFirst().orElseThrow();
  }

  private String share(SeededUser owner, String body) {
    Reply made = http.post("/shares", owner.token(), body);
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    return made.resource("uri");
  }

  private String path(String uri) {
    return uri.substring(sandbox.apiBaseUrl().length());
  }

  @Test
  void sharesAreListedNewestFirstByPageAndOnlyByTheirOwnerWithTheReadScope() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    String solo = solo(owner);
    String older = share(owner, "{\"event_type\": \"" + solo + "\", \"name\": \"Older\"}");
    clock.advance(Duration.ofMinutes(5));
    String newer = share(owner, "{\"event_type\": \"" + solo + "\", \"name\": \"Newer\"}");
    String writeOnly = sandbox.issueToken(owner.userUri(), List.of("shares:write"));
    String neither = sandbox.issueToken(owner.userUri(), List.of("event_types:read"));

    Reply first = http.get("/shares?user=" + q(owner.userUri()) + "&count=1", owner.token());
    Reply second = http.get("/shares?user=" + q(owner.userUri()) + "&count=1&page_token="
        + q(first.json().path("pagination").path("next_page_token").asString()), owner.token());
    Reply oldestFirst = http.get("/shares?user=" + q(owner.userUri()) + "&sort=created_at:asc", writeOnly);
    Reply otherType = http.get("/shares?user=" + q(owner.userUri()) + "&event_type="
        + q(sandbox.apiBaseUrl() + "/event_types/NOSUCHTYPE"), owner.token());
    Reply someoneElses = http.get("/shares?user=" + q(owner.userUri()), member.token());
    Reply unscoped = http.get("/shares?user=" + q(owner.userUri()), neither);
    Reply noUser = http.get("/shares", owner.token());

    assertThat(first.json().path("collection").get(0).path("uri").asString()).as(first.toString()).isEqualTo(newer);
    assertThat(second.json().path("collection").get(0).path("uri").asString()).isEqualTo(older);
    assertThat(second.json().path("pagination").path("next_page_token").isNull()).isTrue();
    assertThat(oldestFirst.json().path("collection").valueStream().map(s -> s.path("uri").asString()))
        .containsExactly(older, newer);
    assertThat(otherType.json().path("collection")).isEmpty();
    assertThat(someoneElses.status()).isEqualTo(403);
    assertThat(unscoped.status()).isEqualTo(403);
    assertThat(unscoped.body()).contains("shares:read");
    assertThat(noUser.detailParameters()).containsExactly("user");
  }

  @Test
  void aShareChangesWhatIsSentGoesBackToTheEventTypeOnNullAndCanBeDeleted() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String solo = solo(owner);
    String uri = share(owner, "{\"event_type\": \"" + solo + "\", \"name\": \"For Ana\", \"duration_options\": [30, 45]}");
    String contact = http.get("/contacts", owner.token()).json().path("collection").get(0).path("uri").asString();

    Reply changed = http.patch(path(uri), owner.token(),
        "{\"duration\": 45, \"name\": null, \"contact\": \"" + contact + "\", \"min_booking_time\": 120}");
    Reply notAnOption = http.patch(path(uri), owner.token(), "{\"duration\": 60}");
    Reply unknown = http.patch(path(uri), owner.token(), "{\"colour\": \"red\"}");
    Reply empty = http.patch(path(uri), owner.token(), "{}");
    Reply deleted = http.delete(path(uri), owner.token());
    Reply afterDelete = http.patch(path(uri), owner.token(), "{\"duration\": 30}");

    assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
    JsonNode settings = changed.json().path("resource").path("share_override");
    assertThat(settings.path("duration").asInt()).isEqualTo(45);
    assertThat(settings.path("name").asString()).isEqualTo("30 Minute Meeting");
    assertThat(settings.path("min_booking_time").asInt()).isEqualTo(120);
    assertThat(changed.resource("contact")).isEqualTo(contact);
    assertThat(notAnOption.detailParameters()).containsExactly("duration");
    assertThat(unknown.detailParameters()).containsExactly("colour");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(afterDelete.status()).isEqualTo(404);
    assertThat(http.get("/shares?user=" + q(owner.userUri()), owner.token()).json().path("collection")).isEmpty();
  }

  @Test
  void anExpiredShareCannotChangeButCanBeDeletedAndOnlyTheOwnerOrAnAdminTouchesIt() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    SeededUser stranger = user(Plan.ENTERPRISE, Role.OWNER);
    String day = LocalDate.ofInstant(START, ZoneId.of(owner.timezone())).plusDays(1).toString();
    String uri = share(owner, "{\"event_type\": \"" + solo(owner) + "\", \"period_type\": \"fixed\", \"start_date\": \""
        + day + "\", \"end_date\": \"" + day + "\"}");

    Reply byMember = http.patch(path(uri), member.token(), "{\"name\": \"Mine now\"}");
    Reply byStranger = http.delete(path(uri), stranger.token());
    clock.advance(Duration.ofDays(3));
    Reply expired = http.patch(path(uri), owner.token(), "{\"name\": \"Too late\"}");
    JsonNode listed = http.get("/shares?user=" + q(owner.userUri()), owner.token()).json().path("collection").get(0);
    Reply deleted = http.delete(path(uri), owner.token());

    assertThat(byMember.status()).isEqualTo(403);
    assertThat(byStranger.status()).isEqualTo(404);
    assertThat(expired.status()).as(expired.toString()).isEqualTo(409);
    assertThat(listed.path("status").asString()).isEqualTo("expired");
    assertThat(deleted.status()).isEqualTo(204);
  }

  @Test
  void aNewScheduleNeedsEveryWeekdayAndChangedRulesMoveTheOpenTimesAtOnce() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    String solo = solo(owner);
    String times = "/event_type_available_times?event_type=" + q(solo) + "&start_time="
        + q(START.plus(Duration.ofMinutes(1)).toString()) + "&end_time=" + q(START.plus(Duration.ofDays(7)).toString());
    List<String> before = http.get(times, owner.token()).json().path("collection").valueStream()
        .map(t -> t.path("start_time").asString()).toList();
    JsonNode current = http.get("/user_availability_schedules?user=" + q(owner.userUri()), owner.token())
        .json().path("collection").valueStream().filter(s -> s.path("default").asBoolean()).findFirst().orElseThrow();

    Reply sixDays = http.post("/user_availability_schedules", owner.token(), "{\"name\": \"Short\", \"timezone\": \"UTC\","
        + " \"rules\": " + WEEK.formatted("06:00", "07:00").replace("{\"type\": \"wday\", \"wday\": \"sunday\", \"intervals\": []},", "") + "}");
    Reply created = http.post("/user_availability_schedules", owner.token(),
        "{\"name\": \"Early\", \"timezone\": \"UTC\", \"rules\": " + WEEK.formatted("06:00", "07:00") + "}");
    String early = created.resource("uri");
    Reply unsetDefault = http.patch(path(early), owner.token(), "{\"default\": false}");
    Reply byMember = http.patch(path(early), member.token(), "{\"name\": \"Theirs\"}");
    Reply madeDefault = http.patch(path(early), owner.token(), "{\"default\": true, \"name\": \"Early birds\"}");
    // The event type keeps the schedule it uses; that schedule's new rules apply to it at once.
    Reply rules = http.patch(path(current.path("uri").asString()), owner.token(),
        "{\"timezone\": \"UTC\", \"rules\": " + WEEK.formatted("06:00", "07:00") + "}");
    List<String> after = http.get(times, owner.token()).json().path("collection").valueStream()
        .map(t -> t.path("start_time").asString()).toList();
    JsonNode old = http.get(path(current.path("uri").asString()), owner.token()).json().path("resource");

    assertThat(sixDays.detailParameters()).containsExactly("rules");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().path("resource").path("default").asBoolean()).isFalse();
    assertThat(unsetDefault.detailParameters()).containsExactly("default");
    assertThat(byMember.status()).isEqualTo(403);
    assertThat(madeDefault.status()).as(madeDefault.toString()).isEqualTo(200);
    assertThat(madeDefault.resource("name")).isEqualTo("Early birds");
    assertThat(old.path("default").asBoolean()).isFalse();
    assertThat(rules.status()).as(rules.toString()).isEqualTo(200);
    assertThat(before).isNotEmpty().isNotEqualTo(after);
    // Only 06:00 and 06:30 UTC starts are open now, on weekdays.
    assertThat(after).isNotEmpty().allMatch(t -> t.contains("T06:00:00") || t.contains("T06:30:00"));
  }

  @Test
  void aContactIsCreatedFoundChangedAndDeletedByItsOwnerOnly() {
    SeededUser owner = user(Plan.FREE, Role.OWNER);
    SeededUser member = user(Plan.FREE, Role.USER);
    String readOnly = sandbox.issueToken(owner.userUri(), List.of("contacts:read"));
    String field = http.get("/contacts/custom_field_definitions", owner.token()).json().path("collection").get(0)
        .path("uri").asString();
    String fieldType = http.get("/contacts/custom_field_definitions", owner.token()).json().path("collection").get(0)
        .path("field_type").asString();
    String value = switch (fieldType) {
      case "number", "currency" -> "12";
      case "tags" -> "[\"vip\"]";
      case "date" -> "\"2026-05-01\"";
      default -> "\"Referral\"";
    };

    Reply created = http.post("/contacts", owner.token(), "{\"name\": \"Ada Lovelace\", \"emails\": [{\"email\":"
        + " \"ada@example.org\", \"primary\": true}, {\"email\": \"ada@engines.example\"}], \"company\": \"Engines\","
        + " \"custom_fields\": [{\"uuid\": \"" + uuid(field) + "\", \"value\": " + value + "}]}");
    String uri = created.resource("uri");
    Reply found = http.get("/contacts?email=" + q("ada@engines.example"), owner.token());
    Reply changed = http.patch(path(uri), owner.token(), "{\"job_title\": \"Analyst\", \"linkedin\": \"ada\"}");
    Reply badField = http.patch(path(uri), owner.token(), "{\"custom_fields\": [{\"uuid\": \"NOSUCHFIELD\", \"value\": 1}]}");
    Reply unknown = http.patch(path(uri), owner.token(), "{\"nickname\": \"Ada\"}");
    Reply noEmails = http.post("/contacts", owner.token(), "{\"name\": \"Nobody\"}");
    Reply unscoped = http.post("/contacts", readOnly, "{\"name\": \"Bo\", \"emails\": [{\"email\": \"bo@example.org\"}]}");
    Reply byMember = http.delete(path(uri), member.token());
    Reply deleted = http.delete(path(uri), owner.token());

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode resource = created.json().path("resource");
    assertThat(resource.path("emails").valueStream().map(e -> e.path("email").asString()))
        .containsExactly("ada@example.org", "ada@engines.example");
    assertThat(resource.path("custom_fields").get(0).path("uuid").asString()).isEqualTo(uuid(field));
    assertThat(found.json().path("collection").get(0).path("uri").asString()).isEqualTo(uri);
    assertThat(changed.resource("job_title")).isEqualTo("Analyst");
    assertThat(changed.resource("company")).isEqualTo("Engines");
    assertThat(badField.detailParameters()).containsExactly("custom_fields[0].uuid");
    assertThat(unknown.detailParameters()).containsExactly("nickname");
    assertThat(noEmails.detailParameters()).containsExactly("emails");
    assertThat(unscoped.status()).isEqualTo(403);
    assertThat(byMember.status()).isEqualTo(404);
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(http.get(path(uri), owner.token()).status()).isEqualTo(404);
  }
}
