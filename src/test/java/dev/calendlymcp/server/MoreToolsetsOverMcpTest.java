package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.call;
import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The off-by-default toolsets through the production stdio path, with the SDK's own client on the
 * other end and the sandbox as Calendly: what a client sees with {@code --toolsets all}, with
 * {@code --read-only}, and that structured results and error results survive the trip.
 */
class MoreToolsetsOverMcpTest {

  private Sandbox sandbox;
  private LazyCalendlyAccess access;
  private InProcessServer server;

  private McpAsyncClient start(SeededUser user, ToolOptions options) {
    access = SandboxAccess.of(sandbox, user);
    ServerSettings settings =
        new ServerSettings(ToolCatalog.build(options), "test", Duration.ofSeconds(20), Clock.systemUTC());
    server = new InProcessServer(settings, access);
    return server.client();
  }

  private McpAsyncClient startSandbox(Plan plan, Role role, ToolOptions options) {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    return start(sandbox.user(plan, role), options);
  }

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
  void allToolsetsOfferTheirToolsWithOutputSchemasAndStructuredResults() {
    McpAsyncClient client = startSandbox(Plan.TEAMS, Role.OWNER, ToolOptions.everything());

    List<McpSchema.Tool> tools = client.listTools().block(Duration.ofSeconds(5)).tools();
    assertThat(tools).extracting(McpSchema.Tool::name).contains(
        "get_user_busy_times", "list_availability_schedules", "get_availability_schedule",
        "list_event_invitees", "get_invitee", "get_user",
        "list_memberships", "get_membership", "remove_member", "list_invitations", "get_invitation",
        "invite_user", "revoke_invitation",
        "list_webhook_subscriptions", "get_webhook_subscription", "create_webhook_subscription",
        "delete_webhook_subscription", "create_one_off_event_type", "delete_invitee_data");
    assertThat(tools).allSatisfy(tool -> assertThat(tool.outputSchema()).isNotNull());
    assertThat(client.getCurrentInitializationResult().instructions()).contains("create_one_off_event_type makes a link");

    String start = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    String end = Instant.now().plus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
    CallToolResult busy = call(client, "get_user_busy_times", Map.of("start_time", start, "end_time", end));
    assertThat(busy.isError()).as(text(busy)).isFalse();
    assertThat(busy.structuredContent()).isInstanceOf(Map.class);
    assertThat(sandbox.stats().count("GET /user_busy_times")).isEqualTo(2);

    CallToolResult members = call(client, "list_memberships", Map.of("role", "owner"));
    assertThat(members.isError()).as(text(members)).isFalse();
    assertThat(text(members)).startsWith("1 membership:");
  }

  @Test
  void aRefusalArrivesAsAnErrorResultWithTheNextStepAndTheServerKeepsServing() {
    McpAsyncClient client = startSandbox(Plan.FREE, Role.OWNER, ToolOptions.everything());

    CallToolResult refused = call(client, "delete_invitee_data", Map.of("emails", List.of("gone@example.org")));
    CallToolResult badEnum = call(client, "list_memberships", Map.of("role", "superuser"));
    CallToolResult fine = call(client, "get_user", Map.of("user", sandbox.user(Plan.FREE, Role.OWNER).userUri()));

    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).contains("403", "Enterprise");
    assertThat(refused.structuredContent()).isNull();
    assertThat(badEnum.isError()).isTrue();
    assertThat(text(badEnum)).startsWith("Invalid arguments for list_memberships:").contains("role");
    assertThat(fine.isError()).isFalse();
  }

  @Test
  void readOnlyDropsEveryToolThatChangesCalendly() {
    McpAsyncClient client = startSandbox(Plan.TEAMS, Role.OWNER, new ToolOptions(EnumSet.allOf(Toolset.class), true));

    List<McpSchema.Tool> tools = client.listTools().block(Duration.ofSeconds(5)).tools();

    assertThat(tools).extracting(McpSchema.Tool::name)
        .contains("get_user_busy_times", "list_memberships", "list_webhook_subscriptions")
        .doesNotContain("remove_member", "invite_user", "revoke_invitation", "create_webhook_subscription",
            "delete_webhook_subscription", "create_one_off_event_type", "delete_invitee_data");
    assertThat(tools).allSatisfy(tool -> assertThat(tool.annotations().readOnlyHint()).isTrue());
    assertThat(client.getCurrentInitializationResult().instructions()).doesNotContain("create_one_off_event_type");
    assertThatThrownBy(() -> call(client, "remove_member", Map.of("membership", "ABC")))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("changes data and this server runs with --read-only");
    assertThat(sandbox.stats().total()).isZero();
  }
}
