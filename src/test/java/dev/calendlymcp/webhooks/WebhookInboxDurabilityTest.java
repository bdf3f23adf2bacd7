package dev.calendlymcp.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.ChangeKind;
import dev.calendlymcp.changes.InMemoryChangeStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * What the durable inbox promises: a delivery we acknowledged survives {@code kill -9} of the
 * process before it was processed, is processed once after the restart, and a retry of it is still
 * recognised then.
 */
class WebhookInboxDurabilityTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "durability-test-signing-key";
  private static final String BODY = """
      {"event":"invitee.created","created_at":"2026-12-07T05:00:00.000000Z","created_by":"https://api.calendly.com/users/U1",
       "payload":{"uri":"https://api.calendly.com/scheduled_events/EV1/invitees/I1","rescheduled":false,"old_invitee":null,
       "scheduled_event":{"uri":"https://api.calendly.com/scheduled_events/EV1",
       "event_memberships":[{"user":"https://api.calendly.com/users/U1"}]}}}
      """;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dataDir;

  @Test
  void aDeliveryAcknowledgedByAProcessKilledBeforeProcessingIsProcessedOnceAfterTheRestart() throws Exception {
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            ReceiverChild.class.getName(), dataDir.toString(), KEY)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      int port = port(child);
      assertThat(post(port, BODY).statusCode()).isEqualTo(202);
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    ChangeFeed feed = new ChangeFeed(new InMemoryChangeStore());
    try (SqliteWebhookInbox inbox = SqliteWebhookInbox.open(dataDir, Clock.systemUTC());
        WebhookProcessor processor = new WebhookProcessor(inbox, feed, WebhookAccounts.perUser())) {
      WebhookReceiver receiver = new WebhookReceiver(
          WebhookSigningKeys.of(List.of(new WebhookSigningKey(KEY))), inbox, processor::wake, Clock.systemUTC());
      DisposableServer server = HttpServer.create().host("127.0.0.1").port(0).handle(receiver::handle).bindNow();
      try {
        processor.start();
        await(() -> processor.processed() == 1);
        // Calendly never heard our 202 die with the process? It retries; we still know the delivery.
        assertThat(post(server.port(), BODY).statusCode()).isEqualTo(200);
        await(() -> inbox.pending(1).isEmpty());

        List<Change> changes = feed.of("https://api.calendly.com/users/U1").since(0, 10);
        assertThat(changes).singleElement().satisfies(change -> {
          assertThat(change.kind()).isEqualTo(ChangeKind.BOOKED);
          assertThat(change.subjectUri()).isEqualTo("https://api.calendly.com/scheduled_events/EV1");
        });
        assertThat(processor.processed()).isEqualTo(1);
      } finally {
        server.disposeNow();
      }
    }
  }

  @Test
  void theInboxFileIsTheOwnersOnlyAndAProcessedBodyIsErased() throws IOException {
    try (SqliteWebhookInbox inbox = SqliteWebhookInbox.open(dataDir, Clock.systemUTC())) {
      assertThat(inbox.accept(new Delivery("k1", Instant.now(), BODY))).isTrue();
      assertThat(inbox.accept(new Delivery("k1", Instant.now(), BODY))).isFalse();
      assertThat(inbox.pending(10)).extracting(Delivery::key).containsExactly("k1");
      inbox.done("k1");
      assertThat(inbox.pending(10)).isEmpty();
      assertThat(inbox.accept(new Delivery("k1", Instant.now(), BODY))).as("still remembered").isFalse();
    }
    Path file = dataDir.resolve(SqliteWebhookInbox.DATABASE_FILE);
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).doesNotContain("invitees/I1");
  }

  private static int port(Process child) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    assertThat(line).as("the child's first line").startsWith("port ");
    return Integer.parseInt(line.substring("port ".length()).strip());
  }

  private HttpResponse<String> post(int port, String body) throws IOException, InterruptedException {
    String signature = WebhookSignature.sign(new WebhookSigningKey(KEY), Instant.now().getEpochSecond(),
        body.getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WebhookReceiver.PATH))
            .timeout(WAIT)
            .header("Content-Type", "application/json")
            .header(WebhookSignature.HEADER, signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition) {
    Boolean met = Flux.interval(Duration.ZERO, Duration.ofMillis(20))
        .map(tick -> condition.getAsBoolean())
        .filter(Boolean::booleanValue)
        .blockFirst(WAIT);
    assertThat(met).isTrue();
  }
}
