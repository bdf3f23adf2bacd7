package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.page;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.ActivityLogEntry;
import dev.calendlymcp.calendly.model.Contact;
import dev.calendlymcp.calendly.model.GroupRelationship;
import dev.calendlymcp.calendly.model.MeetingRecap;
import dev.calendlymcp.calendly.model.RoutingForm;
import dev.calendlymcp.calendly.model.RoutingFormSubmission;
import dev.calendlymcp.calendly.model.SampleWebhook;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The client for the endpoints Calendly added after the seeds' 28: the paths and parameters it
 * sends, the shapes it reads, the errors it maps, and the arguments it refuses before sending.
 */
class NewerEndpointsApiTest extends WireMockCalendlyTest {

  private static final String API = "https://api.calendly.com";
  private static final URI ORG = URI.create(API + "/organizations/ORG1");
  private static final URI USER = URI.create(API + "/users/USER1");

  private static final String FORM = """
      {"uri": "https://api.calendly.com/routing_forms/F1", "organization": "https://api.calendly.com/organizations/ORG1",
       "name": "Demo request", "status": "published", "created_at": "2026-01-02T10:00:00.000000Z",
       "questions": [{"uuid": "Q1", "name": "Company size", "type": "select", "required": true,
                      "answer_choices": ["1-10", "11-50"]}]}""";
  private static final String SUBMISSION = """
      {"uri": "https://api.calendly.com/routing_form_submissions/S1", "routing_form": "https://api.calendly.com/routing_forms/F1",
       "questions_and_answers": [{"question_uuid": "Q1", "question": "Company size", "answer": "11-50"}],
       "tracking": {"utm_source": "newsletter"}, "result": {"type": "event_type", "value": "https://api.calendly.com/event_types/ET1"},
       "submitter": "https://api.calendly.com/scheduled_events/E1/invitees/I1", "submitter_type": "Invitee",
       "created_at": "2026-01-03T10:00:00.000000Z", "updated_at": "2026-01-03T10:00:00.000000Z", "new_field": 1}""";
  private static final String RECAP = """
      {"uri": "https://api.calendly.com/meeting_recaps/R1", "status": "available", "event": null, "title": "Weekly sync",
       "start_time": "2026-01-05T15:00:00.000000Z", "end_time": "2026-01-05T15:30:00.000000Z",
       "attendees": [{"name": "Ada", "email": "ada@example.com"}], "summary_md": "- Agreed", "action_items_md": null,
       "discussion_md": "Notes"}""";
  private static final String CONTACT = """
      {"uri": "https://api.calendly.com/contacts/C1", "name": "Ada Lovelace",
       "emails": [{"email": "ada@old.example.com", "primary": false}, {"email": "ada@example.com", "primary": true}],
       "phone_numbers": [], "company": "Engines", "custom_fields": [{"uuid": "CF1", "label": "Lead source",
       "field_type": "text", "value": "Referral"}], "created_at": "2026-01-01T00:00:00.000000Z"}""";

  @Test
  void routingFormsAndSubmissionsAreReadWithTheirAnswersAndRouting() {
    wm.stubFor(get(urlPathEqualTo("/routing_forms")).willReturn(okJson(page("NEXT", FORM))));
    wm.stubFor(get(urlPathEqualTo("/routing_forms/F1")).willReturn(okJson(resource(FORM))));
    wm.stubFor(get(urlPathEqualTo("/routing_form_submissions")).willReturn(okJson(page(null, SUBMISSION))));
    wm.stubFor(get(urlPathEqualTo("/routing_form_submissions/S1")).willReturn(okJson(resource(SUBMISSION))));

    Page<RoutingForm> forms = client.routingForms().list(ORG, PageRequest.first(5)).block();
    RoutingForm form = client.routingForms().get(API + "/routing_forms/F1").block();
    Page<RoutingFormSubmission> submissions =
        client.routingForms().submissions(form.uri(), true, PageRequest.FIRST).block();
    RoutingFormSubmission one = client.routingForms().submission("S1").block();

    assertThat(forms.nextPageToken()).contains("NEXT");
    assertThat(form.questions().get(0).answerChoices()).containsExactly("1-10", "11-50");
    RoutingFormSubmission submission = submissions.collection().get(0);
    assertThat(submission.result().value().stringValue()).isEqualTo(API + "/event_types/ET1");
    assertThat(submission.questionsAndAnswers().get(0).answer()).isEqualTo("11-50");
    assertThat(submission.tracking().utmSource()).isEqualTo("newsletter");
    assertThat(one.submitter()).hasToString(API + "/scheduled_events/E1/invitees/I1");
    wm.verify(getRequestedFor(urlPathEqualTo("/routing_forms"))
        .withQueryParam("organization", equalTo(ORG.toString())).withQueryParam("count", equalTo("5")));
    wm.verify(getRequestedFor(urlPathEqualTo("/routing_form_submissions"))
        .withQueryParam("form", equalTo(API + "/routing_forms/F1")).withQueryParam("sort", equalTo("created_at:desc")));
  }

  @Test
  void routingFormsReportAMissingPaidPlanAndRefuseAMissingForm() {
    wm.stubFor(get(urlPathEqualTo("/routing_forms")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"title\": \"Permission Denied\", \"message\": \"Please upgrade to a paid Calendly account.\"}")));

    assertThatThrownBy(() -> client.routingForms().list(ORG, PageRequest.FIRST).block())
        .isInstanceOf(CalendlyException.PermissionDenied.class).hasMessageContaining("upgrade");
    wm.resetAll();
    assertRejectedBeforeSending(client.routingForms().submissions(null, false, PageRequest.FIRST), "form");
  }

  @Test
  void groupsAndTheirRelationshipsNameTheMembers() {
    String group = """
        {"uri": "https://api.calendly.com/groups/G1", "name": "Sales", "organization": "https://api.calendly.com/organizations/ORG1",
         "member_count": 2}""";
    String relationship = """
        {"uri": "https://api.calendly.com/group_relationships/GR1", "role": "admin", "group": "https://api.calendly.com/groups/G1",
         "owner": {"uri": "https://api.calendly.com/organization_memberships/M1", "role": "user",
                   "user": {"uri": "https://api.calendly.com/users/U2", "name": "Grace", "email": "grace@example.com"}}}""";
    wm.stubFor(get(urlPathEqualTo("/groups")).willReturn(okJson(page(null, group))));
    wm.stubFor(get(urlPathEqualTo("/groups/G1")).willReturn(okJson(resource(group))));
    wm.stubFor(get(urlPathEqualTo("/group_relationships")).willReturn(okJson(page(null, relationship))));
    wm.stubFor(get(urlPathEqualTo("/group_relationships/GR1")).willReturn(okJson(resource(relationship))));

    assertThat(client.groups().list(ORG, PageRequest.FIRST).block().collection().get(0).memberCount()).isEqualTo(2);
    assertThat(client.groups().get("G1").block().name()).isEqualTo("Sales");
    GroupRelationship found = client.groups()
        .relationships(null, URI.create(API + "/groups/G1"), null, PageRequest.FIRST).block().collection().get(0);
    assertThat(found.owner().user().email()).isEqualTo("grace@example.com");
    assertThat(client.groups().relationship(API + "/group_relationships/GR1").block().role()).isEqualTo("admin");
    wm.verify(getRequestedFor(urlPathEqualTo("/group_relationships")).withQueryParam("group", equalTo(API + "/groups/G1")));
    wm.resetAll();
    assertRejectedBeforeSending(client.groups().relationships(null, null, null, PageRequest.FIRST), "organization, group or owner");
  }

  @Test
  void theActivityLogSendsItsFiltersNewestFirst() {
    String entry = """
        {"uri": "https://api.calendly.com/activity_log_entries/A1", "occurred_at": "2026-01-04T08:00:00.000000Z",
         "namespace": "User", "action": "Add", "fully_qualified_name": "User.Add",
         "actor": {"uri": "https://api.calendly.com/users/USER1", "type": "User", "display_name": "Ada"},
         "details": {"role": "admin"}}""";
    wm.stubFor(get(urlPathEqualTo("/activity_log_entries")).willReturn(okJson(
        page(null, entry).replaceFirst("\\}$", ", \"total_count\": 1, \"exceeds_max_total_count\": false}"))));
    Instant since = Instant.parse("2026-01-01T00:00:00Z");

    ActivityLogEntry found = client.activityLog()
        .list(new ActivityLogApi.Query(ORG, "ada", USER, "User", null, since, null), PageRequest.FIRST)
        .block().collection().get(0);

    assertThat(found.details().path("role").asString()).isEqualTo("admin");
    assertThat(found.actor().displayName()).isEqualTo("Ada");
    wm.verify(getRequestedFor(urlPathEqualTo("/activity_log_entries"))
        .withQueryParam("organization", equalTo(ORG.toString())).withQueryParam("search_term", equalTo("ada"))
        .withQueryParam("actor", equalTo(USER.toString())).withQueryParam("namespace", equalTo("User"))
        .withQueryParam("min_occurred_at", equalTo("2026-01-01T00:00:00Z"))
        .withQueryParam("sort", equalTo("occurred_at:desc")));
    wm.resetAll();
    assertRejectedBeforeSending(client.activityLog().list(
        new ActivityLogApi.Query(ORG, null, null, null, null, since, since), PageRequest.FIRST), "max_occurred_at");
  }

  @Test
  void eventDataDeletionSendsAPastRangeOfAtMostTwoYears() {
    wm.stubFor(post(urlEqualTo("/data_compliance/deletion/events"))
        .willReturn(aResponse().withStatus(202).withHeader("Content-Type", "application/json").withBody("{}")));
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    Instant start = Instant.parse("2025-01-01T00:00:00Z");
    Instant end = Instant.parse("2025-02-01T00:00:00Z");

    StepVerifier.create(client.dataCompliance().deleteEventData(start, end, now)).verifyComplete();

    wm.verify(postRequestedFor(urlEqualTo("/data_compliance/deletion/events")).withRequestBody(
        equalToJson("{\"start_time\": \"2025-01-01T00:00:00Z\", \"end_time\": \"2025-02-01T00:00:00Z\"}")));
    wm.resetAll();
    assertRejectedBeforeSending(client.dataCompliance().deleteEventData(start, now.plusSeconds(1), now), "in the past");
    assertRejectedBeforeSending(client.dataCompliance().deleteEventData(
        Instant.parse("2023-01-01T00:00:00Z"), end, now), "24 months");
    assertRejectedBeforeSending(client.dataCompliance().deleteEventData(end, start, now), "end_time");
  }

  @Test
  void contactsListsFieldsAndNotesAreReadAndANoteIsWrittenOnce() {
    wm.stubFor(get(urlPathEqualTo("/contacts")).willReturn(okJson(page(null, CONTACT))));
    wm.stubFor(get(urlPathEqualTo("/contacts/C1")).willReturn(okJson(resource(CONTACT))));
    wm.stubFor(get(urlPathEqualTo("/contact_lists")).willReturn(okJson(page(null,
        "{\"uri\": \"https://api.calendly.com/contact_lists/L1\", \"name\": \"Key accounts\", \"type\": \"static_list\", \"contact_count\": 3}"))));
    wm.stubFor(get(urlPathEqualTo("/contacts/custom_field_definitions")).willReturn(okJson(page(null,
        "{\"uri\": \"https://api.calendly.com/contacts/custom_field_definitions/CF1\", \"label\": \"Lead source\", \"field_type\": \"text\"}"))));
    String note = "{\"uri\": \"https://api.calendly.com/notes/N1\", \"contact\": \"https://api.calendly.com/contacts/C1\","
        + " \"title\": \"Call\", \"body\": null, \"remind_at\": \"2026-02-01T09:00:00.000000Z\"}";
    wm.stubFor(get(urlPathEqualTo("/notes")).willReturn(okJson(page(null, note))));
    wm.stubFor(post(urlEqualTo("/notes")).willReturn(aResponse().withStatus(500)));
    URI c1 = URI.create(API + "/contacts/C1");
    URI c2 = URI.create(API + "/contacts/C2");

    Contact contact = client.contacts().list(new ContactsApi.Query("ada@example.com", null, null, null), PageRequest.FIRST)
        .block().collection().get(0);
    assertThat(contact.primaryEmail()).isEqualTo("ada@example.com");
    assertThat(contact.customFields().get(0).value().asString()).isEqualTo("Referral");
    assertThat(client.contacts().get("C1").block().company()).isEqualTo("Engines");
    assertThat(client.contacts().lists().block().collection().get(0).contactCount()).isEqualTo(3);
    assertThat(client.contacts().customFieldDefinitions(PageRequest.FIRST).block().collection().get(0).fieldType())
        .isEqualTo("text");
    assertThat(client.contacts().notes(List.of(c1, c2), PageRequest.FIRST).block().collection().get(0).remindAt())
        .isEqualTo(Instant.parse("2026-02-01T09:00:00Z"));
    assertThatThrownBy(() -> client.contacts().createNote(new ContactsApi.NewNote(c1, " Call ", null, null)).block())
        .isInstanceOf(CalendlyException.ServerError.class);

    wm.verify(getRequestedFor(urlPathEqualTo("/contacts")).withQueryParam("email", equalTo("ada@example.com"))
        .withQueryParam("sort", equalTo("updated_at:desc")));
    wm.verify(getRequestedFor(urlPathEqualTo("/notes")).withQueryParam("contact", equalTo(c1 + "," + c2)));
    // Not idempotent: a failed create is never sent again, and only the trimmed title goes out.
    wm.verify(1, postRequestedFor(urlEqualTo("/notes"))
        .withRequestBody(equalToJson("{\"contact\": \"" + c1 + "\", \"title\": \"Call\"}")));
    wm.resetAll();
    assertRejectedBeforeSending(client.contacts().createNote(new ContactsApi.NewNote(c1, " ", null, null)), "title must contain text");
    assertRejectedBeforeSending(client.contacts().notes(List.of(), PageRequest.FIRST), "1 to 10");
  }

  @Test
  void recapsAreListedReadEditedDeletedAndTheirTranscriptFetched() {
    wm.stubFor(get(urlPathEqualTo("/meeting_recaps")).willReturn(okJson(page(null, RECAP))));
    wm.stubFor(get(urlPathEqualTo("/meeting_recaps/R1")).willReturn(okJson(resource(RECAP))));
    wm.stubFor(get(urlPathEqualTo("/meeting_recaps/R1/transcript")).willReturn(okJson(resource(
        "{\"meeting_recap\": \"https://api.calendly.com/meeting_recaps/R1\", \"text\": \"Ada: hello\"}"))));
    wm.stubFor(patch(urlEqualTo("/meeting_recaps/R1")).willReturn(okJson(resource(RECAP))));
    wm.stubFor(delete(urlEqualTo("/meeting_recaps/R1")).willReturn(aResponse().withStatus(204)));
    wm.stubFor(get(urlPathEqualTo("/meeting_recaps/GONE")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"title\": \"Resource Not Found\", \"message\": \"The server could not find the requested resource.\"}")));

    MeetingRecap listed = client.meetingRecaps().list(new MeetingRecapsApi.Query(
        null, USER, null, "ada@example.com", "processing", null, null), PageRequest.FIRST).block().collection().get(0);
    assertThat(listed.event()).isNull();
    assertThat(listed.attendees()).extracting(MeetingRecap.Attendee::email).containsExactly("ada@example.com");
    assertThat(client.meetingRecaps().get("R1").block().summaryMd()).isEqualTo("- Agreed");
    assertThat(client.meetingRecaps().transcript(API + "/meeting_recaps/R1").block().text()).isEqualTo("Ada: hello");
    client.meetingRecaps().update("R1", new MeetingRecapsApi.Update(null, "- [ ] Send", null)).block();
    StepVerifier.create(client.meetingRecaps().delete("R1")).verifyComplete();
    assertThatThrownBy(() -> client.meetingRecaps().get("GONE").block()).isInstanceOf(CalendlyException.NotFound.class);

    wm.verify(getRequestedFor(urlPathEqualTo("/meeting_recaps")).withQueryParam("user", equalTo(USER.toString()))
        .withQueryParam("attendee", equalTo("ada@example.com")).withQueryParam("status", equalTo("processing")));
    // Only the changed highlight is sent: an explicit null would clear the others.
    wm.verify(patchRequestedFor(urlEqualTo("/meeting_recaps/R1"))
        .withRequestBody(equalToJson("{\"action_items_md\": \"- [ ] Send\"}")));
    wm.verify(deleteRequestedFor(urlEqualTo("/meeting_recaps/R1")));
    wm.resetAll();
    assertRejectedBeforeSending(client.meetingRecaps().update("R1", new MeetingRecapsApi.Update(null, null, null)), "at least one");
    assertRejectedBeforeSending(client.meetingRecaps().list(
        new MeetingRecapsApi.Query(null, null, null, null, "done", null, null), PageRequest.FIRST), "status");
  }

  @Test
  void sampleWebhookDataIsReadWithOrWithoutAResourceEnvelope() {
    String body = "{\"event\": \"invitee.created\", \"created_at\": \"2026-01-01T00:00:00.000000Z\","
        + " \"created_by\": \"https://api.calendly.com/users/USER1\", \"payload\": {\"email\": \"ada@example.com\"}}";
    wm.stubFor(get(urlPathEqualTo("/sample_webhook_data")).withQueryParam("event", equalTo("invitee.created"))
        .willReturn(okJson(body)));
    wm.stubFor(get(urlPathEqualTo("/sample_webhook_data")).withQueryParam("event", equalTo("contact.created"))
        .willReturn(okJson(resource(body.replace("invitee.created", "contact.created")))));
    WebhookQuery query = WebhookQuery.ofUser(ORG.toString(), USER.toString());

    SampleWebhook plain = client.webhooks().sampleData(WebhookEvent.INVITEE_CREATED, query).block();
    SampleWebhook enveloped = client.webhooks().sampleData(WebhookEvent.CONTACT_CREATED, query).block();

    assertThat(plain.payload().path("email").asString()).isEqualTo("ada@example.com");
    assertThat(plain.createdBy()).isEqualTo(USER);
    assertThat(enveloped.event()).isEqualTo("contact.created");
    wm.verify(getRequestedFor(urlPathEqualTo("/sample_webhook_data")).withQueryParam("scope", equalTo("user"))
        .withQueryParam("user", equalTo(USER.toString())).withQueryParam("organization", equalTo(ORG.toString())));
  }
}
