package dev.calendlymcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.server.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every tool the server offers, called once through the built jar as a client runs it: {@code
 * java -jar target/calendly-mcp.jar --sandbox --toolsets all} as a child process over stdio, with
 * the SDK's client checking each structured result against the tool's output schema. The calls
 * follow one another as an agent's would (the meeting it books is the one it moves and cancels),
 * so each one acts on real sandbox data. A tool that appears in {@code tools/list} without a call
 * here fails the test: a new tool is not done until it works end to end.
 */
@Timeout(900)
class EveryToolOverStdioIT {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(180);

  private final Set<String> called = new LinkedHashSet<>();
  private final List<String> stderr = new ArrayList<>();
  private McpSyncClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void everyListedToolAnswersThroughTheBuiltJarAgainstTheSandbox() {
    Path jar = Path.of(System.getProperty("calendly-mcp.jar", "target/calendly-mcp.jar"));
    assertThat(jar).as("the built jar (mvn verify packages it first)").isRegularFile();
    StdioClientTransport transport = new StdioClientTransport(
        ServerParameters.builder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
            // Some 80 calls pass the sandbox user's 60 a minute: the limiter makes the later ones wait
            // for the next minute, which the default 50 s deadline would refuse.
            .args("-jar", jar.toString(), "--sandbox", "--toolsets", "all", "--tool-timeout", "150")
            .build(),
        new McpJson().sdk());
    transport.setStdErrorHandler(line -> {
      synchronized (stderr) {
        stderr.add(line);
      }
    });
    client = McpClient.sync(transport)
        .clientInfo(McpSchema.Implementation.builder("every-tool-it", "1").build())
        .initializationTimeout(CALL_TIMEOUT)
        .requestTimeout(CALL_TIMEOUT)
        .enableCallToolSchemaCaching(true)
        .build();
    client.initialize();
    List<String> listed = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();

    // Who and where.
    Map<String, Object> me = call("whoami", Map.of());
    String user = uri(me, "/users/");
    call("get_user", Map.of("user", user));
    call("list_meeting_locations", Map.of());
    String schedule = uri(call("list_availability_schedules", Map.of()), "/user_availability_schedules/");
    call("get_availability_schedule", Map.of("schedule", schedule));
    call("set_working_hours", Map.of("schedule", schedule, "rules", List.of(
        Map.of("wday", "saturday", "intervals", List.of(Map.of("from", "10:00", "to", "12:00"))))));
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String weekAhead = LocalDate.now(ZoneOffset.UTC).plusDays(7).toString();
    String twoMonthsAgo = LocalDate.now(ZoneOffset.UTC).minusDays(60).toString();
    call("get_user_busy_times", Map.of("start_time", today + "T00:00:00Z", "end_time", weekAhead + "T00:00:00Z"));
    call("find_common_times", Map.of("people", List.of("me"), "duration_minutes", 30));

    // Event types, their hours and hosts.
    String eventType = uri(call("list_event_types", Map.of("active", true)), "/event_types/");
    call("get_event_type", Map.of("event_type", eventType));
    call("get_event_type_availability", Map.of("event_type", eventType));
    call("list_event_type_hosts", Map.of("event_type", eventType));
    String created = uri(call("create_event_type", Map.of("name", "Every tool check", "duration", 30)), "/event_types/");
    call("update_event_type", Map.of("event_type", created, "description", "Made by EveryToolOverStdioIT."));
    call("set_availability", Map.of("event_type", created, "timezone", "Europe/Berlin", "rules", List.of(
        Map.of("wday", "tuesday", "intervals", List.of(Map.of("from", "09:00", "to", "12:00"))))));
    call("create_one_off_event_type", Map.of("name", "One-off check", "duration", 30, "start_date", today,
        "end_date", weekAhead, "location_kind", "zoom_conference"));

    // Links.
    call("create_booking_link", Map.of("event_type", eventType));
    String link = (String) call("create_custom_link", Map.of("event_type", eventType, "duration", 30, "days_ahead", 14))
        .get("share_uri");
    call("list_custom_links", Map.of("event_type", eventType));
    call("change_custom_link", Map.of("link", link, "name", "Renamed by EveryToolOverStdioIT"));
    call("change_custom_link", Map.of("link", link, "delete", true));

    // A meeting's whole life: found, booked, read, marked, moved, cancelled.
    List<String> slots = strings(call("find_available_times", Map.of("event_type", eventType)), "start_time",
        value -> value.startsWith("20"));
    assertThat(slots).as("open slots of %s", eventType).hasSizeGreaterThanOrEqualTo(3);
    Map<String, Object> booked = call("book_meeting", Map.of("event_type", eventType, "start_time", slots.get(1),
        "invitee_name", "Every Tool", "invitee_email", "every.tool@example.org"));
    String event = (String) booked.get("event_uri");
    String invitee = (String) booked.get("invitee_uri");
    call("get_scheduled_event", Map.of("event", event));
    call("list_event_invitees", Map.of("event", event));
    call("get_invitee", Map.of("invitee", invitee));
    call("list_scheduled_events", Map.of("invitee", "every.tool@example.org"));
    // Calendly marks no-shows only once a meeting has begun: one from the last two months.
    String past = uri(call("list_scheduled_events", Map.of("min_start_time", twoMonthsAgo + "T00:00:00Z",
        "max_start_time", today + "T00:00:00Z", "status", "active")), "/scheduled_events/");
    String absent = strings(call("list_event_invitees", Map.of("event", past)), null,
        value -> value.startsWith("http") && value.contains("/invitees/")).get(0);
    call("mark_no_show", Map.of("invitee", absent));
    call("mark_no_show", Map.of("invitee", absent, "undo", true));
    call("whats_next", Map.of("within_days", 30));
    Map<String, Object> moved = call("reschedule_meeting", Map.of("event", event, "new_start_time", slots.get(2)));
    String movedEvent = strings(moved, "event_uri", value -> !value.equals(event)).stream().findFirst()
        .orElseGet(() -> uri(moved, "/scheduled_events/"));
    call("cancel_event", Map.of("event", movedEvent, "reason", "Checked every tool."));
    call("recent_changes", Map.of());

    // The organization: members, invitations.
    call("list_members", Map.of());
    Map<String, Object> memberships = call("list_memberships", Map.of("role", "user"));
    String membership = uri(memberships, "/organization_memberships/");
    call("get_membership", Map.of("membership", membership));
    String invitation = uri(call("invite_user", Map.of("email", "new.hire@example.org")), "/invitations/");
    call("list_invitations", Map.of());
    call("get_invitation", Map.of("invitation", invitation));
    call("revoke_invitation", Map.of("invitation", invitation));
    call("remove_member", Map.of("membership", membership));
    call("list_groups", Map.of("include_members", true));
    call("list_routing_submissions", Map.of());

    // Contacts and recaps.
    String contact = uri(call("find_contact", Map.of()), "/contacts/");
    call("add_contact_note", Map.of("contact", contact, "body", "Prefers mornings."));
    call("save_contact", Map.of("name", "Every Tool", "email", "every.contact@example.org", "company", "Acme"));
    call("save_contact", Map.of("contact", "every.contact@example.org", "job_title", "Buyer"));
    call("save_contact_list", Map.of("name", "Every tool", "contacts", List.of(contact, "every.contact@example.org")));
    call("change_list_members", Map.of("list", "Every tool", "remove", List.of("every.contact@example.org")));
    call("save_contact_list", Map.of("list", "Every tool", "name", "Every tool, checked"));
    call("create_custom_field", Map.of("label", "Every tool tier", "type", "single_select",
        "options", List.of("Gold", "Silver")));
    call("delete_contact", Map.of("contact", "every.contact@example.org"));
    String recap = uri(call("get_meeting_recap", Map.of("include_transcript", true)), "/meeting_recaps/");
    call("update_meeting_recap", Map.of("recap", recap, "summary_md", "- Agreed on a pilot."));
    call("delete_meeting_recap", Map.of("recap", recap));

    // Webhooks.
    String subscription = uri(call("create_webhook_subscription", Map.of("url", "https://hooks.example.com/every-tool",
        "events", List.of("invitee.created", "invitee.canceled"))), "/webhook_subscriptions/");
    call("list_webhook_subscriptions", Map.of());
    call("get_webhook_subscription", Map.of("subscription", subscription));
    call("delete_webhook_subscription", Map.of("subscription", subscription));
    call("get_sample_webhook", Map.of("event", "invitee.created"));

    // The sandbox's --sandbox user is on Teams: the Enterprise tools must say so, not fail obscurely.
    refusedForPlan("get_activity_log", Map.of());
    refusedForPlan("delete_event_data", Map.of("start_time", twoMonthsAgo + "T00:00:00Z", "end_time", today + "T00:00:00Z"));
    refusedForPlan("delete_invitee_data", Map.of("emails", List.of("every.tool@example.org")));

    assertThat(called).as("tools called here").containsExactlyInAnyOrderElementsOf(listed);
    synchronized (stderr) {
      assertThat(stderr).noneSatisfy(line -> assertThat(line).contains("sbx_pat_"));
    }
  }

  /** Calls a tool that must succeed (its result already checked against its output schema). */
  private Map<String, Object> call(String tool, Map<String, Object> arguments) {
    CallToolResult result = answer(tool, arguments);
    assertThat(result.isError()).as("%s answered: %s", tool, text(result)).isNotEqualTo(Boolean.TRUE);
    assertThat(result.structuredContent()).as("%s's structured content", tool).isInstanceOf(Map.class);
    Map<String, Object> structured = new LinkedHashMap<>();
    ((Map<?, ?>) result.structuredContent()).forEach((key, value) -> structured.put((String) key, value));
    return structured;
  }

  private void refusedForPlan(String tool, Map<String, Object> arguments) {
    CallToolResult result = answer(tool, arguments);
    assertThat(result.isError()).as("%s on Teams answered: %s", tool, text(result)).isTrue();
    assertThat(text(result)).as(tool).containsIgnoringCase("enterprise");
  }

  private CallToolResult answer(String tool, Map<String, Object> arguments) {
    called.add(tool);
    CallToolResult result = client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    assertThat(text(result)).as("%s's text rendering", tool).isNotBlank();
    return result;
  }

  private static String text(CallToolResult result) {
    return result.content().isEmpty() ? "" : ((McpSchema.TextContent) result.content().get(0)).text();
  }

  /** The first API URI (the sandbox's own base) under {@code path} anywhere in a result, as the next call needs it. */
  private static String uri(Map<String, Object> structured, String path) {
    Optional<String> found = strings(structured, null, value -> value.startsWith("http") && value.contains(path)
        && !value.contains("/invitees/")).stream().findFirst();
    assertThat(found).as("a %s URI in %s", path, structured).isPresent();
    return found.get();
  }

  /** String values of {@code key} (any key when null) anywhere in {@code value}, in document order. */
  private static List<String> strings(Object value, String key, Predicate<String> wanted) {
    List<String> out = new ArrayList<>();
    collect(value, key, null, wanted, out);
    return out;
  }

  private static void collect(Object value, String key, String at, Predicate<String> wanted, List<String> out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(v, key, String.valueOf(k), wanted, out));
    } else if (value instanceof List<?> list) {
      list.forEach(item -> collect(item, key, at, wanted, out));
    } else if (value instanceof String text && (key == null || key.equals(at)) && wanted.test(text)) {
      out.add(text);
    }
  }
}
