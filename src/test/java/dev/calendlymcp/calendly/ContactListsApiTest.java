package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.ContactList;
import dev.calendlymcp.calendly.model.CreatedContactList;
import dev.calendlymcp.calendly.model.CustomFieldDefinition;
import dev.calendlymcp.calendly.model.ListMembershipResult;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lists (create, read, rename, members), single notes and custom field definitions (2026-11-17). */
class ContactListsApiTest extends WireMockCalendlyTest {

  static final String API = "https://api.calendly.com";
  static final URI ADA = URI.create(API + "/contacts/C1");
  static final URI BOB = URI.create(API + "/contacts/C2");
  static final String LIST = "{\"uri\": \"" + API + "/contact_lists/L1\", \"name\": \"Renewals\", \"type\": \"static_list\","
      + " \"contact_count\": 1, \"created_at\": \"2026-11-20T10:00:00.000000Z\", \"updated_at\": \"2026-11-20T10:00:00.000000Z\"}";
  static final String RESULT = "{\"succeeded\": 1, \"invalid\": 1, \"failed\": 0, \"invalid_contacts\": [\"" + BOB
      + "\"], \"failed_contacts\": []}";

  static String error(String title, String message) {
    return "{\"title\": \"" + title + "\", \"message\": \"" + message + "\"}";
  }

  @Test
  void aListIsCreatedWithItsContactsAndTheContactsNotAddedAreNamed() {
    wm.stubFor(post(urlEqualTo("/contact_lists")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"resource\": " + LIST + ", \"membership_result\": " + RESULT + "}")));

    CreatedContactList created = client.contacts().createList("  Renewals ", List.of(ADA, BOB)).block();

    assertThat(created.resource().name()).isEqualTo("Renewals");
    assertThat(created.resource().contactCount()).isEqualTo(1);
    assertThat(created.membershipResult().invalidContacts()).containsExactly(BOB);
    assertThat(created.membershipResult().failedContacts()).isEmpty();
    wm.verify(1, postRequestedFor(urlEqualTo("/contact_lists")).withRequestBody(equalToJson(
        "{\"name\": \"Renewals\", \"contacts\": [\"" + ADA + "\", \"" + BOB + "\"]}")));
  }

  @Test
  void aTakenListNameIsAConflictAndAFailedCreateIsNotSentAgain() {
    wm.stubFor(post(urlEqualTo("/contact_lists")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/json")
        .withBody(error("Already Exists", "A List with this name already exists."))));

    assertThatThrownBy(() -> client.contacts().createList("Renewals", List.of()).block())
        .isInstanceOf(CalendlyException.Conflict.class);
    wm.stubFor(post(urlEqualTo("/contact_lists")).willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> client.contacts().createList("Other", null).block())
        .isInstanceOf(CalendlyException.ServerError.class);

    // Without contacts the body has only the name; the 503 is not retried, since the List may exist.
    wm.verify(1, postRequestedFor(urlEqualTo("/contact_lists")).withRequestBody(equalToJson("{\"name\": \"Other\"}")));
  }

  @Test
  void aListIsReadAndRenamedAndAViewsRenameCanBeRefused() {
    wm.stubFor(get(urlEqualTo("/contact_lists/L1")).willReturn(okJson(resource(LIST))));
    wm.stubFor(patch(urlEqualTo("/contact_lists/L1")).willReturn(okJson(resource(LIST.replace("Renewals", "Q1 renewals")))));
    wm.stubFor(patch(urlEqualTo("/contact_lists/V1")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/json")
        .withBody(error("Conflict", "The All Contacts View cannot be renamed."))));
    wm.stubFor(get(urlEqualTo("/contact_lists/GONE")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody(error("Resource Not Found", "The server could not find the requested resource."))));

    ContactList list = client.contacts().getList(API + "/contact_lists/L1").block();
    ContactList renamed = client.contacts().renameList("L1", " Q1 renewals ").block();

    assertThat(list.type()).isEqualTo("static_list");
    assertThat(renamed.name()).isEqualTo("Q1 renewals");
    assertThatThrownBy(() -> client.contacts().renameList("V1", "Everyone").block())
        .isInstanceOf(CalendlyException.Conflict.class);
    assertThatThrownBy(() -> client.contacts().getList("GONE").block()).isInstanceOf(CalendlyException.NotFound.class);
    wm.verify(patchRequestedFor(urlEqualTo("/contact_lists/L1")).withRequestBody(equalToJson("{\"name\": \"Q1 renewals\"}")));
  }

  @Test
  void contactsAreAddedToAndRemovedFromAListAndAViewRefusesBoth() {
    wm.stubFor(post(urlEqualTo("/contact_lists/L1/memberships")).willReturn(okJson(resource(RESULT))));
    wm.stubFor(post(urlEqualTo("/contact_lists/L1/memberships/removal")).willReturn(okJson(resource(
        "{\"succeeded\": 2, \"invalid\": 0, \"failed\": 0, \"invalid_contacts\": [], \"failed_contacts\": []}"))));
    wm.stubFor(post(urlEqualTo("/contact_lists/V1/memberships")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/json")
        .withBody(error("Conflict", "A View's saved filters decide its contacts."))));

    ListMembershipResult added = client.contacts().addToList("L1", List.of(ADA, BOB)).block();
    ListMembershipResult removed = client.contacts().removeFromList(API + "/contact_lists/L1", List.of(ADA, BOB)).block();

    assertThat(added.succeeded()).isEqualTo(1);
    assertThat(added.invalid()).isEqualTo(1);
    assertThat(added.invalidContacts()).containsExactly(BOB);
    assertThat(removed.succeeded()).isEqualTo(2);
    assertThatThrownBy(() -> client.contacts().addToList("V1", List.of(ADA)).block())
        .isInstanceOf(CalendlyException.Conflict.class);
    String body = "{\"contacts\": [\"" + ADA + "\", \"" + BOB + "\"]}";
    wm.verify(postRequestedFor(urlEqualTo("/contact_lists/L1/memberships")).withRequestBody(equalToJson(body)));
    wm.verify(postRequestedFor(urlEqualTo("/contact_lists/L1/memberships/removal")).withRequestBody(equalToJson(body)));
  }

  @Test
  void badListRequestsFailBeforeAnythingIsSent() {
    List<URI> tooMany = Collections.nCopies(ContactsApi.MAX_LIST_CONTACTS + 1, ADA);
    assertRejectedBeforeSending(client.contacts().createList("  ", List.of()), "name");
    assertRejectedBeforeSending(client.contacts().createList("x".repeat(256), List.of()), "name");
    assertRejectedBeforeSending(client.contacts().createList("Big", tooMany), "at most 500");
    assertRejectedBeforeSending(client.contacts().addToList("L1", List.of()), "at least one");
    assertRejectedBeforeSending(client.contacts().removeFromList("L1", tooMany), "at most 500");
    assertRejectedBeforeSending(client.contacts().renameList("not a list!", "Name"), "contact_list");
  }

  @Test
  void oneNoteIsReadAndAnotherUsersNoteIsNotFound() {
    wm.stubFor(get(urlEqualTo("/notes/N1")).willReturn(okJson(resource("{\"uri\": \"" + API + "/notes/N1\","
        + " \"contact\": \"" + ADA + "\", \"title\": \"Pricing\", \"body\": null, \"remind_at\": null}"))));
    wm.stubFor(get(urlEqualTo("/notes/N2")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json")
        .withBody(error("Resource Not Found", "The server could not find the requested resource."))));

    assertThat(client.contacts().getNote(API + "/notes/N1").block().contact()).isEqualTo(ADA);
    assertThatThrownBy(() -> client.contacts().getNote("N2").block()).isInstanceOf(CalendlyException.NotFound.class);
  }

  @Test
  void customFieldsAreCreatedWithOnlyWhatTheirTypeNeedsAndReadOne() {
    String select = "{\"uri\": \"" + API + "/contacts/custom_field_definitions/CF9\", \"label\": \"Tier\","
        + " \"field_type\": \"single_select\", \"options\": [{\"uuid\": \"O1\", \"label\": \"Gold\", \"color\": null},"
        + " {\"uuid\": \"O2\", \"label\": \"Silver\", \"color\": \"#cccccc\"}], \"currency\": null}";
    wm.stubFor(post(urlEqualTo("/contacts/custom_field_definitions")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(resource(select))));
    wm.stubFor(get(urlEqualTo("/contacts/custom_field_definitions/CF9")).willReturn(okJson(resource(select))));

    CustomFieldDefinition made = client.contacts().createCustomField(new ContactsApi.NewCustomField(
        " Tier ", "single_select", null, List.of(new ContactsApi.OptionLabel("Gold"), new ContactsApi.OptionLabel(" Silver")))).block();
    client.contacts().createCustomField(new ContactsApi.NewCustomField("Deal", "currency", "usd", null)).block();

    assertThat(made.options()).extracting(CustomFieldDefinition.Option::label).containsExactly("Gold", "Silver");
    assertThat(made.options().get(0).color()).isNull();
    assertThat(client.contacts().customFieldDefinition("CF9").block().fieldType()).isEqualTo("single_select");
    wm.verify(postRequestedFor(urlEqualTo("/contacts/custom_field_definitions")).withRequestBody(equalToJson(
        "{\"label\": \"Tier\", \"field_type\": \"single_select\", \"options\": [{\"label\": \"Gold\"}, {\"label\": \"Silver\"}]}")));
    wm.verify(postRequestedFor(urlEqualTo("/contacts/custom_field_definitions")).withRequestBody(equalToJson(
        "{\"label\": \"Deal\", \"field_type\": \"currency\", \"currency\": \"USD\"}")));
  }

  @Test
  void aTakenLabelIsAConflictAndAMissingPermissionIsRefused() {
    wm.stubFor(post(urlEqualTo("/contacts/custom_field_definitions")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"title\": \"Already Exists\", \"message\": \"The resource already exists\", \"details\":"
            + " [{\"parameter\": \"label\", \"message\": \"A custom field with this label already exists.\"}]}")));
    assertThatThrownBy(() -> client.contacts().createCustomField(
        new ContactsApi.NewCustomField("city", "text", null, null)).block()).isInstanceOf(CalendlyException.Conflict.class);

    wm.stubFor(post(urlEqualTo("/contacts/custom_field_definitions")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withBody(error("Permission Denied", "You do not have permission to create custom fields."))));
    assertThatThrownBy(() -> client.contacts().createCustomField(
        new ContactsApi.NewCustomField("Region", "text", null, null)).block())
        .isInstanceOf(CalendlyException.PermissionDenied.class);
  }

  @Test
  void badCustomFieldsFailBeforeAnythingIsSent() {
    assertRejectedBeforeSending(client.contacts().createCustomField(
        new ContactsApi.NewCustomField(" ", "text", null, null)), "label");
    assertRejectedBeforeSending(client.contacts().createCustomField(
        new ContactsApi.NewCustomField("Q", "invitee_question", null, null)), "field_type");
    assertRejectedBeforeSending(client.contacts().createCustomField(
        new ContactsApi.NewCustomField("Deal", "currency", "dollars", null)), "currency");
    assertRejectedBeforeSending(client.contacts().createCustomField(
        new ContactsApi.NewCustomField("Tier", "single_select", null, List.of())), "options");
    assertRejectedBeforeSending(client.contacts().createCustomField(new ContactsApi.NewCustomField(
        "Tier", "single_select", null, Collections.nCopies(11, new ContactsApi.OptionLabel("A")))), "options");
    assertRejectedBeforeSending(client.contacts().createCustomField(new ContactsApi.NewCustomField(
        "Note", "text", null, List.of(new ContactsApi.OptionLabel("A")))), "options");
  }
}
