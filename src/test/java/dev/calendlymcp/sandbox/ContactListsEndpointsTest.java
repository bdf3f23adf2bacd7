package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Lists (create, read, rename, members), single notes and custom field definitions (2026-11-17). */
class ContactListsEndpointsTest extends SandboxTestBase {

  private List<JsonNode> collection(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().path("collection").valueStream().toList();
  }

  private List<String> contacts(SeededUser user, int count) {
    return collection(http.get("/contacts?count=" + count, user.token())).stream()
        .map(c -> c.path("uri").asString()).toList();
  }

  private JsonNode list(SeededUser user, String name) {
    return collection(http.get("/contact_lists", user.token())).stream()
        .filter(l -> l.path("name").asString().equals(name)).findFirst().orElseThrow();
  }

  private String path(String uri) {
    return uri.substring(sandbox.apiBaseUrl().length());
  }

  private static String uris(List<String> uris) {
    return uris.stream().map(u -> "\"" + u + "\"").collect(Collectors.joining(", ", "[", "]"));
  }

  @Test
  void aListIsCreatedWithItsContactsAndTheOnesThatAreNotTheUsersAreInvalid() {
    SeededUser user = user(Plan.FREE, Role.OWNER);
    SeededUser other = user(Plan.TEAMS, Role.OWNER);
    List<String> mine = contacts(user, 2);
    String theirs = contacts(other, 1).get(0);
    String missing = sandbox.apiBaseUrl() + "/contacts/NOSUCHCONTACT";

    Reply created = http.post("/contact_lists", user.token(),
        "{\"name\": \"  Renewals \", \"contacts\": " + uris(List.of(mine.get(0), mine.get(1), theirs, missing)) + "}");
    String uri = created.json().path("resource").path("uri").asString();
    Reply members = http.get("/contacts?contact_list=" + q(uri), user.token());

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.resource("name")).isEqualTo("Renewals");
    assertThat(created.resource("type")).isEqualTo("static_list");
    assertThat(created.json().path("resource").path("contact_count").asInt()).isEqualTo(2);
    JsonNode result = created.json().path("membership_result");
    assertThat(result.path("succeeded").asInt()).isEqualTo(2);
    assertThat(result.path("invalid").asInt()).isEqualTo(2);
    assertThat(result.path("invalid_contacts").valueStream().map(JsonNode::asString)).containsExactly(theirs, missing);
    assertThat(collection(members)).extracting(c -> c.path("uri").asString()).containsExactlyInAnyOrderElementsOf(mine);
    assertThat(http.get(path(uri), user.token()).resource("name")).isEqualTo("Renewals");
    assertThat(http.get(path(uri), other.token()).status()).isEqualTo(404);
  }

  @Test
  void aListNameIsTakenIgnoringCaseAccentsAndSpacesAndTwentyFiveListsAreTheMost() {
    SeededUser user = user(Plan.FREE, Role.OWNER);
    assertThat(http.post("/contact_lists", user.token(), "{\"name\": \"Café clients\"}").status()).isEqualTo(201);

    Reply taken = http.post("/contact_lists", user.token(), "{\"name\": \" CAFE Clients \"}");
    Reply blank = http.post("/contact_lists", user.token(), "{\"name\": \"   \"}");
    Reply tooLong = http.post("/contact_lists", user.token(), "{\"name\": \"" + "x".repeat(256) + "\"}");
    Reply view = http.post("/contact_lists", user.token(), "{\"name\": \"Hot\", \"type\": \"dynamic_view\"}");
    Reply badContact = http.post("/contact_lists", user.token(), "{\"name\": \"Hot\", \"contacts\": [\"ada@example.com\"]}");
    Reply readOnly = http.post("/contact_lists", sandbox.issueToken(user.userUri(), List.of("contacts:read")),
        "{\"name\": \"Hot\"}");
    // Key accounts, All Contacts and Café clients are three of the 25.
    IntStream.range(0, 22).forEach(i -> assertThat(
        http.post("/contact_lists", user.token(), "{\"name\": \"List " + i + "\"}").status()).isEqualTo(201));
    Reply full = http.post("/contact_lists", user.token(), "{\"name\": \"One more\"}");

    assertThat(taken.status()).isEqualTo(409);
    assertThat(blank.detailParameters()).containsExactly("name");
    assertThat(tooLong.detailParameters()).containsExactly("name");
    assertThat(view.detailParameters()).containsExactly("type");
    assertThat(badContact.detailParameters()).containsExactly("contacts");
    assertThat(readOnly.status()).isEqualTo(403);
    assertThat(readOnly.body()).contains("contacts:write");
    assertThat(full.status()).isEqualTo(409);
    assertThat(full.body()).contains("25");
  }

  @Test
  void aListOrAViewIsRenamedButNotAllContactsAndAListNameStaysUnique() {
    SeededUser user = user(Plan.STANDARD, Role.USER);
    String key = list(user, "Key accounts").path("uri").asString();
    String all = list(user, "All Contacts").path("uri").asString();
    http.post("/contact_lists", user.token(), "{\"name\": \"Partners\"}");
    clock.advance(Duration.ofMinutes(3));

    Reply renamed = http.patch(path(key), user.token(), "{\"name\": \" Top accounts \"}");
    Reply clash = http.patch(path(key), user.token(), "{\"name\": \"partners\"}");
    Reply allContacts = http.patch(path(all), user.token(), "{\"name\": \"Everyone\"}");
    Reply filters = http.patch(path(key), user.token(), "{\"name\": \"X\", \"filters\": []}");
    Reply someoneElses = http.patch(path(key), user(Plan.TEAMS, Role.OWNER).token(), "{\"name\": \"Mine now\"}");

    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.resource("name")).isEqualTo("Top accounts");
    assertThat(renamed.resource("updated_at")).isNotEqualTo(renamed.resource("created_at"));
    assertThat(clash.status()).isEqualTo(409);
    assertThat(allContacts.status()).isEqualTo(409);
    assertThat(allContacts.body()).contains("All Contacts");
    assertThat(filters.detailParameters()).containsExactly("filters");
    assertThat(someoneElses.status()).isEqualTo(404);
    assertThat(list(user, "Top accounts").path("contact_count").asInt()).isPositive();
  }

  @Test
  void membersAreAddedAndRemovedIdempotentlyAndAViewRefusesThem() {
    SeededUser user = user(Plan.FREE, Role.OWNER);
    List<String> mine = contacts(user, 3);
    String uri = http.post("/contact_lists", user.token(), "{\"name\": \"Trial\"}").json()
        .path("resource").path("uri").asString();
    String all = list(user, "All Contacts").path("uri").asString();
    String body = "{\"contacts\": " + uris(mine) + "}";

    Reply added = http.post(path(uri) + "/memberships", user.token(), body);
    Reply again = http.post(path(uri) + "/memberships", user.token(), body);
    Reply removed = http.post(path(uri) + "/memberships/removal", user.token(),
        "{\"contacts\": " + uris(mine.subList(0, 2)) + "}");
    Reply removedAgain = http.post(path(uri) + "/memberships/removal", user.token(),
        "{\"contacts\": " + uris(mine.subList(0, 2)) + "}");
    Reply toView = http.post(path(all) + "/memberships", user.token(), body);
    Reply none = http.post(path(uri) + "/memberships", user.token(), "{\"contacts\": []}");
    Reply tooMany = http.post(path(uri) + "/memberships", user.token(),
        "{\"contacts\": " + uris(java.util.Collections.nCopies(501, mine.get(0))) + "}");

    assertThat(added.json().path("resource").path("succeeded").asInt()).as(added.toString()).isEqualTo(3);
    assertThat(again.json().path("resource").path("succeeded").asInt()).isEqualTo(3);
    assertThat(removed.json().path("resource").path("succeeded").asInt()).isEqualTo(2);
    assertThat(removedAgain.status()).isEqualTo(200);
    assertThat(collection(http.get("/contacts?contact_list=" + q(uri), user.token())))
        .extracting(c -> c.path("uri").asString()).containsExactly(mine.get(2));
    assertThat(list(user, "Trial").path("contact_count").asInt()).isEqualTo(1);
    assertThat(toView.status()).isEqualTo(409);
    assertThat(none.detailParameters()).containsExactly("contacts");
    assertThat(tooMany.detailParameters()).containsExactly("contacts");
    // Every View has a contact count since 2026-12-01: All Contacts counts every contact.
    assertThat(list(user, "All Contacts").path("contact_count").asInt())
        .isEqualTo(collection(http.get("/contacts?count=100", user.token())).size());
  }

  @Test
  void oneNoteIsReadByItsAuthorOnly() {
    SeededUser user = user(Plan.STANDARD, Role.USER);
    String contact = contacts(user, 1).get(0);
    String note = http.post("/notes", user.token(), "{\"contact\": \"" + contact + "\", \"body\": \"Likes mornings\"}")
        .resource("uri");

    Reply read = http.get(path(note), user.token());
    Reply other = http.get(path(note), user(Plan.TEAMS, Role.OWNER).token());
    Reply unscoped = http.get(path(note), sandbox.issueToken(user.userUri(), List.of("users:read")));

    assertThat(read.resource("body")).as(read.toString()).isEqualTo("Likes mornings");
    assertThat(read.resource("contact")).isEqualTo(contact);
    assertThat(other.status()).isEqualTo(404);
    assertThat(unscoped.status()).isEqualTo(403);
    assertThat(http.get("/notes/NOSUCHNOTE", user.token()).status()).isEqualTo(404);
  }

  @Test
  void anAdminCreatesCustomFieldsWithOnlyWhatTheirTypeNeedsAndLabelsAreUnique() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);

    Reply select = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \" Tier \", \"field_type\": \"single_select\", \"options\": [{\"label\": \"Gold\"}, {\"label\": \"Gold\"}]}");
    Reply money = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \"ARR\", \"field_type\": \"currency\", \"currency\": \"eur\"}");
    Reply sameLabel = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \"lead SOURCE\", \"field_type\": \"text\"}");
    Reply notAdmin = http.post("/contacts/custom_field_definitions", member.token(),
        "{\"label\": \"Region\", \"field_type\": \"text\"}");
    Reply question = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \"Q\", \"field_type\": \"invitee_question\"}");
    Reply noOptions = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \"Size\", \"field_type\": \"single_select\", \"options\": []}");
    Reply coloured = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \"Size\", \"field_type\": \"single_select\", \"options\": [{\"label\": \"S\", \"color\": \"red\"}]}");
    Reply noCurrency = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \"Budget\", \"field_type\": \"currency\"}");
    Reply withUri = http.post("/contacts/custom_field_definitions", owner.token(),
        "{\"label\": \"Budget\", \"field_type\": \"number\", \"uri\": \"x\"}");

    assertThat(select.status()).as(select.toString()).isEqualTo(201);
    assertThat(select.resource("label")).isEqualTo("Tier");
    JsonNode options = select.json().path("resource").path("options");
    assertThat(options.valueStream().map(o -> o.path("label").asString())).containsExactly("Gold", "Gold");
    assertThat(options.get(0).path("uuid").asString()).isNotEqualTo(options.get(1).path("uuid").asString());
    assertThat(options.get(0).path("color").isNull()).isTrue();
    assertThat(money.resource("currency")).isEqualTo("EUR");
    assertThat(sameLabel.status()).isEqualTo(409);
    assertThat(notAdmin.status()).isEqualTo(403);
    assertThat(question.detailParameters()).containsExactly("field_type");
    assertThat(noOptions.detailParameters()).containsExactly("options");
    assertThat(coloured.detailParameters()).containsExactly("options");
    assertThat(noCurrency.detailParameters()).containsExactly("currency");
    assertThat(withUri.detailParameters()).containsExactly("uri");
    String made = select.resource("uri");
    assertThat(http.get(path(made), member.token()).resource("field_type")).isEqualTo("single_select");
    assertThat(http.get(path(made), user(Plan.FREE, Role.OWNER).token()).status()).isEqualTo(404);
    assertThat(collection(http.get("/contacts/custom_field_definitions", member.token())))
        .extracting(f -> f.path("label").asString()).contains("Tier", "ARR");
  }
}
