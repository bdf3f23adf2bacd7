package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.sandbox.webhooks.WebhookEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhooksEndpointsTest extends SandboxTestBase {

  private final List<WebhookEvent> published = new CopyOnWriteArrayList<>();

  @Override
  SandboxConfig.Builder config() {
    // These tests check what is published; deliveries (which would go to the example.com URLs
    // used here) are WebhookDeliveryTest's.
    return super.config().webhookPublisher(published::add).webhookDelivery(WebhookDeliverySettings.off());
  }

  private static String subscription(String url, SeededUser user, String scope) {
    return """
        {"url": "%s", "events": ["invitee.created", "invitee.canceled"],
         "organization": "%s", "scope": "%s", "user": "%s", "signing_key": "s3cret"}
        """.formatted(url, user.organizationUri(), scope, user.userUri());
  }

  @Test
  void subscriptionsAreCreatedListedReadAndDeleted() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);
    for (int i = 0; i < 3; i++) {
      Reply created = http.post("/webhook_subscriptions", admin.token(),
          subscription("https://hooks.example.com/" + i, admin, "organization"));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      JsonNode resource = created.json().path("resource");
      assertThat(resource.path("state").asString()).isEqualTo("active");
      assertThat(resource.path("scope").asString()).isEqualTo("organization");
      assertThat(resource.path("user").isNull()).isTrue();
      assertThat(resource.path("creator").asString()).isEqualTo(admin.userUri());
      assertThat(created.body()).doesNotContain("s3cret");
      clock.advance(Duration.ofSeconds(1));
    }
    String list = "/webhook_subscriptions?organization=" + q(admin.organizationUri()) + "&scope=organization";

    List<String> uris = Paging.checkThreePages(http, list, admin.token(), 1, "/uri");

    assertThat(uris).hasSize(3);
    assertThat(http.get(uris.get(0), admin.token()).resource("callback_url")).isEqualTo("https://hooks.example.com/0");
    assertThat(http.delete(uris.get(0), admin.token()).status()).isEqualTo(204);
    assertThat(http.get(uris.get(0), admin.token()).status()).isEqualTo(404);
    assertThat(sandbox.model().webhookSubscriptions()).extracting(w -> w.signingKey()).contains("s3cret");
  }

  @Test
  void theSameUrlInTheSameScopeIsAConflict() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);
    String body = subscription("https://hooks.example.com/x", admin, "organization");
    http.post("/webhook_subscriptions", admin.token(), body);

    Reply again = http.post("/webhook_subscriptions", admin.token(), body);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("message").asString()).isEqualTo("Hook with this url already exists");
  }

  @Test
  void webhooksWorkOnEveryPlanButPaidFeaturesEventsNeedAPaidPlanAndOrganizationScopeNeedsAdmin() {
    // Contacts and their contact.* events are on every plan since Calendly's 2026-11-19 release.
    SeededUser free = user(Plan.FREE, Role.OWNER);
    SeededUser member = user(Plan.TEAMS, Role.USER);

    Reply onFree = http.post("/webhook_subscriptions", free.token(), subscription("https://h.example.com", free, "user"));
    Reply recapsOnFree = subscribe(free, free.token(), "user", "https://r.example.com", "meeting_recap.created");
    Reply contactsOnFree = subscribe(free, free.token(), "user", "https://c.example.com", "contact.created");
    Reply orgByMember = http.post("/webhook_subscriptions", member.token(), subscription("https://h.example.com", member, "organization"));
    Reply userByMember = http.post("/webhook_subscriptions", member.token(), subscription("https://h.example.com", member, "user"));
    Reply listOnFree = http.get("/webhook_subscriptions?organization=" + q(free.organizationUri()) + "&scope=user&user=" + q(free.userUri()), free.token());

    assertThat(onFree.status()).isEqualTo(201);
    assertThat(listOnFree.status()).isEqualTo(200);
    assertThat(recapsOnFree.status()).isEqualTo(403);
    assertThat(recapsOnFree.json().path("message").asString()).isEqualTo("Please upgrade to a paid Calendly account.");
    assertThat(contactsOnFree.status()).as(contactsOnFree.toString()).isEqualTo(201);
    assertThat(orgByMember.status()).isEqualTo(403);
    assertThat(userByMember.status()).isEqualTo(201);
  }

  private Reply subscribe(SeededUser user, String token, String scope, String url, String... events) {
    return http.post("/webhook_subscriptions", token, """
        {"url": "%s", "events": ["%s"], "organization": "%s", "scope": "%s", "user": "%s"}
        """.formatted(url, String.join("\", \"", events), user.organizationUri(), scope, user.userUri()));
  }

  @Test
  void everyEventOfCalendlysSampleDataPageCanBeSubscribedTo() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);

    Reply anyScope = subscribe(admin, admin.token(), "organization", "https://hooks.example.com/all",
        "invitee.created", "invitee.canceled", "invitee_no_show.created", "invitee_no_show.deleted",
        "routing_form_submission.created", "event_type.created", "event_type.deleted", "event_type.updated",
        "contact.created", "contact.updated", "contact.deleted");
    Reply recaps = subscribe(admin, admin.token(), "user", "https://hooks.example.com/recaps",
        "meeting_recap.created", "meeting_recap.updated", "meeting_recap.deleted");

    assertThat(anyScope.status()).as(anyScope.toString()).isEqualTo(201);
    assertThat(anyScope.json().path("resource").path("events").valueStream().map(JsonNode::asString)).hasSize(11);
    assertThat(recaps.status()).as(recaps.toString()).isEqualTo(201);
  }

  @Test
  void routingFormSubmissionsAreOrganizationWideAndMeetingRecapsOneUsersOnly() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);

    Reply routingForUser = subscribe(admin, admin.token(), "user", "https://hooks.example.com/r",
        "invitee.created", "routing_form_submission.created");
    Reply recapsForOrganization = subscribe(admin, admin.token(), "organization", "https://hooks.example.com/m",
        "meeting_recap.created");

    assertThat(routingForUser.status()).isEqualTo(400);
    assertThat(routingForUser.detailParameters()).containsExactly("scope");
    assertThat(routingForUser.body()).contains("routing_form_submission.created can only be subscribed to with scope organization");
    assertThat(recapsForOrganization.status()).isEqualTo(400);
    assertThat(recapsForOrganization.body()).contains("meeting_recap.created can only be subscribed to with scope user");
  }

  @Test
  void eachEventNeedsTheReadScopeOfItsDataBesidesWebhooksWrite() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);
    String webhooksOnly = sandbox.issueToken(admin.userUri(), List.of("webhooks:write"));
    String withContacts = sandbox.issueToken(admin.userUri(), List.of("webhooks:write", "contacts:write"));

    Reply bookings = subscribe(admin, webhooksOnly, "user", "https://hooks.example.com/b", "invitee.created");
    Reply contacts = subscribe(admin, withContacts, "user", "https://hooks.example.com/c", "contact.created");
    Reply mixed = subscribe(admin, withContacts, "user", "https://hooks.example.com/d", "contact.created", "event_type.updated");

    assertThat(bookings.status()).isEqualTo(403);
    assertThat(bookings.json().path("message").asString()).contains("scheduled_events:read");
    assertThat(contacts.status()).as(contacts.toString()).isEqualTo(201);
    assertThat(mixed.status()).isEqualTo(403);
    assertThat(mixed.json().path("message").asString()).contains("event_types:read");
  }

  @Test
  void aSubscriptionRequestNamesEveryBadField() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);

    Reply reply = http.post("/webhook_subscriptions", admin.token(), """
        {"url": "http://hooks.example.com", "events": ["invitee.exploded"], "scope": "user"}
        """);
    Reply list = http.get("/webhook_subscriptions?scope=team", admin.token());

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactlyInAnyOrder("url", "events", "organization", "user");
    assertThat(list.detailParameters()).containsExactlyInAnyOrder("organization", "scope");
  }

  @Test
  void localHttpCallbacksAreAllowedForTests() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);

    Reply reply = http.post("/webhook_subscriptions", admin.token(),
        subscription("http://127.0.0.1:9999/hook", admin, "organization"));

    assertThat(reply.status()).isEqualTo(201);
  }

  @Test
  void bookingAndCancelingPublishTheMatchingSubscriptionsEvents() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    SeededUser colleague = user(Plan.ENTERPRISE, Role.USER);
    http.post("/webhook_subscriptions", owner.token(), subscription("https://org.example.com", owner, "organization"));
    http.post("/webhook_subscriptions", owner.token(), subscription("https://mine.example.com", owner, "user"));
    http.post("/webhook_subscriptions", colleague.token(), subscription("https://theirs.example.com", colleague, "user"));
    String eventType = http.get("/event_types?user=" + q(owner.userUri()), owner.token()).json().path("collection")
        .valueStream().filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    String slot = http.get("/event_type_available_times?event_type=" + q(eventType) + "&start_time=" + q(START.toString())
        + "&end_time=" + q(START.plus(Duration.ofDays(5)).toString()), owner.token())
        .json().path("collection").get(0).path("start_time").asString();

    Reply booked = http.post("/invitees", owner.token(), """
        {"event_type": "%s", "start_time": "%s", "invitee": {"name": "Pat", "email": "pat@example.org", "timezone": "UTC"}}
        """.formatted(eventType, slot));
    http.post(booked.json().path("resource").path("event").asString() + "/cancellation", owner.token(), "{}");

    assertThat(published).extracting(WebhookEvent::event).containsExactly("invitee.created", "invitee.canceled");
    WebhookEvent created = published.get(0);
    assertThat(created.targets()).extracting(WebhookEvent.Target::callbackUrl)
        .containsExactlyInAnyOrder("https://org.example.com", "https://mine.example.com");
    assertThat(created.targets()).extracting(WebhookEvent.Target::signingKey).containsOnly("s3cret");
    assertThat(created.payload().path("email").asString()).isEqualTo("pat@example.org");
    assertThat(created.payload().path("scheduled_event").path("start_time").asString()).isEqualTo(slot);
    assertThat(created.envelope().path("event").asString()).isEqualTo("invitee.created");
    assertThat(published.get(1).payload().path("cancellation").path("canceler_type").asString()).isEqualTo("host");
  }
}
