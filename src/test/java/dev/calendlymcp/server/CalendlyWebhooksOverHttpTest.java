package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.EventTypeQuery;
import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.ChangeKind;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.DeliveryAttempt;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.testing.CapturedLogs;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.webhooks.CacheInvalidation;
import dev.calendlymcp.webhooks.SqliteWebhookInbox;
import dev.calendlymcp.webhooks.WebhookAccounts;
import dev.calendlymcp.webhooks.WebhookInbox;
import dev.calendlymcp.webhooks.WebhookProcessor;
import dev.calendlymcp.webhooks.WebhookReceiver;
import dev.calendlymcp.webhooks.WebhookSignature;
import dev.calendlymcp.webhooks.WebhookSigningKey;
import dev.calendlymcp.webhooks.WebhookSigningKeys;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calendly's webhooks end to end: the sandbox books, cancels and reschedules, signs its deliveries
 * and POSTs them to our HTTP server's {@code /webhooks/calendly}; an MCP session subscribed over the
 * real Streamable HTTP transport hears of each change and reads it. Then the deliveries a receiver
 * must refuse or ignore, sent by hand.
 */
class CalendlyWebhooksOverHttpTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String KEY = "sandbox-signing-key-5f1c0d2e9a";
  private static final String RETIRED_KEY = "a-key-of-a-subscription-given-up";
  private static final String UPCOMING = "calendly://me/upcoming";

  private final JsonMapper json = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ChangeFeed feed = new ChangeFeed(new InMemoryChangeStore());
  private final LinkedBlockingQueue<String> updates = new LinkedBlockingQueue<>();
  @TempDir
  Path dataDir;
  private Sandbox sandbox;
  private SeededUser user;
  private LazyCalendlyAccess access;
  private WebhookInbox inbox;
  private WebhookProcessor processor;
  private HttpMcpServer server;
  private McpAsyncClient client;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(7).webhookDelivery(WebhookDeliverySettings.defaults()).build());
    user = sandbox.user(Plan.TEAMS, Role.OWNER);
    URI base = URI.create(sandbox.apiBaseUrl());
    ClientOptions options = ClientOptions.defaults();
    access = new LazyCalendlyAccess(
        () -> new LazyCalendlyAccess.Target(
            CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base),
            AccessToken.of(user.token()), Optional.empty(), () -> {}),
        () -> options,
        "Ask the user for a new token.");
    // Before the server's own listener, so that a session told of a change reads past the cache.
    CacheInvalidation caches = CacheInvalidation.local(options.cache());
    feed.listen(caches::changed);
    inbox = SqliteWebhookInbox.open(dataDir, Clock.systemUTC());
    processor = new WebhookProcessor(inbox, feed, WebhookAccounts.single(LiveResources.LOCAL_ACCOUNT)).start();
    WebhookReceiver receiver = new WebhookReceiver(
        WebhookSigningKeys.of(List.of(new WebhookSigningKey(KEY))), inbox, processor::wake, Clock.systemUTC())
        .alsoAccepting(new WebhookSigningKeys() {
          @Override
          public List<WebhookSigningKey> candidates() {
            return List.of();
          }

          @Override
          public List<WebhookSigningKey> retired() {
            return List.of(new WebhookSigningKey(RETIRED_KEY));
          }
        });
    ServerSettings settings = new ServerSettings(
        ToolCatalog.build(ToolOptions.defaults()), "test", Duration.ofSeconds(20), Clock.systemUTC());
    server = HttpMcpServer.start(HttpSettings.of("127.0.0.1", 0, Optional.empty()), settings,
        publicUrl -> HttpGate.open(AccessResolver.fixed(access)), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        feed, LiveSettings.defaults(), Optional.of(receiver));
    client = McpClient.async(HttpClientStreamableHttpTransport.builder(server.publicUrl().toString()).endpoint("/mcp").build())
        .clientInfo(McpSchema.Implementation.builder("webhooks-test", "1").build())
        .requestTimeout(WAIT)
        .resourcesUpdateConsumer(contents -> {
          contents.forEach(content -> updates.add(content.uri()));
          return Mono.empty();
        })
        .build();
    client.initialize().block(WAIT);
  }

  @AfterEach
  void stop() {
    client.closeGracefully().block(WAIT);
    server.close();
    processor.close();
    inbox.close();
    access.close();
    sandbox.close();
  }

  @Test
  void aBookingMadeAtCalendlyReachesASubscribedSessionWhichThenReadsIt() throws InterruptedException {
    subscribeAtCalendly();
    client.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build()).block(WAIT);
    // Read once, so that the cache holds the calendar as it was before the booking.
    read(UPCOMING);

    JsonNode booked = book(slots().get(0));

    assertThat(updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(UPCOMING);
    assertThat(read(UPCOMING).toString()).contains(booked.path("event").asString());
    assertThat(changes()).singleElement().satisfies(change -> {
      assertThat(change.kind()).isEqualTo(ChangeKind.BOOKED);
      assertThat(change.subjectUri()).isEqualTo(booked.path("event").asString());
    });
  }

  @Test
  void aCancellationAtCalendlyReachesTheSessionAndTheEventReadsCanceled() throws InterruptedException {
    subscribeAtCalendly();
    JsonNode booked = book(slots().get(0));
    String event = booked.path("event").asString();
    String resource = "calendly://events/" + event.substring(event.lastIndexOf('/') + 1);
    awaitChanges(1);
    client.subscribeResource(McpSchema.SubscribeRequest.builder(resource).build()).block(WAIT);
    assertThat(read(resource).toString()).contains("\"active\"");

    assertThat(send(HttpRequest.newBuilder(URI.create(event + "/cancellation"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"Conflict\"}"))).statusCode()).isEqualTo(201);

    assertThat(updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(resource);
    assertThat(read(resource).toString()).contains("\"canceled\"");
    assertThat(changes()).extracting(Change::kind).containsExactly(ChangeKind.BOOKED, ChangeKind.CANCELED);
  }

  @Test
  void aRescheduleIsOneChangeLinkingTheOldAndNewBookings() throws InterruptedException {
    subscribeAtCalendly();
    List<String> slots = slots();
    JsonNode booked = book(slots.get(0));
    awaitChanges(1);
    client.subscribeResource(McpSchema.SubscribeRequest.builder(UPCOMING).build()).block(WAIT);
    String oldInvitee = booked.path("uri").asString();

    HttpResponse<String> moved = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/_sandbox/reschedulings/"
            + oldInvitee.substring(oldInvitee.lastIndexOf('/') + 1)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"start_time\":\"" + slots.get(3) + "\"}")));
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(201);
    JsonNode newInvitee = json.readTree(moved.body()).path("resource");

    assertThat(updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(UPCOMING);
    // Both halves delivered and acknowledged: the second one was recognised, not processed.
    sandbox.webhookDeliveries().filter(a -> a.outcome() == DeliveryAttempt.Outcome.DELIVERED).take(3).blockLast(WAIT);
    awaitQuiet();
    assertThat(changes()).hasSize(2).last().satisfies(change -> {
      assertThat(change.kind()).isEqualTo(ChangeKind.RESCHEDULED);
      assertThat(change.subjectUri()).isEqualTo(booked.path("event").asString());
      assertThat(change.oldInviteeUri()).contains(oldInvitee);
      assertThat(change.newInviteeUri()).contains(newInvitee.path("uri").asString());
      assertThat(change.newEventUri()).contains(newInvitee.path("event").asString());
    });
    assertThat(read(UPCOMING).toString())
        .contains(newInvitee.path("event").asString())
        .doesNotContain(booked.path("event").asString());
  }

  @Test
  void badDeliveriesAreRefusedWithTheRightStatusAndNothingIsProcessedTwice() throws IOException {
    String body = delivery("invitee.created", "https://api.calendly.com/scheduled_events/EV1/invitees/I1");
    long now = Instant.now().getEpochSecond();
    try (CapturedLogs logs = CapturedLogs.start()) {
      assertThat(post(body, WebhookSignature.sign(new WebhookSigningKey("not-our-key"), now, bytes(body))).statusCode())
          .as("wrong signature").isEqualTo(401);
      // Ten seconds past the 180 s tolerance: `now` is cut to whole seconds and the server reads its
      // clock later, so one second past it was inside the tolerance whenever a second ticked over between.
      assertThat(post(body, sign(now - 190, body)).statusCode()).as("stale timestamp").isEqualTo(401);
      assertThat(post(body, sign(now + 190, body)).statusCode()).as("timestamp from the future").isEqualTo(401);
      assertThat(post(body, null).statusCode()).as("missing header").isEqualTo(400);
      assertThat(post(body, "v1=abc").statusCode()).as("malformed header").isEqualTo(400);
      assertThat(post(body.replace("EV1", "EV2"), sign(now, body)).statusCode()).as("tampered body").isEqualTo(401);
      assertThat(post("{\"event\":", sign(now, "{\"event\":")).statusCode()).as("signed but not JSON").isEqualTo(400);
      assertThat(post("[1,2]", sign(now, "[1,2]")).statusCode()).as("signed JSON, not a delivery").isEqualTo(400);
      assertThat(declaredTenMegabytes()).as("10 MB declared").startsWith("HTTP/1.1 413");
      assertThat(streamedTwoMegabytes()).as("2 MB streamed without a length").startsWith("HTTP/1.1 413");

      assertThat(post(body, sign(now, body)).statusCode()).as("first delivery").isEqualTo(202);
      assertThat(post(body, sign(now + 30, body)).statusCode()).as("Calendly's retry").isEqualTo(200);
      assertThat(post(body, sign(now, body)).statusCode()).as("a replay of the same request").isEqualTo(200);
      awaitQuiet();

      assertThat(processor.processed()).isEqualTo(1);
      assertThat(changes()).singleElement().extracting(Change::kind).isEqualTo(ChangeKind.BOOKED);
      assertThat(send(HttpRequest.newBuilder(URI.create(server.publicUrl() + "/healthz")).GET()).statusCode())
          .as("the server stays up").isEqualTo(200);
      List<String> lines = logs.events().stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).anyMatch(line -> line.contains("matches no signing key"))
          .anyMatch(line -> line.contains("more than 3 minutes"))
          .anyMatch(line -> line.contains("no Calendly-Webhook-Signature"));
      assertThat(String.join("\n", lines))
          .doesNotContain(KEY, "not-our-key", "EV1", "Pat Doe", "pat@example.org")
          .doesNotContainPattern("v1=[0-9a-f]{8}");
    }
  }

  @Test
  void aDeliveryForASubscriptionTheServerGaveUpIsAnswered410AndNotProcessed() {
    String body = delivery("invitee.created", "https://api.calendly.com/scheduled_events/EV9/invitees/I9");
    long now = Instant.now().getEpochSecond();

    int status = post(body, WebhookSignature.sign(new WebhookSigningKey(RETIRED_KEY), now, bytes(body))).statusCode();
    awaitQuiet();

    assertThat(status).as("410 tells Calendly to delete the subscription").isEqualTo(410);
    assertThat(processor.processed()).isZero();
  }

  @Test
  void anEventTypeEditedAtCalendlyIsOneChangeAndTheNextReadSkipsTheCache() {
    subscribeAtCalendly("event_type.updated", "contact.created");
    String eventType = json.readTree(get("/event_types?user=" + q(user.userUri()))).path("collection").valueStream()
        .filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    // Read once through the server's client, so that its cache holds the old name.
    assertThat(access.client().eventTypes().get(eventType).block(WAIT).name()).isEqualTo("30 Minute Meeting");

    HttpResponse<String> renamed = send(HttpRequest.newBuilder(URI.create(eventType))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\": \"Half-hour chat\"}")));
    HttpResponse<String> contact = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/contacts"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada\", \"emails\": [{\"email\": \"ada@example.org\"}]}")));
    assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
    assertThat(contact.statusCode()).as(contact.body()).isEqualTo(201);
    sandbox.webhookDeliveries().filter(a -> a.outcome() == DeliveryAttempt.Outcome.DELIVERED).take(2).blockLast(WAIT);
    awaitChanges(1);
    awaitQuiet();

    // The contact delivery is acknowledged but changes no calendar resource.
    assertThat(changes()).singleElement().satisfies(change -> {
      assertThat(change.kind()).isEqualTo(ChangeKind.EVENT_TYPE_CHANGED);
      assertThat(change.subjectUri()).isEqualTo(eventType);
    });
    assertThat(access.client().eventTypes().get(eventType).block(WAIT).name()).isEqualTo("Half-hour chat");
  }

  @Test
  void anEventTypeDeletedAtCalendlyLeavesTheNextListingAndNewRecapsAndFormSubmissionsAreAcknowledgedQuietly() {
    subscribeAtCalendly("event_type.deleted", "meeting_recap.created");
    subscribeOrganizationAtCalendly("routing_form_submission.created");
    EventTypeQuery mine = EventTypeQuery.forUser(URI.create(user.userUri()));
    String eventType = json.readTree(get("/event_types?user=" + q(user.userUri()))).path("collection").valueStream()
        .filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    // Listed once through the server's client, so that its cache holds the event type.
    assertThat(access.client().eventTypes().listAll(mine, 100).map(t -> t.uri().toString()).collectList().block(WAIT))
        .contains(eventType);

    HttpResponse<String> deleted = send(HttpRequest.newBuilder(URI.create(
        sandbox.apiBaseUrl() + "/_sandbox/event_types/" + eventType.substring(eventType.lastIndexOf('/') + 1))).DELETE());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    // A seeded recap of a past meeting goes (unsubscribed), and Notetaker makes it again.
    JsonNode recap = json.readTree(get("/meeting_recaps?organization=" + q(user.organizationUri())))
        .path("collection").get(0);
    String host = json.readTree(get(recap.path("event").asString().substring(sandbox.apiBaseUrl().length())))
        .path("resource").path("event_memberships").get(0).path("user").asString();
    if (!host.equals(user.userUri())) {
      subscribeForUserAtCalendly(host, "meeting_recap.created");
    }
    HttpResponse<String> gone = send(HttpRequest.newBuilder(URI.create(recap.path("uri").asString()))
        .header("Authorization", "Bearer " + user.token()).DELETE());
    assertThat(gone.statusCode()).as(gone.body()).isEqualTo(204);
    HttpResponse<String> remade = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/_sandbox/meeting_recaps"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"event\": \"" + recap.path("event").asString() + "\"}")));
    assertThat(remade.statusCode()).as(remade.body()).isEqualTo(201);
    JsonNode form = json.readTree(get("/routing_forms?organization=" + q(user.organizationUri()))).path("collection").get(0);
    JsonNode question = form.path("questions").get(0);
    HttpResponse<String> submitted = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/_sandbox/routing_form_submissions"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"form": "%s", "answers": {"%s": "%s"}}""".formatted(form.path("uri").asString(),
            question.path("uuid").asString(), question.path("answer_choices").get(0).asString()))));
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
    sandbox.webhookDeliveries().filter(a -> a.outcome() == DeliveryAttempt.Outcome.DELIVERED).take(3).blockLast(WAIT);
    awaitChanges(1);
    awaitQuiet();

    assertThat(processor.processed()).isEqualTo(3);
    // The recap and the submission are acknowledged but change no calendar resource.
    assertThat(changes()).singleElement().satisfies(change -> {
      assertThat(change.kind()).isEqualTo(ChangeKind.EVENT_TYPE_CHANGED);
      assertThat(change.subjectUri()).isEqualTo(eventType);
    });
    assertThat(access.client().eventTypes().listAll(mine, 100).map(t -> t.uri().toString()).collectList().block(WAIT))
        .isNotEmpty().doesNotContain(eventType);
  }

  @Test
  void aGetOrAWebhookPathWithoutAReceiverIsNotADelivery() {
    assertThat(send(HttpRequest.newBuilder(URI.create(server.publicUrl() + WebhookReceiver.PATH)).GET()).statusCode())
        .isEqualTo(405);
  }

  private void subscribeAtCalendly() {
    subscribeAtCalendly("invitee.created", "invitee.canceled");
  }

  private void subscribeAtCalendly(String... events) {
    subscribeForUserAtCalendly(user.userUri(), events);
  }

  /** A user-scoped subscription for {@code userUri}, made by our user (an owner may make them for anyone). */
  private void subscribeForUserAtCalendly(String userUri, String... events) {
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/webhook_subscriptions"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"url": "%s", "events": ["%s"], "organization": "%s", "scope": "user",
             "user": "%s", "signing_key": "%s"}
            """.formatted(server.publicUrl() + WebhookReceiver.PATH, String.join("\", \"", events),
                user.organizationUri(), userUri, KEY))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private void subscribeOrganizationAtCalendly(String... events) {
    HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/webhook_subscriptions"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"url": "%s", "events": ["%s"], "organization": "%s", "scope": "organization", "signing_key": "%s"}
            """.formatted(server.publicUrl() + WebhookReceiver.PATH, String.join("\", \"", events),
                user.organizationUri(), KEY))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private List<String> slots() {
    String eventType = json.readTree(get("/event_types?user=" + q(user.userUri()))).path("collection").valueStream()
        .filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    Instant now = Instant.now();
    return json.readTree(get("/event_type_available_times?event_type=" + q(eventType) + "&start_time="
            + q(now.plus(Duration.ofHours(1)).toString()) + "&end_time=" + q(now.plus(Duration.ofDays(6)).toString())))
        .path("collection").valueStream().map(slot -> slot.path("start_time").asString()).toList();
  }

  /** Books through the sandbox's own API, as the invitee's booking page would; returns the invitee. */
  private JsonNode book(String start) {
    String eventType = json.readTree(get("/event_types?user=" + q(user.userUri()))).path("collection").valueStream()
        .filter(t -> t.path("name").asString().equals("30 Minute Meeting")).findFirst().orElseThrow()
        .path("uri").asString();
    HttpResponse<String> booked = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/invitees"))
        .header("Authorization", "Bearer " + user.token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"event_type": "%s", "start_time": "%s", "invitee": {"name": "Pat Doe", "email": "pat@example.org", "timezone": "UTC"}}
            """.formatted(eventType, start))));
    assertThat(booked.statusCode()).as(booked.body()).isEqualTo(201);
    return json.readTree(booked.body()).path("resource");
  }

  private List<Change> changes() {
    return feed.of(LiveResources.LOCAL_ACCOUNT).since(0, 100);
  }

  private void awaitChanges(int count) {
    await(() -> changes().size() >= count, "waiting for " + count + " changes");
  }

  /** Waits until the processor has nothing pending. */
  private void awaitQuiet() {
    await(() -> inbox.pending(1).isEmpty(), "waiting for the inbox to drain");
  }

  private static void await(java.util.function.BooleanSupplier condition, String what) {
    Boolean met = reactor.core.publisher.Flux.interval(Duration.ZERO, Duration.ofMillis(20))
        .map(tick -> condition.getAsBoolean())
        .filter(Boolean::booleanValue)
        .blockFirst(WAIT);
    assertThat(met).as(what).isTrue();
  }

  private JsonNode read(String uri) {
    McpSchema.ReadResourceResult result = client.readResource(McpSchema.ReadResourceRequest.builder(uri).build()).block(WAIT);
    return json.readTree(((McpSchema.TextResourceContents) result.contents().get(0)).text());
  }

  private String delivery(String event, String invitee) {
    String meeting = invitee.substring(0, invitee.indexOf("/invitees/"));
    return """
        {"event":"%s","created_at":"2026-12-07T05:00:00.000000Z","created_by":"https://api.calendly.com/users/U1",
         "payload":{"uri":"%s","name":"Pat Doe","email":"pat@example.org","rescheduled":false,"old_invitee":null,
         "new_invitee":null,"scheduled_event":{"uri":"%s","status":"active"}}}
        """.formatted(event, invitee, meeting);
  }

  private static String sign(long epochSeconds, String body) {
    return WebhookSignature.sign(new WebhookSigningKey(KEY), epochSeconds, bytes(body));
  }

  private static byte[] bytes(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> post(String body, String signature) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.publicUrl() + WebhookReceiver.PATH))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header(WebhookSignature.HEADER, signature);
    }
    return send(request);
  }

  /** Declares 10 MB, sends a little, and reads the answer: it must come without the rest. */
  private String declaredTenMegabytes() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
          + "\r\nContent-Type: application/json\r\n" + WebhookSignature.HEADER + ": " + sign(Instant.now().getEpochSecond(), "{}")
          + "\r\nContent-Length: " + (10 * 1024 * 1024) + "\r\n\r\n{\"event\":").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return statusLine(socket.getInputStream());
    }
  }

  /** Streams 2 MB in chunks without a length, from another thread, and reads the answer. */
  private String streamedTwoMegabytes() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout((int) WAIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(("POST " + WebhookReceiver.PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
          + "\r\nContent-Type: application/json\r\n" + WebhookSignature.HEADER + ": " + sign(Instant.now().getEpochSecond(), "{}")
          + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try {
          for (int i = 0; i < 32; i++) {
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          // The server may close the connection once it has answered 413: that is the point.
        }
      });
      writer.start();
      return statusLine(socket.getInputStream());
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\r') {
      line.append((char) c);
    }
    return line.toString();
  }

  private String get(String pathAndQuery) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + pathAndQuery))
        .header("Authorization", "Bearer " + user.token()).GET());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
