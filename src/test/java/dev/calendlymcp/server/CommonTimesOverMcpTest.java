package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.tools.Toolset;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code find_common_times} through the production stdio path, the SDK's client on one end and
 * the sandbox as Calendly on the other: the owner in New York and the admin in London, whose
 * working hours overlap for three hours each weekday.
 */
class CommonTimesOverMcpTest {

  private Sandbox sandbox;
  private LazyCalendlyAccess access;
  private InProcessServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (access != null) {
      access.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void anAvailabilityClientFindsWhenTheOwnerAndTheAdminAreBothFree() {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    SeededUser owner = sandbox.user(Plan.FREE, Role.OWNER);
    SeededUser admin = sandbox.user(Plan.FREE, Role.ADMIN);
    access = SandboxAccess.of(sandbox, owner);
    server = new InProcessServer(new ServerSettings(
        ToolCatalog.build(new ToolOptions(EnumSet.of(Toolset.AVAILABILITY), false)), "test",
        Duration.ofSeconds(20), Clock.systemUTC()), access);
    McpAsyncClient client = server.client();

    CallToolResult result = client.callTool(CallToolRequest.builder("find_common_times")
            .arguments(Map.of("people", List.of("me", admin.email()), "duration_minutes", 30, "end_time",
                Instant.now().plus(Duration.ofDays(14)).toString()))
            .build())
        .block(Duration.ofSeconds(20));

    String text = ((McpSchema.TextContent) result.content().get(0)).text();
    assertThat(result.isError()).as(text).isFalse();
    @SuppressWarnings("unchecked")
    Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
    assertThat((List<?>) structured.get("windows")).isNotEmpty();
    assertThat(structured.get("complete")).isEqualTo(true);
    assertThat(text).contains("you, " + admin.name() + " are all free for 30 minutes");
    // Two people, two 7-day windows each: the range starts just after now and ends 14 days from now.
    assertThat(sandbox.stats().count("GET /user_busy_times")).isEqualTo(4);
  }
}
