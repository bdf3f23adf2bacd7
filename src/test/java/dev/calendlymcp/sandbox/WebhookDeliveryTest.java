package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.DeliveryAttempt;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.sandbox.webhooks.WebhookEvent;
import dev.calendlymcp.sandbox.webhooks.WebhookSignatures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deliveries to a real receiver: signed POSTs for bookings and cancellations, backoff on the
 * sandbox's (virtual-time) scheduler, disabling after the last failed attempt.
 */
class WebhookDeliveryTest extends SandboxTestBase {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration TOLERANCE = Duration.ofMinutes(3);

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final WebhookReceiver receiver = new WebhookReceiver();
  private final List<WebhookEvent> published = new CopyOnWriteArrayList<>();

  @Override
  SandboxConfig.Builder config() {
    return super.config()
        .scheduler(time)
        .webhookPublisher(published::add)
        .webhookDelivery(WebhookDeliverySettings.defaults().withRetries(3, Duration.ofMinutes(1), Duration.ofMinutes(10)));
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
    time.dispose();
  }

  private String subscribe(SeededUser user, String scope, String url, String key, String... events) {
    String list = String.join("\", \"", events);
    Reply reply = http.post("/webhook_subscriptions", user.token(), """
        {"url": "%s", "events": ["%s"], "organization": "%s", "scope": "%s", "user": "%s", "signing_key": "%s"}
        """.formatted(url, list, user.organizationUri(), scope, user.userUri(), key));
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.resource("uri");
  }

  /** Books the owner's first free 30-minute slot; returns the scheduled event's URI. */
  private String book(SeededUser owner, String email) {
    String eventType = http.get("/event_types?user=" + q(owner.userUri()), owner.token()).json().path("collection")
        .valueStream().filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    String slot = http.get("/event_type_available_times?event_type=" + q(eventType) + "&start_time="
            + q(START.plus(Duration.ofMinutes(1)).toString()) + "&end_time=" + q(START.plus(Duration.ofDays(5)).toString()),
            owner.token())
        .json().path("collection").get(0).path("start_time").asString();
    Reply booked = http.post("/invitees", owner.token(), """
        {"event_type": "%s", "start_time": "%s", "invitee": {"name": "Pat Doe", "email": "%s", "timezone": "UTC"}}
        """.formatted(eventType, slot, email));
    assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
    return booked.resource("event");
  }

  private DeliveryAttempt awaitAttempt(String subscription, int attempt, DeliveryAttempt.Outcome outcome) {
    return sandbox.webhookDeliveries()
        .filter(a -> a.subscription().equals(subscription) && a.attempt() == attempt && a.outcome() == outcome)
        .blockFirst(Duration.ofSeconds(10));
  }

  private static boolean verifies(WebhookReceiver.Delivery delivery, String body, String key) {
    return WebhookSignatures.verify(delivery.header(WebhookSignatures.HEADER), body, key, new MutableClock(START), TOLERANCE);
  }

  @Test
  void bookingAndCancelingDeliverSignedEventsToUserAndOrganizationSubscriptions() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String org = subscribe(owner, "organization", receiver.url("/org"), "org-key", "invitee.created", "invitee.canceled");
    String mine = subscribe(owner, "user", receiver.url("/mine"), "my-key", "invitee.created", "invitee.canceled");

    String event = book(owner, "pat@example.org");
    awaitAttempt(org, 1, DeliveryAttempt.Outcome.DELIVERED);
    awaitAttempt(mine, 1, DeliveryAttempt.Outcome.DELIVERED);
    assertThat(http.post(event + "/cancellation", owner.token(), "{\"reason\": \"Conflict\"}").status()).isEqualTo(201);

    Map<String, List<WebhookReceiver.Delivery>> byPath = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      WebhookReceiver.Delivery delivery = receiver.next();
      byPath.computeIfAbsent(delivery.path(), p -> new ArrayList<>()).add(delivery);
    }
    assertThat(byPath.keySet()).containsExactlyInAnyOrder("/org", "/mine");
    Map<String, String> keys = Map.of("/org", "org-key", "/mine", "my-key");
    for (Map.Entry<String, List<WebhookReceiver.Delivery>> entry : byPath.entrySet()) {
      String key = keys.get(entry.getKey());
      List<String> names = new ArrayList<>();
      for (WebhookReceiver.Delivery delivery : entry.getValue()) {
        JsonNode body = JSON.readTree(delivery.body());
        names.add(body.path("event").asString());
        assertThat(delivery.header("Content-Type")).startsWith("application/json");
        assertThat(delivery.header(WebhookSignatures.HEADER)).startsWith("t=" + START.getEpochSecond() + ",v1=");
        assertThat(verifies(delivery, delivery.body(), key)).as("signature with the subscription's key").isTrue();
        assertThat(verifies(delivery, delivery.body().replace("pat@example.org", "eve@example.org"), key))
            .as("tampered body").isFalse();
        assertThat(verifies(delivery, delivery.body(), key.equals("org-key") ? "my-key" : "org-key"))
            .as("another subscription's key").isFalse();
        assertThat(body.path("created_by").asString()).isEqualTo(owner.userUri());
        assertThat(body.path("created_at").asString()).isEqualTo("2026-03-04T12:00:00.000000Z");
        JsonNode payload = body.path("payload");
        assertThat(payload.path("email").asString()).isEqualTo("pat@example.org");
        assertThat(payload.path("event").asString()).isEqualTo(event);
        assertThat(payload.path("scheduled_event").path("uri").asString()).isEqualTo(event);
        if (body.path("event").asString().equals("invitee.canceled")) {
          assertThat(payload.path("status").asString()).isEqualTo("canceled");
          assertThat(payload.path("cancellation").path("reason").asString()).isEqualTo("Conflict");
          assertThat(payload.path("scheduled_event").path("status").asString()).isEqualTo("canceled");
        } else {
          assertThat(payload.has("cancellation")).isFalse();
        }
      }
      assertThat(names).as(entry.getKey()).containsExactlyInAnyOrder("invitee.created", "invitee.canceled");
    }
  }

  @Test
  void subscriptionsForOtherEventsOrOtherUsersGetNothing() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    SeededUser colleague = user(Plan.ENTERPRISE, Role.USER);
    String created = subscribe(owner, "user", receiver.url("/created"), "k1", "invitee.created");
    String noShows = subscribe(owner, "user", receiver.url("/no-shows"), "k2", "invitee_no_show.created");
    String theirs = subscribe(colleague, "user", receiver.url("/theirs"), "k3", "invitee.created");

    book(owner, "pat@example.org");
    awaitAttempt(created, 1, DeliveryAttempt.Outcome.DELIVERED);

    assertThat(receiver.next().path()).isEqualTo("/created");
    assertThat(published).hasSize(1);
    assertThat(published.get(0).targets()).extracting(WebhookEvent.Target::subscription)
        .containsExactly(created)
        .doesNotContain(noShows, theirs);
    assertThat(receiver.waiting()).isZero();
  }

  @Test
  void aFailingReceiverIsRetriedAfterTheBackoffAndThenSucceeds() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String subscription = subscribe(owner, "user", receiver.url("/flaky"), "flaky-key", "invitee.created");
    receiver.answer(500);

    book(owner, "pat@example.org");
    DeliveryAttempt failed = awaitAttempt(subscription, 1, DeliveryAttempt.Outcome.RETRY_SCHEDULED);
    Reply whileRetrying = http.get(subscription, owner.token());
    time.advanceTimeBy(Duration.ofMinutes(1));
    DeliveryAttempt delivered = awaitAttempt(subscription, 2, DeliveryAttempt.Outcome.DELIVERED);

    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.failure()).isEqualTo("HTTP 500");
    assertThat(failed.retryIn()).isEqualTo(Duration.ofMinutes(1));
    assertThat(whileRetrying.resource("retry_started_at")).isEqualTo("2026-03-04T12:00:00.000000Z");
    assertThat(whileRetrying.resource("state")).isEqualTo("active");
    assertThat(delivered.status()).isEqualTo(200);
    assertThat(http.get(subscription, owner.token()).json().path("resource").path("retry_started_at").isNull()).isTrue();
    WebhookReceiver.Delivery first = receiver.next();
    WebhookReceiver.Delivery second = receiver.next();
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(verifies(first, first.body(), "flaky-key")).isTrue();
    assertThat(verifies(second, second.body(), "flaky-key")).isTrue();
  }

  @Test
  void aReceiverThatKeepsFailingGetsItsSubscriptionDisabled() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String subscription = subscribe(owner, "user", receiver.url("/down"), "down-key", "invitee.created");
    receiver.answer(503, 502, 500);

    book(owner, "pat@example.org");
    awaitAttempt(subscription, 1, DeliveryAttempt.Outcome.RETRY_SCHEDULED);
    time.advanceTimeBy(Duration.ofMinutes(1));
    DeliveryAttempt second = awaitAttempt(subscription, 2, DeliveryAttempt.Outcome.RETRY_SCHEDULED);
    time.advanceTimeBy(Duration.ofMinutes(2));
    DeliveryAttempt last = awaitAttempt(subscription, 3, DeliveryAttempt.Outcome.DISABLED);
    book(owner, "sam@example.org");

    assertThat(second.retryIn()).isEqualTo(Duration.ofMinutes(2));
    assertThat(last.status()).isEqualTo(500);
    Reply disabled = http.get(subscription, owner.token());
    assertThat(disabled.resource("state")).isEqualTo("disabled");
    assertThat(disabled.resource("retry_started_at")).isEqualTo("2026-03-04T12:00:00.000000Z");
    assertThat(published).hasSize(2);
    assertThat(published.get(1).targets()).isEmpty();
    assertThat(List.of(receiver.next(), receiver.next(), receiver.next())).extracting(WebhookReceiver.Delivery::path)
        .containsOnly("/down");
  }

  @Test
  void aReceiverAnsweringGoneLosesItsSubscriptionAtOnceWithoutARetry() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String subscription = subscribe(owner, "user", receiver.url("/gone"), "gone-key", "invitee.created");
    receiver.answer(410);

    book(owner, "pat@example.org");
    DeliveryAttempt gone = awaitAttempt(subscription, 1, DeliveryAttempt.Outcome.DELETED);
    time.advanceTimeBy(Duration.ofHours(1));
    book(owner, "sam@example.org");

    assertThat(gone.status()).isEqualTo(410);
    assertThat(gone.retryIn()).isNull();
    assertThat(http.get(subscription, owner.token()).status()).isEqualTo(404);
    assertThat(receiver.next().path()).isEqualTo("/gone");
    assertThat(receiver.waiting()).as("no retry, and nothing for the second booking").isZero();
    assertThat(published.get(1).targets()).isEmpty();
  }

  @Test
  void aRedirectIsAFailedAttemptAndIsNotFollowed() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String subscription = subscribe(owner, "user", receiver.url("/moved"), "moved-key", "invitee.created");
    receiver.redirect(301, "/new-home");

    book(owner, "pat@example.org");
    DeliveryAttempt moved = awaitAttempt(subscription, 1, DeliveryAttempt.Outcome.RETRY_SCHEDULED);
    time.advanceTimeBy(Duration.ofMinutes(1));
    awaitAttempt(subscription, 2, DeliveryAttempt.Outcome.DELIVERED);

    assertThat(moved.status()).isEqualTo(301);
    assertThat(moved.failure()).isEqualTo("HTTP 301");
    assertThat(List.of(receiver.next().path(), receiver.next().path())).containsExactly("/moved", "/moved");
  }

  @Test
  void aSlowOrUnreachableReceiverCountsAsAFailedAttempt() {
    DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow(Duration.ofSeconds(10));
    String unreachable = "http://127.0.0.1:" + closed.port() + "/gone";
    closed.disposeNow(Duration.ofSeconds(5));
    receiver.answer(0);
    SandboxConfig impatient = config()
        .webhookDelivery(WebhookDeliverySettings.defaults().withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(300))
            .withRetries(1, Duration.ofMinutes(1), Duration.ofMinutes(1)))
        .build();
    try (Sandbox other = Sandbox.start(impatient)) {
      sandbox.close();
      sandbox = other;
      http = new SandboxHttp(other.apiBaseUrl());
      SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
      String slow = subscribe(owner, "user", receiver.url("/slow"), "k", "invitee.created");
      String gone = subscribe(owner, "user", unreachable, "k", "invitee.created");

      book(owner, "pat@example.org");
      DeliveryAttempt timedOut = awaitAttempt(slow, 1, DeliveryAttempt.Outcome.DISABLED);
      DeliveryAttempt refused = awaitAttempt(gone, 1, DeliveryAttempt.Outcome.DISABLED);

      assertThat(timedOut.status()).isZero();
      assertThat(timedOut.failure()).startsWith("timeout");
      assertThat(refused.status()).isZero();
      assertThat(refused.failure()).startsWith("I/O error");
    }
  }

  @Test
  void withDeliveryOffTheListenerStillHearsEveryEvent() {
    SandboxConfig quiet = config().webhookDelivery(WebhookDeliverySettings.off()).build();
    try (Sandbox other = Sandbox.start(quiet)) {
      sandbox.close();
      sandbox = other;
      http = new SandboxHttp(other.apiBaseUrl());
      SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
      subscribe(owner, "user", receiver.url("/off"), "k", "invitee.created");

      book(owner, "pat@example.org");

      assertThat(published).hasSize(1);
      assertThat(published.get(0).targets()).hasSize(1);
      assertThat(receiver.waiting()).isZero();
    }
  }
}
