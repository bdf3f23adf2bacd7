package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The endpoints Calendly added after the seeds' 28, as the sandbox emulates them: routing forms,
 * groups, the activity log, event data deletion, contacts and notes, meeting recaps and sample
 * webhook data. Each with its seeded data, scope, plan, role and validation.
 */
class NewerEndpointsTest extends SandboxTestBase {

  private static final String UPGRADE = "Please upgrade to a paid Calendly account.";

  private List<JsonNode> collection(Reply reply) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    return reply.json().path("collection").valueStream().toList();
  }

  // ---- routing forms

  @Test
  void aPaidOrganizationHasARoutingFormWithSubmissionsThatPageByCount() {
    SeededUser member = user(Plan.TEAMS, Role.USER);
    List<JsonNode> forms = collection(http.get("/routing_forms?organization=" + q(member.organizationUri()), member.token()));
    assertThat(forms).hasSize(1);
    String form = forms.get(0).path("uri").asString();
    assertThat(forms.get(0).path("questions").get(0).path("answer_choices")).isNotEmpty();

    Reply first = http.get("/routing_form_submissions?count=3&form=" + q(form), member.token());
    List<JsonNode> page = collection(first);
    Reply second = http.get("/routing_form_submissions?count=3&form=" + q(form) + "&page_token="
        + q(first.json().path("pagination").path("next_page_token").asString()), member.token());
    Reply one = http.get(page.get(0).path("uri").asString(), member.token());
    Reply formItself = http.get(form, member.token());

    assertThat(page).hasSize(3).allSatisfy(s -> assertThat(s.path("routing_form").asString()).isEqualTo(form));
    assertThat(page.get(0).path("questions_and_answers")).hasSize(2);
    assertThat(page.get(0).path("result").path("type").asString()).isEqualTo("event_type");
    assertThat(collection(second)).isNotEmpty().noneMatch(s -> page.contains(s));
    assertThat(one.resource("uri")).isEqualTo(page.get(0).path("uri").asString());
    assertThat(formItself.resource("name")).isEqualTo("Product demo request");
  }

  @Test
  void routingFormsNeedAPaidPlanTheirScopeAndAForm() {
    SeededUser free = user(Plan.FREE, Role.OWNER);
    SeededUser teams = user(Plan.TEAMS, Role.OWNER);
    String withoutScope = sandbox.issueToken(teams.userUri(), List.of("users:read"));

    Reply onFree = http.get("/routing_forms?organization=" + q(free.organizationUri()), free.token());
    Reply noScope = http.get("/routing_forms?organization=" + q(teams.organizationUri()), withoutScope);
    Reply noForm = http.get("/routing_form_submissions", teams.token());
    Reply otherOrganization = http.get("/routing_forms?organization=" + q(free.organizationUri()), teams.token());

    assertThat(onFree.status()).isEqualTo(403);
    assertThat(onFree.json().path("message").asString()).isEqualTo(UPGRADE);
    assertThat(noScope.status()).isEqualTo(403);
    assertThat(noForm.status()).isEqualTo(400);
    assertThat(noForm.detailParameters()).containsExactly("form");
    assertThat(otherOrganization.status()).isEqualTo(403);
  }

  // ---- groups

  @Test
  void groupsListTheirMembersAndAdminsThroughRelationships() {
    SeededUser member = user(Plan.STANDARD, Role.USER);
    List<JsonNode> groups = collection(http.get("/groups?organization=" + q(member.organizationUri()), member.token()));
    String sales = groups.stream().filter(g -> g.path("name").asString().equals("Sales")).findFirst().orElseThrow()
        .path("uri").asString();

    List<JsonNode> people = collection(http.get("/group_relationships?group=" + q(sales), member.token()));
    List<JsonNode> all = collection(http.get("/group_relationships?organization=" + q(member.organizationUri()), member.token()));
    Reply noFilter = http.get("/group_relationships", member.token());
    Reply noScope = http.get("/groups?organization=" + q(member.organizationUri()),
        sandbox.issueToken(member.userUri(), List.of("users:read")));

    assertThat(groups).extracting(g -> g.path("name").asString()).containsExactly("Customer Success", "Sales");
    assertThat(people).isNotEmpty()
        .allSatisfy(r -> assertThat(r.path("owner").path("user").path("email").asString()).contains("@"));
    assertThat(all).extracting(r -> r.path("role").asString()).contains("member", "admin");
    assertThat(noFilter.status()).isEqualTo(400);
    assertThat(noScope.status()).isEqualTo(403);
  }

  // ---- activity log and event data deletion

  @Test
  void theActivityLogIsForEnterpriseAdminsAndCountsItsEntries() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String path = "/activity_log_entries?organization=" + q(owner.organizationUri());

    Reply log = http.get(path + "&count=5", owner.token());
    Reply filtered = http.get(path + "&namespace=User&action=Add", owner.token());
    Reply member = http.get(path, user(Plan.ENTERPRISE, Role.USER).token());
    Reply teams = http.get("/activity_log_entries?organization=" + q(user(Plan.TEAMS, Role.OWNER).organizationUri()),
        user(Plan.TEAMS, Role.OWNER).token());
    Reply noOrganization = http.get("/activity_log_entries", owner.token());

    assertThat(collection(log)).hasSize(5);
    assertThat(log.json().path("total_count").asInt()).isGreaterThan(5);
    assertThat(log.json().path("exceeds_max_total_count").asBoolean()).isFalse();
    assertThat(collection(filtered)).isNotEmpty()
        .allSatisfy(e -> assertThat(e.path("fully_qualified_name").asString()).isEqualTo("User.Add"));
    assertThat(member.status()).isEqualTo(403);
    assertThat(teams.status()).isEqualTo(403);
    assertThat(teams.json().path("message").asString()).contains("Enterprise");
    assertThat(noOrganization.detailParameters()).containsExactly("organization");
  }

  @Test
  void deletingEventDataRemovesTheInviteesOfEventsInAPastRange() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String organization = uuid(owner.organizationUri());
    String range = """
        {"start_time": "%s", "end_time": "%s"}""".formatted(START.minus(Duration.ofDays(30)), START);

    Reply accepted = http.post("/data_compliance/deletion/events", owner.token(), range);

    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
    List<Invitee> left = sandbox.model().read(store -> store.eventsOfOrganization(organization).stream()
        .filter(e -> e.start().isBefore(START))
        .flatMap(e -> store.inviteesOf(e.uuid()).stream()).toList());
    assertThat(left).isEmpty();
  }

  @Test
  void deletingEventDataNeedsEnterpriseAnAdminAndAPastRangeOfAtMostTwoYears() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String future = """
        {"start_time": "%s", "end_time": "%s"}""".formatted(START.minus(Duration.ofDays(1)), START.plus(Duration.ofDays(1)));
    String tooLong = """
        {"start_time": "%s", "end_time": "%s"}""".formatted(START.minus(Duration.ofDays(800)), START.minus(Duration.ofDays(1)));
    String fine = """
        {"start_time": "%s", "end_time": "%s"}""".formatted(START.minus(Duration.ofDays(9)), START.minus(Duration.ofDays(8)));

    assertThat(http.post("/data_compliance/deletion/events", owner.token(), future).detailParameters()).containsExactly("end_time");
    assertThat(http.post("/data_compliance/deletion/events", owner.token(), tooLong).detailParameters()).containsExactly("end_time");
    assertThat(http.post("/data_compliance/deletion/events", owner.token(), "{}").detailParameters())
        .containsExactlyInAnyOrder("start_time", "end_time");
    assertThat(http.post("/data_compliance/deletion/events", user(Plan.ENTERPRISE, Role.USER).token(), fine).status()).isEqualTo(403);
    assertThat(http.post("/data_compliance/deletion/events", user(Plan.TEAMS, Role.OWNER).token(), fine).status()).isEqualTo(403);
  }

  // ---- contacts

  @Test
  void contactsAreSeededFromInviteesOnEveryPlanAndFilterByEmailNameAndList() {
    SeededUser free = user(Plan.FREE, Role.OWNER);
    List<JsonNode> contacts = collection(http.get("/contacts", free.token()));
    JsonNode first = contacts.get(0);
    String email = first.path("emails").get(0).path("email").asString();
    String name = first.path("name").asString();
    List<JsonNode> lists = collection(http.get("/contact_lists", free.token()));
    String list = lists.get(0).path("uri").asString();

    assertThat(collection(http.get("/contacts?email=" + q(email.toUpperCase(java.util.Locale.ROOT)), free.token())))
        .extracting(c -> c.path("uri").asString()).containsExactly(first.path("uri").asString());
    assertThat(collection(http.get("/contacts?name=" + q(name.substring(0, 3)), free.token()))).isNotEmpty();
    assertThat(lists.get(0).path("type").asString()).isEqualTo("static_list");
    assertThat(collection(http.get("/contacts?contact_list=" + q(list), free.token())))
        .hasSize(lists.get(0).path("contact_count").asInt());
    assertThat(http.get(first.path("uri").asString(), free.token()).resource("name")).isEqualTo(name);
    assertThat(http.get(first.path("uri").asString(), user(Plan.TEAMS, Role.OWNER).token()).status()).isEqualTo(404);
    assertThat(collection(http.get("/contacts/custom_field_definitions", free.token())))
        .extracting(f -> f.path("label").asString()).containsExactlyInAnyOrder("Lead source", "Deal size");
  }

  @Test
  void notesArePrivateNeedAContactAndTextAndAreWrittenWithContactsWrite() {
    SeededUser user = user(Plan.STANDARD, Role.USER);
    String firstTen = String.join(",", collection(http.get("/contacts?count=10", user.token())).stream()
        .map(c -> c.path("uri").asString()).toList());
    List<JsonNode> seeded = collection(http.get("/notes?contact=" + q(firstTen), user.token()));
    String contact = seeded.get(0).path("contact").asString();
    String readOnly = sandbox.issueToken(user.userUri(), List.of("contacts:read"));
    Reply created = http.post("/notes", user.token(), """
        {"contact": "%s", "title": "  Call back  ", "body": "About the pilot", "remind_at": "2026-03-10T09:00:00Z"}""".formatted(contact));
    List<JsonNode> after = collection(http.get("/notes?contact=" + q(contact), user.token()));
    Reply empty = http.post("/notes", user.token(), "{\"contact\": \"" + contact + "\", \"title\": \"  \"}");
    Reply notAllowed = http.post("/notes", readOnly, "{\"contact\": \"" + contact + "\", \"body\": \"x\"}");
    Reply unknownParameter = http.get("/notes?contact=" + q(contact) + "&sort=updated_at:desc", user.token());
    Reply noContact = http.get("/notes", user.token());

    assertThat(seeded).extracting(n -> n.path("title").asString()).containsExactly("Pricing");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.resource("title")).isEqualTo("Call back");
    assertThat(created.resource("remind_at")).startsWith("2026-03-10T09:00:00");
    assertThat(after).hasSize(2);
    assertThat(after.get(0).path("uri").asString()).isEqualTo(created.resource("uri"));
    assertThat(empty.detailParameters()).containsExactly("body");
    assertThat(notAllowed.status()).isEqualTo(403);
    assertThat(unknownParameter.detailParameters()).containsExactly("sort");
    assertThat(noContact.detailParameters()).containsExactly("contact");
  }

  // ---- meeting recaps

  @Test
  void recapsOfPastMeetingsCanBeReadWithTheirTranscriptEditedAndDeleted() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    List<JsonNode> recaps = collection(http.get("/meeting_recaps?organization=" + q(owner.organizationUri()), owner.token()));
    assertThat(recaps).isNotEmpty().allSatisfy(r -> assertThat(r.path("status").asString()).isEqualTo("available"));
    String recap = recaps.get(0).path("uri").asString();

    Reply transcript = http.get(recap + "/transcript", owner.token());
    Reply edited = http.patch(recap, owner.token(), "{\"action_items_md\": \"- [ ] Send the plan\"}");
    Reply unknownField = http.patch(recap, owner.token(), "{\"title\": \"New\"}");
    Reply deleted = http.delete(recap, owner.token());
    Reply gone = http.get(recap, owner.token());

    assertThat(transcript.status()).isEqualTo(200);
    assertThat(transcript.resource("text")).contains(":");
    assertThat(edited.resource("action_items_md")).isEqualTo("- [ ] Send the plan");
    assertThat(edited.resource("summary_md")).isEqualTo(recaps.get(0).path("summary_md").asString());
    assertThat(unknownField.detailParameters()).containsExactly("title");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(gone.status()).isEqualTo(404);
  }

  @Test
  void recapsNeedAPaidPlanAndStayWithTheirHostUnlessAnAdminAsks() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);
    String othersRecap = collection(http.get("/meeting_recaps?organization=" + q(owner.organizationUri()), owner.token()))
        .stream().filter(r -> !r.path("attendees").get(0).path("email").asString().equals(member.email()))
        .findFirst().orElseThrow().path("uri").asString();
    SeededUser free = user(Plan.FREE, Role.OWNER);

    Reply onFree = http.get("/meeting_recaps", free.token());
    Reply memberReadsOthers = http.get(othersRecap, member.token());
    Reply memberListsOrganization = http.get("/meeting_recaps?organization=" + q(member.organizationUri()), member.token());
    Reply readOnlyEdit = http.patch(othersRecap, sandbox.issueToken(owner.userUri(), List.of("meeting_recaps:read")),
        "{\"summary_md\": \"x\"}");
    Reply badStatus = http.get("/meeting_recaps?status=done", owner.token());

    assertThat(onFree.status()).isEqualTo(403);
    assertThat(onFree.json().path("message").asString()).isEqualTo(UPGRADE);
    assertThat(memberReadsOthers.status()).isEqualTo(404);
    assertThat(memberListsOrganization.status()).isEqualTo(403);
    assertThat(readOnlyEdit.status()).isEqualTo(403);
    assertThat(badStatus.detailParameters()).containsExactly("status");
  }

  // ---- sample webhook data

  @Test
  void sampleWebhookDataIsADeliveryBodyBuiltFromTheCallersData() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    String user = "&organization=" + q(owner.organizationUri()) + "&scope=user&user=" + q(owner.userUri());

    Reply booking = http.get("/sample_webhook_data?event=invitee.created" + user, owner.token());
    Reply recap = http.get("/sample_webhook_data?event=meeting_recap.created" + user, owner.token());
    Reply deleted = http.get("/sample_webhook_data?event=contact.deleted" + user, owner.token());
    Reply routing = http.get("/sample_webhook_data?event=routing_form_submission.created&scope=organization&organization="
        + q(owner.organizationUri()), owner.token());

    assertThat(booking.status()).as(booking.toString()).isEqualTo(200);
    assertThat(booking.json().path("event").asString()).isEqualTo("invitee.created");
    assertThat(booking.json().path("payload").path("email").asString()).contains("@");
    assertThat(booking.json().path("payload").path("scheduled_event").path("uri").asString()).contains("/scheduled_events/");
    assertThat(recap.json().path("payload").path("summary_md").asString()).isNotBlank();
    assertThat(deleted.json().path("payload").path("deleted_at").asString()).isNotBlank();
    assertThat(routing.json().path("payload").path("routing_form").asString()).contains("/routing_forms/");
  }

  @Test
  void sampleWebhookDataKeepsTheRulesOfSubscribing() {
    SeededUser free = user(Plan.FREE, Role.OWNER);
    String user = "&organization=" + q(free.organizationUri()) + "&scope=user&user=" + q(free.userUri());

    Reply recapOnFree = http.get("/sample_webhook_data?event=meeting_recap.created" + user, free.token());
    Reply contactOnFree = http.get("/sample_webhook_data?event=contact.created" + user, free.token());
    Reply routingForUser = http.get("/sample_webhook_data?event=routing_form_submission.created" + user, free.token());
    Reply unknown = http.get("/sample_webhook_data?event=invitee.moved" + user, free.token());
    Reply noScope = http.get("/sample_webhook_data?event=contact.created" + user,
        sandbox.issueToken(free.userUri(), List.of("webhooks:read")));

    assertThat(recapOnFree.status()).isEqualTo(403);
    assertThat(recapOnFree.json().path("message").asString()).isEqualTo(UPGRADE);
    assertThat(contactOnFree.status()).isEqualTo(200);
    assertThat(routingForUser.detailParameters()).containsExactly("scope");
    assertThat(unknown.detailParameters()).containsExactly("event");
    assertThat(noScope.status()).isEqualTo(403);
  }
}
