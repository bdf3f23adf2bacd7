package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SDK's own Streamable HTTP client against the transport: what real clients do, end to end. */
@Timeout(30)
class SdkClientOverHttpTest {

  private final McpHttpFixture fixture = new McpHttpFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private McpSyncClient client(String principal, LinkedBlockingQueue<McpSchema.ProgressNotification> progress,
      LinkedBlockingQueue<McpSchema.LoggingMessageNotification> logs) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(fixture.baseUrl())
        .endpoint("/mcp")
        .jsonMapper(fixture.mapper)
        .requestBuilder(HttpRequest.newBuilder().header(McpHttpFixture.PRINCIPAL_HEADER, principal))
        .build();
    return McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("sdk-client", "1").build())
        .requestTimeout(Duration.ofSeconds(10))
        .progressConsumer(progress::add)
        .loggingConsumer(logs::add)
        .build();
  }

  @Test
  void theSdkClientInitializesListsCallsWithProgressAndDeletesItsSessionOnClose() throws InterruptedException {
    LinkedBlockingQueue<McpSchema.ProgressNotification> progress = new LinkedBlockingQueue<>();
    McpSyncClient client = client("alice", progress, new LinkedBlockingQueue<>());

    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
    assertThat(init.serverInfo().name()).isEqualTo("transport-test");
    assertThat(fixture.provider.sessionCount()).isEqualTo(1);

    assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("probe", "probe_gate", "probe_large", "probe_throw");

    McpSchema.CallToolResult result =
        client.callTool(McpSchema.CallToolRequest.builder("probe").arguments(Map.of())
            .progressToken("token-1").build());
    assertThat(((McpSchema.TextContent) result.content().get(0)).text())
        .as("the caller's context reaches the tool handler").isEqualTo("principal=alice");
    // The client hands notifications to its consumers on another thread than the result's: the
    // progress sent before the result may reach the consumer just after it.
    McpSchema.ProgressNotification reported = progress.poll(10, TimeUnit.SECONDS);
    assertThat(reported).isNotNull().satisfies(p -> {
      assertThat(p.progressToken()).isEqualTo("token-1");
      assertThat(p.message()).isEqualTo("half way");
    });
    assertThat(progress).isEmpty();

    assertThat(client.closeGracefully()).isTrue();
    assertThat(fixture.provider.sessionCount()).as("close sends DELETE").isZero();
  }

  @Test
  void serverNotificationsReachTheClientOnItsListeningStream() throws InterruptedException {
    LinkedBlockingQueue<McpSchema.LoggingMessageNotification> logs = new LinkedBlockingQueue<>();
    McpSyncClient client = client("bob", new LinkedBlockingQueue<>(), logs);
    client.initialize();
    // The client opens its GET stream once "initialized" is accepted; a ping round trip later it is there.
    client.ping();

    McpSchema.LoggingMessageNotification sent =
        McpSchema.LoggingMessageNotification.builder(McpSchema.LoggingLevel.WARNING, "calendar changed").build();
    McpSchema.LoggingMessageNotification received = null;
    for (int attempt = 0; attempt < 50 && received == null; attempt++) {
      fixture.provider.notifyClients(McpSchema.METHOD_NOTIFICATION_MESSAGE, sent).block(Duration.ofSeconds(5));
      received = logs.poll(100, TimeUnit.MILLISECONDS);
    }

    assertThat(received).isNotNull();
    assertThat(received.data()).isEqualTo("calendar changed");
    client.closeGracefully();
  }
}
