package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.call;
import static dev.calendlymcp.server.ToolResults.list;
import static dev.calendlymcp.server.ToolResults.structured;
import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing, groups, contacts and recaps toolsets and the newer compliance and webhook tools,
 * each called through the production MCP path with the SDK's client, against the sandbox as
 * Calendly: the structured results agree with their output schemas and carry the seeded data.
 */
class NewerToolsetsOverMcpTest {

  private Sandbox sandbox;
  private LazyCalendlyAccess access;
  private InProcessServer server;

  private McpAsyncClient start(Plan plan, Role role) {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    SeededUser user = sandbox.user(plan, role);
    access = SandboxAccess.of(sandbox, user);
    server = new InProcessServer(
        new ServerSettings(ToolCatalog.build(ToolOptions.everything()), "test", InProcessServer.REQUEST_TIMEOUT, Clock.systemUTC()),
        access);
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
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** Books the user's first active event type at its first free slot from the next hour on; the event's URI. */
  private static String bookNextFreeSlot(McpAsyncClient client) {
    List<Map<String, Object>> types = list(structured(call(client, "list_event_types", Map.of("active", true))), "event_types");
    String type = (String) types.get(0).get("uri");
    Instant from = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    Map<String, Object> search = Map.of("event_type", type, "start_time", from.toString(),
        "end_time", from.plus(7, ChronoUnit.DAYS).toString(), "max_results", 1);
    String slot = (String) list(structured(call(client, "find_available_times", search)), "slots").get(0).get("start_time");
    Map<String, Object> booked = structured(call(client, "book_meeting", Map.of("event_type", type, "start_time", slot,
        "invitee_name", "Next Meeting Guest", "invitee_email", "next.guest@example.org", "invitee_timezone", "UTC")));
    assertThat(booked.get("outcome")).isEqualTo("booked");
    return (String) booked.get("event_uri");
  }

  @Test
  void everyNewToolIsListedWithATitleAnnotationsAndATypedOutputSchema() {
    McpAsyncClient client = start(Plan.TEAMS, Role.OWNER);

    List<McpSchema.Tool> tools = client.listTools().block(Duration.ofSeconds(5)).tools().stream()
        .filter(t -> List.of("list_routing_submissions", "list_groups", "find_contact", "add_contact_note",
            "whats_next", "get_meeting_recap", "update_meeting_recap", "delete_meeting_recap", "get_activity_log",
            "delete_event_data", "get_sample_webhook").contains(t.name()))
        .toList();

    assertThat(tools).hasSize(11).allSatisfy(tool -> {
      assertThat(tool.title()).isNotBlank();
      assertThat(tool.annotations()).isNotNull();
      assertThat(tool.outputSchema().toString()).doesNotContain("={}");
    });
  }

  @Test
  void routingSubmissionsGroupsAndASampleWebhookComeFromTheSeededOrganization() {
    McpAsyncClient client = start(Plan.TEAMS, Role.OWNER);

    Map<String, Object> routing = structured(call(client, "list_routing_submissions", Map.of("count", 3)));
    Map<String, Object> named = structured(call(client, "list_routing_submissions", Map.of("form", "demo")));
    Map<String, Object> groups = structured(call(client, "list_groups", Map.of("include_members", true)));
    Map<String, Object> sample = structured(call(client, "get_sample_webhook", Map.of("event", "meeting_recap.created")));
    CallToolResult subscribed = call(client, "create_webhook_subscription", Map.of(
        "url", "https://hooks.example.com/contacts", "events", List.of("contact.created", "event_type.updated")));

    assertThat(((Map<?, ?>) routing.get("form")).get("name")).isEqualTo("Product demo request");
    assertThat(list(routing, "submissions")).hasSize(3)
        .allSatisfy(s -> assertThat(list(s, "answers")).isNotEmpty());
    assertThat(routing.get("next_cursor")).isNotNull();
    assertThat(list(named, "submissions")).isNotEmpty();
    assertThat(list(groups, "groups")).extracting(g -> g.get("name")).containsExactly("Customer Success", "Sales");
    assertThat(list(list(groups, "groups").get(1), "people")).isNotEmpty();
    assertThat((String) sample.get("payload_json")).contains("summary_md");
    assertThat(subscribed.isError()).as(text(subscribed)).isFalse();
  }

  @Test
  void aContactIsFoundWithItsNotesAndANoteIsAdded() {
    McpAsyncClient client = start(Plan.FREE, Role.OWNER);

    Map<String, Object> recent = structured(call(client, "find_contact", Map.of()));
    List<Map<String, Object>> contacts = list(recent, "contacts");
    String email = (String) contacts.get(0).get("email");
    Map<String, Object> one = structured(call(client, "find_contact", Map.of("query", email)));
    Map<String, Object> inList = structured(call(client, "find_contact", Map.of("list", "key accounts")));
    Map<String, Object> added = structured(call(client, "add_contact_note",
        Map.of("contact", email, "title", "Follow up", "body", "Send the pilot plan.", "remind_at", "2030-01-02T09:00:00Z")));
    Map<String, Object> again = structured(call(client, "find_contact", Map.of("query", email)));

    assertThat(list(recent, "lists")).extracting(l -> l.get("name")).containsExactly("Key accounts", "All Contacts");
    assertThat(list(one, "contacts")).hasSize(1);
    assertThat(list(inList, "contacts")).hasSizeBetween(1, 5);
    assertThat(added.get("title")).isEqualTo("Follow up");
    assertThat(list(again, "notes")).extracting(n -> n.get("title")).contains("Follow up");
  }

  @Test
  void aRecapIsReadWithItsTranscriptEditedAndDeletedAndWhatsNextBriefsTheNextMeetings() {
    McpAsyncClient client = start(Plan.TEAMS, Role.OWNER);

    Map<String, Object> latest = structured(call(client, "get_meeting_recap", Map.of("include_transcript", true)));
    @SuppressWarnings("unchecked")
    Map<String, Object> recap = (Map<String, Object>) latest.get("recap");
    String uri = (String) recap.get("uri");
    Map<String, Object> edited = structured(call(client, "update_meeting_recap",
        Map.of("recap", uri, "action_items_md", "- [ ] Send the plan")));
    // The seed places meetings around the time the sandbox starts, so whether this user still had
    // one ahead within 14 days depended on the hour the test ran (none at 14:40 UTC on a Monday):
    // one is booked first.
    String booked = bookNextFreeSlot(client);
    Map<String, Object> next = structured(call(client, "whats_next", Map.of("count", 10, "within_days", 14)));
    Map<String, Object> deleted = structured(call(client, "delete_meeting_recap", Map.of("recap", uri)));
    CallToolResult gone = call(client, "get_meeting_recap", Map.of("recap", uri));

    assertThat((String) latest.get("transcript")).contains(":");
    assertThat(((Map<?, ?>) edited.get("recap")).get("action_items_md")).isEqualTo("- [ ] Send the plan");
    assertThat(list(next, "meetings")).extracting(m -> m.get("event")).contains(booked);
    assertThat(list(next, "meetings")).allSatisfy(m -> {
      assertThat(Instant.parse((String) m.get("start_time")))
          .isAfter(Instant.now().minus(31, ChronoUnit.MINUTES));
      assertThat(m).containsKeys("invitees", "recap", "previous_recap");
    });
    assertThat(next.get("recaps_note")).isNull();
    assertThat(deleted.get("deleted")).isEqualTo(true);
    assertThat(gone.isError()).isTrue();
    assertThat(text(gone)).contains("Not found");
  }

  @Test
  void onTheFreePlanWhatsNextStillListsMeetingsAndSaysWhyRecapsAreMissing() {
    McpAsyncClient client = start(Plan.FREE, Role.OWNER);

    Map<String, Object> next = structured(call(client, "whats_next", Map.of("within_days", 21)));
    CallToolResult recap = call(client, "get_meeting_recap", Map.of());

    assertThat((String) next.get("recaps_note")).contains("upgrade");
    assertThat(recap.isError()).isTrue();
    assertThat(text(recap)).contains("paid Calendly plan");
  }

  @Test
  void anEnterpriseAdminReadsTheActivityLogAndDeletesAPastRangesEventData() {
    McpAsyncClient client = start(Plan.ENTERPRISE, Role.OWNER);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    Map<String, Object> log = structured(call(client, "get_activity_log", Map.of("namespace", "User", "count", 5)));
    Map<String, Object> deleted = structured(call(client, "delete_event_data", Map.of(
        "start_time", now.minus(20, ChronoUnit.DAYS).toString(), "end_time", now.minus(1, ChronoUnit.DAYS).toString())));
    CallToolResult future = call(client, "delete_event_data", Map.of(
        "start_time", now.minus(1, ChronoUnit.DAYS).toString(), "end_time", now.plus(1, ChronoUnit.DAYS).toString()));

    assertThat(list(log, "entries")).isNotEmpty().allSatisfy(e -> assertThat(e.get("action")).isEqualTo("User.Add"));
    assertThat(deleted.get("accepted")).isEqualTo(true);
    assertThat(future.isError()).isTrue();
    assertThat(text(future)).contains("end_time must be in the past");
  }
}
