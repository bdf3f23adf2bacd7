package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /_sandbox/reschedulings/{invitee}}: an invitee moving their booking, which Calendly
 * reports as {@code invitee.canceled} (rescheduled, with {@code new_invitee}) and {@code
 * invitee.created} (with {@code old_invitee}).
 */
class ReschedulingTest extends SandboxTestBase {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final WebhookReceiver receiver = new WebhookReceiver();

  @Override
  SandboxConfig.Builder config() {
    return super.config().webhookDelivery(WebhookDeliverySettings.defaults());
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Test
  void reschedulingCancelsTheOldInviteeAndBooksALinkedNewOneAndSendsCalendlysWebhookPair() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    assertThat(http.post("/webhook_subscriptions", owner.token(), """
        {"url": "%s", "events": ["invitee.created", "invitee.canceled"], "organization": "%s", "scope": "user",
         "user": "%s", "signing_key": "k"}
        """.formatted(receiver.url("/hook"), owner.organizationUri(), owner.userUri())).status()).isEqualTo(201);
    List<String> slots = slots(owner);
    String oldInvitee = http.post("/invitees", owner.token(), """
        {"event_type": "%s", "start_time": "%s", "invitee": {"name": "Pat Doe", "email": "pat@example.org", "timezone": "UTC"}}
        """.formatted(eventType(owner), slots.get(0))).resource("uri");
    assertThat(JSON.readTree(receiver.next().body()).path("event").asString()).isEqualTo("invitee.created");

    Reply moved = http.post("/_sandbox/reschedulings/" + uuid(oldInvitee), null,
        "{\"start_time\": \"" + slots.get(3) + "\"}");

    assertThat(moved.status()).as(moved.toString()).isEqualTo(201);
    String newInvitee = moved.resource("uri");
    assertThat(moved.resource("old_invitee")).isEqualTo(oldInvitee);
    // Sent at once, so they may arrive in either order, as Calendly's may.
    List<JsonNode> pair = List.of(JSON.readTree(receiver.next().body()), JSON.readTree(receiver.next().body()));
    JsonNode canceled = pair.stream().filter(d -> d.path("event").asString().equals("invitee.canceled")).findFirst().orElseThrow();
    JsonNode created = pair.stream().filter(d -> d.path("event").asString().equals("invitee.created")).findFirst().orElseThrow();
    assertThat(canceled.path("event").asString()).isEqualTo("invitee.canceled");
    assertThat(canceled.path("payload").path("uri").asString()).isEqualTo(oldInvitee);
    assertThat(canceled.path("payload").path("rescheduled").asBoolean()).isTrue();
    assertThat(canceled.path("payload").path("new_invitee").asString()).isEqualTo(newInvitee);
    assertThat(canceled.path("payload").path("cancellation").path("canceler_type").asString()).isEqualTo("invitee");
    assertThat(canceled.path("payload").path("scheduled_event").path("status").asString()).isEqualTo("canceled");
    assertThat(created.path("event").asString()).isEqualTo("invitee.created");
    assertThat(created.path("payload").path("uri").asString()).isEqualTo(newInvitee);
    assertThat(created.path("payload").path("old_invitee").asString()).isEqualTo(oldInvitee);
    assertThat(created.path("payload").path("rescheduled").asBoolean()).isFalse();
    assertThat(created.path("payload").path("scheduled_event").path("start_time").asString())
        .isEqualTo(slots.get(3));
    JsonNode old = http.get(oldInvitee, owner.token()).json();
    assertThat(old.path("resource").path("status").asString()).isEqualTo("canceled");
    assertThat(old.path("resource").path("new_invitee").asString()).isEqualTo(newInvitee);
  }

  @Test
  void aCanceledBookingCannotBeRescheduled() {
    SeededUser owner = user(Plan.TEAMS, Role.OWNER);
    List<String> slots = slots(owner);
    Reply booked = http.post("/invitees", owner.token(), """
        {"event_type": "%s", "start_time": "%s", "invitee": {"name": "Pat Doe", "email": "pat@example.org", "timezone": "UTC"}}
        """.formatted(eventType(owner), slots.get(0)));
    assertThat(http.post(booked.resource("event") + "/cancellation", owner.token(), "{}").status()).isEqualTo(201);

    Reply moved = http.post("/_sandbox/reschedulings/" + uuid(booked.resource("uri")), null,
        "{\"start_time\": \"" + slots.get(3) + "\"}");

    assertThat(moved.status()).isEqualTo(403);
  }

  private String eventType(SeededUser owner) {
    return http.get("/event_types?user=" + q(owner.userUri()), owner.token()).json().path("collection")
        .valueStream().filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
  }

  private List<String> slots(SeededUser owner) {
    return http.get("/event_type_available_times?event_type=" + q(eventType(owner)) + "&start_time="
            + q(START.plus(Duration.ofMinutes(1)).toString()) + "&end_time=" + q(START.plus(Duration.ofDays(5)).toString()),
            owner.token())
        .json().path("collection").valueStream().map(slot -> slot.path("start_time").asString()).toList();
  }
}
