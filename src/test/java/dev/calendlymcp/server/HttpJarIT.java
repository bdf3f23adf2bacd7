package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote server through the built jar, as an operator runs it: {@code java -jar
 * calendly-mcp.jar http --sandbox --auto-approve --port 0} as a child process; a client discovers,
 * registers, signs in and calls a tool over HTTP; revocation locks it out; SIGTERM stops the
 * server; and its debug log never holds a token.
 */
@Timeout(90)
class HttpJarIT {

  @TempDir Path logs;

  @Test
  void anAgentSignsInToTheBuiltJarCallsAToolAndIsLockedOutAfterRevoking() throws Exception {
    SeededUser owner;
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
      owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    }
    Path jar = Path.of(System.getProperty("calendly-mcp.jar", "target/calendly-mcp.jar"));
    Path stderr = logs.resolve("stderr.log");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
        "http", "--sandbox", "--auto-approve", "--port", "0"));
    builder.environment().put("CALENDLY_MCP_LOG_LEVEL", "DEBUG");
    builder.redirectError(stderr.toFile());
    Process server = builder.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("MCP endpoint: ");
      URI mcp = URI.create(line.substring("MCP endpoint: ".length()));

      OAuthDance dance = new OAuthDance(mcp);
      OAuthDance.Discovery discovery = dance.discover();
      OAuthDance.Tokens tokens = dance.signIn("jar-it", owner.email());
      McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(mcp.resolve("/").toString())
              .endpoint("/mcp")
              .addHttpRequestCustomizer((request, method, uri, body, context) ->
                  request.setHeader("Authorization", "Bearer " + tokens.accessToken()))
              .build())
          .clientInfo(McpSchema.Implementation.builder("http-jar-it", "1").build())
          .requestTimeout(Duration.ofSeconds(30))
          .build();
      client.initialize();
      McpSchema.CallToolResult whoami = client.callTool(CallToolRequest.builder("whoami").build());
      assertThat(whoami.isError()).isFalse();
      assertThat(whoami.structuredContent().toString()).contains(owner.email());
      client.close();

      // The jar ships Prometheus's text format only (pom.xml): a scrape must still be answered.
      var scrape = dance.send(HttpRequest.newBuilder(mcp.resolve("/metrics")).GET());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("# TYPE ");

      assertThat(dance.revoke(discovery, tokens.clientId(), tokens.refreshToken()).statusCode()).isEqualTo(200);
      assertThat(dance.send(HttpRequest.newBuilder(mcp)
          .header("Authorization", "Bearer " + tokens.accessToken())
          .header("Content-Type", "application/json")
          .header("Accept", "application/json, text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(401);

      server.destroy();
      assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("SIGTERM stops the server").isTrue();
      String log = Files.readString(stderr);
      assertThat(log).contains("Serving MCP at")
          .doesNotContain(tokens.accessToken())
          .doesNotContain(tokens.refreshToken())
          .doesNotContain(owner.token());
    } finally {
      server.destroyForcibly();
    }
  }
}
