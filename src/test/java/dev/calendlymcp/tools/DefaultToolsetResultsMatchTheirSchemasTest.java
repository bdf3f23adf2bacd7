package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.sandbox.model.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every tool of the default toolset, called once against the sandbox, returns structured content
 * that its output schema accepts, by our validator and by the SDK's full JSON Schema validator (the
 * harness checks both on every call). The default schemas type every property but allow no null,
 * so this is where a field Calendly leaves empty, and the server does not leave out, would show.
 */
class DefaultToolsetResultsMatchTheirSchemasTest {

  private SandboxToolHarness h;
  private final Set<String> called = new LinkedHashSet<>();

  @BeforeEach
  void start() {
    h = SandboxToolHarness.actingOwner(Plan.ENTERPRISE, Duration.ofSeconds(30), SchedulingTools.definitions());
  }

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void everyDefaultToolsResultMatchesItsOutputSchema() {
    EventType type = h.eventType("30 Minute Meeting");
    List<Instant> open = h.openTimes(type);
    String eventType = type.uri().toString();

    call("whoami", Map.of());
    call("list_event_types", Map.of());
    call("get_event_type", Map.of("event_type", eventType));
    call("find_available_times", Map.of("event_type", eventType));
    String booked = call("book_meeting", Map.of("event_type", eventType, "start_time", open.get(0).toString(),
        "invitee_name", "Pat Doe", "invitee_email", "pat.schema@example.org")).string("event_uri");
    call("list_scheduled_events", Map.of("invitee", "pat.schema@example.org"));
    call("get_scheduled_event", Map.of("event", booked));
    String moved = call("reschedule_meeting", Map.of("event", booked, "new_start_time", open.get(1).toString()))
        .<Map<String, Object>>get("new_booking").get("event_uri").toString();
    call("cancel_event", Map.of("event", moved, "reason", "Schema check"));
    call("list_scheduled_events", Map.of("status", "canceled"));
    call("create_booking_link", Map.of("event_type", eventType));

    assertThat(called).as("every tool of the default toolset is called here")
        .containsExactlyInAnyOrderElementsOf(ToolCatalog.build(ToolOptions.defaults()).tools().stream()
            .map(ToolDefinition::name).toList());
  }

  private SandboxToolHarness.Outcome call(String name, Map<String, Object> arguments) {
    SandboxToolHarness.Outcome outcome = h.call(name, arguments);
    outcome.ok();
    called.add(name);
    return outcome;
  }
}
