package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.server.HttpMcpServer;
import dev.calendlymcp.webhooks.SqliteWebhookInbox;
import dev.calendlymcp.webhooks.WebhookReceiver;
import dev.calendlymcp.webhooks.WebhookSignature;
import dev.calendlymcp.webhooks.WebhookSigningKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code http}'s flags and variables, run in-process, reach the server they start. */
@Timeout(120)
class HttpCommandTest {

  private static final String TOKEN = "metrics-token-0123456789abcdef";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Runs {@code http} with {@code args} until {@code check} has looked at the started server. */
  private static void whileRunning(Map<String, String> env, Consumer<HttpMcpServer> check, String... args) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Console console = new Console(env, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
        new PrintStream(err, true, StandardCharsets.UTF_8), false);
    CompletableFuture<Void> stop = new CompletableFuture<>();
    CompletableFuture<HttpMcpServer> started = new CompletableFuture<>();
    CommandLine cli = new CommandLine(new HttpCommand(console, stop, running -> started.complete(running.server())));
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute(args));
    exit.thenRun(() -> started.completeExceptionally(new AssertionError("exited: " + err.toString(StandardCharsets.UTF_8))));
    try {
      check.accept(started.get(60, TimeUnit.SECONDS));
    } finally {
      stop.complete(null);
    }
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
  }

  private int status(int port, String path, String authorization) {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(20));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theManagementPortAndTheMetricsTokenReachTheServer() throws Exception {
    whileRunning(Map.of("CALENDLY_MCP_METRICS_TOKEN", TOKEN), server -> {
      int management = server.managementPort().orElseThrow();
      assertThat(status(server.port(), "/metrics", "Bearer " + TOKEN)).isEqualTo(404);
      assertThat(status(management, "/metrics", null)).isEqualTo(401);
      assertThat(status(management, "/metrics", "Bearer " + TOKEN)).isEqualTo(200);
    }, "--sandbox", "--auth", "none", "--port", "0", "--management-port", "0");
  }

  @Test
  void aTrustedProxyMakesTheServerOneThatOtherMachinesReach() throws Exception {
    whileRunning(Map.of(), server -> assertThat(status(server.port(), "/metrics", null)).isEqualTo(200),
        "--sandbox", "--auth", "none", "--port", "0");
    whileRunning(Map.of(), server -> assertThat(status(server.port(), "/metrics", null)).isEqualTo(404),
        "--sandbox", "--auth", "none", "--port", "0", "--trusted-proxy", "127.0.0.1");
  }

  @Test
  void aWebhookSigningKeyTurnsTheWebhookEndpointOnAndADataDirKeepsItsInbox(@TempDir Path dir) throws Exception {
    whileRunning(Map.of(), server -> assertThat(status(server.port(), WebhookReceiver.PATH, null)).isEqualTo(404),
        "--sandbox", "--auth", "none", "--port", "0");

    String key = "operator-chosen-key-0123456789";
    whileRunning(Map.of(WebhookSetup.KEY_ENV, key), server -> {
      byte[] body = "{\"event\":\"invitee_no_show.created\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8);
      assertThat(post(server.port(), body, WebhookSignature.sign(
          new WebhookSigningKey(key), Instant.now().getEpochSecond(), body))).isEqualTo(202);
    }, "--sandbox", "--auth", "none", "--port", "0");

    Path keyFile = Files.writeString(dir.resolve("signing.key"), key + "\n");
    Path data = dir.resolve("data");
    whileRunning(Map.of(), server -> assertThat(status(server.port(), WebhookReceiver.PATH, null)).isEqualTo(405),
        "--sandbox", "--auth", "none", "--port", "0", "--webhook-signing-key-file", keyFile.toString(),
        "--data-dir", data.toString());
    assertThat(data.resolve(SqliteWebhookInbox.DATABASE_FILE)).exists();
  }

  private int post(int port, byte[] body, String signature) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + WebhookReceiver.PATH))
              .timeout(Duration.ofSeconds(20))
              .header(WebhookSignature.HEADER, signature)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
