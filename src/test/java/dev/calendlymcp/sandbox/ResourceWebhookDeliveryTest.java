package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.sandbox.webhooks.WebhookEvent;
import dev.calendlymcp.sandbox.webhooks.WebhookSignatures;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook events of event type, contact, Notetaker recap and routing form changes: signed
 * deliveries to the owner's (or the organization's) subscriptions, with the resource as its GET
 * shows it, or Calendly's tombstone. Deleting an event type, finishing a recap and submitting a
 * routing form happen outside Calendly's API, through the sandbox's admin routes.
 */
class ResourceWebhookDeliveryTest extends SandboxTestBase {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String KEY = "resource-events-key";

  private final WebhookReceiver receiver = new WebhookReceiver();
  private final List<WebhookEvent> published = new CopyOnWriteArrayList<>();

  @Override
  SandboxConfig.Builder config() {
    return super.config().webhookPublisher(published::add).webhookDelivery(WebhookDeliverySettings.defaults());
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private void subscribe(SeededUser user, String path, String... events) {
    Reply reply = http.post("/webhook_subscriptions", user.token(), """
        {"url": "%s", "events": ["%s"], "organization": "%s", "scope": "user", "user": "%s", "signing_key": "%s"}
        """.formatted(receiver.url(path), String.join("\", \"", events), user.organizationUri(), user.userUri(), KEY));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  private String path(String uri) {
    return uri.substring(sandbox.apiBaseUrl().length());
  }

  @Test
  void eventTypeContactAndRecapChangesReachTheOwnersSubscriptionSigned() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser colleague = user(Plan.TEAMS, Role.USER);
    subscribe(owner, "/mine", "event_type.created", "event_type.updated", "contact.created", "contact.updated",
        "contact.deleted", "meeting_recap.updated", "meeting_recap.deleted");
    subscribe(colleague, "/theirs", "event_type.created", "contact.created", "meeting_recap.deleted");

    String eventType = http.post("/event_types", owner.token(),
        "{\"name\": \"Intro call\", \"owner\": \"" + owner.userUri() + "\"}").resource("uri");
    assertThat(http.patch(path(eventType), owner.token(), "{\"name\": \"Intro\"}").status()).isEqualTo(200);
    String contact = http.post("/contacts", owner.token(),
        "{\"name\": \"Ada\", \"emails\": [{\"email\": \"ada@example.org\"}]}").resource("uri");
    assertThat(http.patch(path(contact), owner.token(), "{\"company\": \"Engines\"}").status()).isEqualTo(200);
    assertThat(http.delete(path(contact), owner.token()).status()).isEqualTo(204);
    String recap = http.get("/meeting_recaps?user=" + q(owner.userUri()), owner.token())
        .json().path("collection").get(0).path("uri").asString();
    assertThat(http.patch(path(recap), owner.token(), "{\"summary_md\": \"Agreed.\"}").status()).isEqualTo(200);
    assertThat(http.delete(path(recap), owner.token()).status()).isEqualTo(204);

    Map<String, JsonNode> byEvent = new LinkedHashMap<>();
    for (int i = 0; i < 7; i++) {
      WebhookReceiver.Delivery delivery = receiver.next();
      assertThat(delivery.path()).isEqualTo("/mine");
      assertThat(WebhookSignatures.verify(delivery.header(WebhookSignatures.HEADER), delivery.body(), KEY,
          new MutableClock(START), Duration.ofMinutes(3))).isTrue();
      JsonNode body = JSON.readTree(delivery.body());
      assertThat(body.path("created_by").asString()).isEqualTo(owner.userUri());
      byEvent.put(body.path("event").asString(), body.path("payload"));
    }

    assertThat(byEvent.keySet()).containsExactlyInAnyOrder("event_type.created", "event_type.updated",
        "contact.created", "contact.updated", "contact.deleted", "meeting_recap.updated", "meeting_recap.deleted");
    assertThat(byEvent.get("event_type.created").path("uri").asString()).isEqualTo(eventType);
    assertThat(byEvent.get("event_type.updated").path("name").asString()).isEqualTo("Intro");
    assertThat(byEvent.get("event_type.updated").path("profile").path("owner").asString()).isEqualTo(owner.userUri());
    assertThat(byEvent.get("contact.updated").path("company").asString()).isEqualTo("Engines");
    assertThat(byEvent.get("contact.deleted").propertyNames()).containsExactlyInAnyOrder("uri", "deleted_at");
    assertThat(byEvent.get("contact.deleted").path("uri").asString()).isEqualTo(contact);
    assertThat(byEvent.get("meeting_recap.updated").path("summary_md").asString()).isEqualTo("Agreed.");
    assertThat(byEvent.get("meeting_recap.deleted").path("uri").asString()).isEqualTo(recap);
    // The colleague subscribed to the same events but owns none of these resources.
    assertThat(published).allSatisfy(event -> assertThat(event.targets()).hasSize(1));
    assertThat(receiver.waiting()).isZero();
  }

  private void subscribeOrganization(SeededUser admin, String path, String... events) {
    Reply reply = http.post("/webhook_subscriptions", admin.token(), """
        {"url": "%s", "events": ["%s"], "organization": "%s", "scope": "organization", "signing_key": "%s"}
        """.formatted(receiver.url(path), String.join("\", \"", events), admin.organizationUri(), KEY));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  /**
   * The next meeting of {@code plan}'s organization, once it has ended: the sandbox clock moves to
   * ten minutes past its end, when Notetaker would finish its recap.
   */
  private Meeting meetingThatJustEnded(Plan plan) {
    SeededUser admin = user(plan, Role.OWNER);
    JsonNode event = http.get("/scheduled_events?status=active&sort=start_time:asc&organization="
        + q(admin.organizationUri()) + "&min_start_time=" + q(clock.instant().toString()), admin.token())
        .json().path("collection").get(0);
    String host = event.path("event_memberships").get(0).path("user").asString();
    clock.advance(Duration.between(clock.instant(), Instant.parse(event.path("end_time").asString()))
        .plus(Duration.ofMinutes(10)));
    return new Meeting(event.path("uri").asString(),
        sandbox.users().stream().filter(u -> u.userUri().equals(host)).findFirst().orElseThrow());
  }

  private record Meeting(String uri, SeededUser host) {}

  @Test
  void eventTypeDeletionRecapCreationAndFormSubmissionReachOnlyTheSubscriptionsListingThem() {
    Meeting meeting = meetingThatJustEnded(Plan.TEAMS);
    SeededUser owner = meeting.host();
    SeededUser admin = user(Plan.TEAMS, Role.OWNER);
    SeededUser colleague = sandbox.users().stream()
        .filter(u -> u.organizationUri().equals(owner.organizationUri()) && !u.userUri().equals(owner.userUri()))
        .findFirst().orElseThrow();
    subscribe(owner, "/mine", "event_type.deleted", "meeting_recap.created");
    subscribeOrganization(admin, "/org", "routing_form_submission.created");
    // Subscribed to the same events, but neither owns the resources nor is organization-wide.
    subscribe(colleague, "/theirs", "event_type.deleted", "meeting_recap.created");
    // The owner's own subscription that lists none of the three.
    subscribe(owner, "/other", "event_type.created", "meeting_recap.updated", "invitee.created");

    String eventType = http.get("/event_types?user=" + q(owner.userUri()), owner.token()).json()
        .path("collection").get(0).path("uri").asString();
    assertThat(http.delete("/_sandbox/event_types/" + uuid(eventType), null).status()).isEqualTo(204);

    Reply recap = http.post("/_sandbox/meeting_recaps", null, "{\"event\": \"" + meeting.uri() + "\"}");
    assertThat(recap.status()).as(recap.toString()).isEqualTo(201);
    String recapUri = recap.resource("uri");

    JsonNode form = http.get("/routing_forms?organization=" + q(admin.organizationUri()), admin.token()).json()
        .path("collection").get(0);
    JsonNode size = form.path("questions").get(0);
    Reply submitted = http.post("/_sandbox/routing_form_submissions", null, """
        {"form": "%s", "answers": {"%s": "%s"}}
        """.formatted(form.path("uri").asString(), size.path("uuid").asString(),
        size.path("answer_choices").get(1).asString()));
    assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
    String submission = submitted.resource("uri");

    Map<String, JsonNode> byEvent = new LinkedHashMap<>();
    Map<String, String> pathOf = new LinkedHashMap<>();
    for (int i = 0; i < 3; i++) {
      WebhookReceiver.Delivery delivery = receiver.next();
      assertThat(WebhookSignatures.verify(delivery.header(WebhookSignatures.HEADER), delivery.body(), KEY,
          clock, Duration.ofMinutes(3))).isTrue();
      JsonNode body = JSON.readTree(delivery.body());
      // The event type's and recap's owner; a visitor's submission names the organization's owner.
      assertThat(body.path("created_by").asString())
          .isEqualTo(delivery.path().equals("/org") ? admin.userUri() : owner.userUri());
      byEvent.put(body.path("event").asString(), body.path("payload"));
      pathOf.put(body.path("event").asString(), delivery.path());
    }

    assertThat(pathOf).containsExactlyInAnyOrderEntriesOf(Map.of(
        "event_type.deleted", "/mine", "meeting_recap.created", "/mine", "routing_form_submission.created", "/org"));
    assertThat(byEvent.get("event_type.deleted").propertyNames()).containsExactlyInAnyOrder("uri", "deleted_at");
    assertThat(byEvent.get("event_type.deleted").path("uri").asString()).isEqualTo(eventType);
    assertThat(http.get(path(eventType), owner.token()).status()).isEqualTo(404);
    assertThat(byEvent.get("meeting_recap.created"))
        .isEqualTo(http.get(path(recapUri), owner.token()).json().path("resource"));
    assertThat(byEvent.get("meeting_recap.created").path("status").asString()).isEqualTo("available");
    assertThat(http.get(path(recapUri) + "/transcript", owner.token()).status()).isEqualTo(200);
    assertThat(byEvent.get("routing_form_submission.created"))
        .isEqualTo(http.get(path(submission), owner.token()).json().path("resource"));
    assertThat(byEvent.get("routing_form_submission.created").path("submitter").isNull()).isTrue();
    assertThat(byEvent.get("routing_form_submission.created").path("questions_and_answers").get(0).path("answer")
        .asString()).isEqualTo(size.path("answer_choices").get(1).asString());
    // Published synchronously after each change: each event had exactly one matching subscription.
    assertThat(published).extracting(WebhookEvent::event).containsExactly(
        "event_type.deleted", "meeting_recap.created", "routing_form_submission.created");
    assertThat(published).allSatisfy(event -> assertThat(event.targets()).hasSize(1));
  }

  @Test
  void theAppActionsRefuseWhatCalendlyWouldNotDo() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    SeededUser free = user(Plan.FREE, Role.OWNER);
    assertThat(http.delete("/_sandbox/event_types/no-such-type", null).status()).isEqualTo(404);

    String meeting = meetingThatJustEnded(Plan.TEAMS).uri();
    assertThat(http.post("/_sandbox/meeting_recaps", null, "{\"event\": \"" + meeting + "\"}").status())
        .isEqualTo(201);
    assertThat(http.post("/_sandbox/meeting_recaps", null, "{\"event\": \"" + meeting + "\"}").status())
        .as("one recap a meeting").isEqualTo(409);
    String upcoming = http.get("/scheduled_events?status=active&organization=" + q(owner.organizationUri())
        + "&min_start_time=" + q(clock.instant().plus(Duration.ofHours(1)).toString()), owner.token()).json()
        .path("collection").get(0).path("uri").asString();
    Reply notEnded = http.post("/_sandbox/meeting_recaps", null, "{\"event\": \"" + upcoming + "\"}");
    assertThat(notEnded.status()).isEqualTo(400);
    assertThat(notEnded.detailParameters()).containsExactly("event");
    String freeMeeting = http.get("/scheduled_events?user=" + q(free.userUri()), free.token()).json()
        .path("collection").get(0).path("uri").asString();
    assertThat(http.post("/_sandbox/meeting_recaps", null, "{\"event\": \"" + freeMeeting + "\"}").status())
        .as("Notetaker is a paid feature").isEqualTo(403);

    JsonNode form = http.get("/routing_forms?organization=" + q(owner.organizationUri()), owner.token()).json()
        .path("collection").get(0);
    String formUri = form.path("uri").asString();
    String size = form.path("questions").get(0).path("uuid").asString();
    Reply missing = http.post("/_sandbox/routing_form_submissions", null, "{\"form\": \"" + formUri + "\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.detailParameters()).containsExactly("answers." + size);
    Reply notAChoice = http.post("/_sandbox/routing_form_submissions", null, """
        {"form": "%s", "answers": {"%s": "a million", "nope": "x"}}""".formatted(formUri, size));
    assertThat(notAChoice.status()).isEqualTo(400);
    assertThat(notAChoice.detailParameters()).containsExactlyInAnyOrder("answers.nope", "answers." + size);
    // Only the one recap made; nothing refused was published.
    assertThat(published).extracting(WebhookEvent::event).containsExactly("meeting_recap.created");
  }
}
