package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditQuery;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.audit.JsonLinesAuditLog;
import dev.calendlymcp.audit.PiiMode;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.policy.ResourceGrant;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.micrometer.core.instrument.Metrics;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every call through the production stdio path leaves one record in the audit file: allowed ones
 * with the Calendly requests they made, denied ones as denied with none, and no record holds the
 * token the server acted with.
 */
@Timeout(120)
class AuditedCallsTest {

  @TempDir Path dataDir;

  private Sandbox sandbox;
  private LazyCalendlyAccess access;
  private InProcessServer server;
  private JsonLinesAuditLog auditLog;

  private McpAsyncClient start(SeededUser user, Policy policy, PiiMode pii) {
    access = SandboxAccess.of(sandbox, user);
    auditLog = JsonLinesAuditLog.open(dataDir.resolve("audit"), JsonLinesAuditLog.DEFAULT_RETENTION, Clock.systemUTC());
    ServerSettings settings =
        new ServerSettings(ToolCatalog.build(ToolOptions.everything()), "test", Duration.ofSeconds(30), Clock.systemUTC())
            .withPolicies(AgentPolicies.fixed(policy))
            .withAudit(new AuditSettings(auditLog, pii));
    server = new InProcessServer(settings, access);
    return server.client();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (access != null) {
      access.close();
    }
    if (auditLog != null) {
      auditLog.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private static CallToolResult call(McpAsyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build()).block(Duration.ofSeconds(30));
  }

  @Test
  void aReadOnlyAgentsBookingAndCancelAreAuditedAsDeniedWithNoCalendlyRequest() {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    Policy readOnly = Policy.denyAll()
        .with(PolicyResource.EVENT_TYPES, ResourceGrant.of(AccessLevel.READ))
        .with(PolicyResource.MEETINGS, ResourceGrant.of(AccessLevel.READ));
    McpAsyncClient client = start(sandbox.user(Plan.TEAMS, Role.OWNER), readOnly, PiiMode.MASK);
    String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();

    CallToolResult listed = call(client, "list_event_types", Map.of());
    CallToolResult booked = call(client, "book_meeting", Map.of("event_type", "Intro call", "start_time", tomorrow,
        "invitee_name", "Jane Doe", "invitee_email", "jane@example.com"));
    CallToolResult cancelled = call(client, "cancel_event", Map.of("event", "https://api.calendly.com/scheduled_events/X"));
    CallToolResult invalid = call(client, "list_event_types", Map.of("count", "many"));

    assertThat(listed.isError()).isFalse();
    assertThat(booked.isError()).isTrue();
    assertThat(cancelled.isError()).isTrue();
    assertThat(invalid.isError()).isTrue();
    assertThat(sandbox.stats().count("POST /invitees")).isZero();
    assertThat(sandbox.stats().count("POST /scheduled_events/{uuid}/cancellation")).isZero();

    List<AuditRecord> records = auditLog.read(AuditQuery.all());
    assertThat(records).extracting(AuditRecord::tool)
        .containsExactly("list_event_types", "book_meeting", "cancel_event", "list_event_types");
    AuditRecord allowed = records.get(0);
    assertThat(allowed.decision()).isEqualTo(AuditDecision.ALLOWED);
    assertThat(allowed.outcome()).isEqualTo(AuditRecord.OK);
    assertThat(allowed.agent()).isEqualTo("test-client");
    assertThat(allowed.upstreamCalls()).isPositive();
    AuditRecord booking = records.get(1);
    assertThat(booking.decision()).isEqualTo(AuditDecision.DENIED);
    assertThat(booking.rule()).contains("booking");
    assertThat(booking.errorCode()).isEqualTo("denied");
    assertThat(booking.upstreamCalls()).isZero();
    assertThat(booking.target()).containsEntry("invitee_email", "j***@example.com").containsEntry("event_type", "Intro call");
    assertThat(records.get(2).decision()).isEqualTo(AuditDecision.DENIED);
    assertThat(records.get(2).rule()).contains("cancellation");
    assertThat(records.get(3).decision()).isEqualTo(AuditDecision.UNDECIDED);
    assertThat(records.get(3).errorCode()).isEqualTo("invalid_arguments");
    assertThat(auditLog.read(AuditQuery.all().decision(AuditDecision.DENIED))).hasSize(2);
    assertThatThrownBy(() -> client.readResource(McpSchema.ReadResourceRequest.builder(AuditResource.URI).build())
            .block(Duration.ofSeconds(10)))
        .hasMessageContaining("needs compliance: read");
    assertThat(Metrics.globalRegistry.find(CallAuditor.DECISIONS).tag("agent", "test-client").tag("resource", "booking")
        .tag("decision", "denied").counter()).isNotNull();
  }

  @Test
  void noRecordHoldsTheTokenTheServerActedWithNorAnAddressWhenPiiIsDropped() throws IOException {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    SeededUser user = sandbox.user(Plan.TEAMS, Role.OWNER);
    McpAsyncClient client = start(user, Policy.unrestricted(), PiiMode.DROP);
    String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString();

    call(client, "whoami", Map.of());
    call(client, "list_scheduled_events", Map.of());
    call(client, "book_meeting", Map.of("event_type", "No such type", "start_time", tomorrow,
        "invitee_name", "Jane Doe", "invitee_email", "jane.secret@example.com"));
    call(client, "list_event_invitees", Map.of("event", "https://api.calendly.com/scheduled_events/none",
        "email", "jane.secret@example.com"));
    McpSchema.ReadResourceResult recent =
        client.readResource(McpSchema.ReadResourceRequest.builder(AuditResource.URI).build()).block(Duration.ofSeconds(10));
    String body = ((McpSchema.TextResourceContents) recent.contents().get(0)).text();
    assertThat(body).contains("\"tool\":\"whoami\"", "\"tool\":\"list_event_invitees\"", "\"text\":\"")
        .doesNotContain(user.token());
    auditLog.close();

    String everything;
    try (Stream<Path> files = Files.list(dataDir.resolve("audit"))) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.toList()) {
        all.append(Files.readString(file, StandardCharsets.UTF_8));
      }
      everything = all.toString();
    }
    assertThat(everything.lines()).hasSize(4);
    assertThat(everything).as("the Calendly token").doesNotContain(user.token());
    assertThat(everything).as("the token's fingerprint").doesNotContain(AccessToken.of(user.token()).fingerprint());
    assertThat(everything).doesNotContain("Bearer", "jane.secret", "Jane Doe");
  }
}
