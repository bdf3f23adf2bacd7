package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.sandbox.webhooks.WebhookEvent;
import dev.calendlymcp.sandbox.webhooks.WebhookSignatures;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook events of event type, contact and Notetaker recap changes: signed deliveries to the
 * owner's subscriptions, with the resource as its GET shows it, or Calendly's tombstone.
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
}
