package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.structured;
import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tools for customised links, contacts and working hours called over the production stdio
 * path against the sandbox: each does what its description says, and Calendly's state shows it.
 */
@SuppressWarnings("unchecked")
class WritableResourcesOverMcpTest {

  private SandboxAccess.Served served;
  private McpAsyncClient client;

  @BeforeEach
  void start() {
    served = SandboxAccess.teamsOwnerWithEveryToolset();
    client = served.server().client();
  }

  @AfterEach
  void stop() {
    served.close();
  }

  private CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(CallToolRequest.builder(tool).arguments(arguments).build()).block(Duration.ofSeconds(20));
  }

  @Test
  void aCustomLinkIsListedChangedAndWithdrawn() {
    Map<String, Object> made = structured(call("create_custom_link",
        Map.of("event_type", "30 Minute Meeting", "name", "For Ana", "duration_options", List.of(30, 45))));
    String share = (String) made.get("share_uri");

    Map<String, Object> listed = structured(call("list_custom_links", Map.of()));
    Map<String, Object> changed = structured(call("change_custom_link",
        Map.of("link", share, "duration", 45, "reset", List.of("name"))));
    CallToolResult both = call("change_custom_link", Map.of("link", share, "delete", true, "duration", 30));
    Map<String, Object> withdrawn = structured(call("change_custom_link", Map.of("link", share, "delete", true)));

    assertThat((List<Map<String, Object>>) listed.get("links")).extracting(l -> l.get("share_uri")).containsExactly(share);
    Map<String, Object> link = (Map<String, Object>) changed.get("link");
    assertThat(link.get("duration")).isEqualTo(45);
    assertThat(link.get("name")).isEqualTo("30 Minute Meeting");
    assertThat(both.isError()).isTrue();
    assertThat(withdrawn.get("deleted")).isEqualTo(true);
    assertThat((List<?>) structured(call("list_custom_links", Map.of())).get("links")).isEmpty();
  }

  @Test
  void aContactIsAddedUpdatedByEmailAndDeleted() {
    Map<String, Object> added = structured(call("save_contact",
        Map.of("name", "Ada Lovelace", "email", "ada@example.org", "company", "Engines")));
    Map<String, Object> updated = structured(call("save_contact",
        Map.of("contact", "ada@example.org", "job_title", "Analyst")));
    Map<String, Object> deleted = structured(call("delete_contact", Map.of("contact", "ada@example.org")));
    CallToolResult gone = call("find_contact", Map.of("query", "ada@example.org"));

    assertThat(added.get("created")).isEqualTo(true);
    Map<String, Object> contact = (Map<String, Object>) updated.get("contact");
    assertThat(updated.get("created")).isEqualTo(false);
    assertThat(contact.get("job_title")).isEqualTo("Analyst");
    assertThat(contact.get("company")).isEqualTo("Engines");
    assertThat(deleted.get("deleted")).isEqualTo(((Map<String, Object>) added.get("contact")).get("uri"));
    assertThat(text(gone)).startsWith("No contact matches.");
  }

  @Test
  void workingHoursChangeOnlyTheDaysGivenAndANewScheduleCanBecomeTheDefault() {
    Map<String, Object> before = structured(call("list_availability_schedules", Map.of()));
    Map<String, Object> changed = structured(call("set_working_hours", Map.of("rules", List.of(
        Map.of("wday", "friday", "intervals", List.of(Map.of("from", "09:00", "to", "12:00")))))));
    Map<String, Object> created = structured(call("set_working_hours",
        Map.of("new_schedule_name", "Summer", "make_default", true)));
    Map<String, Object> after = structured(call("list_availability_schedules", Map.of()));

    List<Map<String, Object>> rules = (List<Map<String, Object>>) changed.get("rules");
    assertThat(rules).filteredOn(r -> "friday".equals(r.get("wday"))).singleElement()
        .satisfies(r -> assertThat(r.get("intervals")).isEqualTo(List.of(Map.of("from", "09:00", "to", "12:00"))));
    Map<String, Object> defaultBefore = ((List<Map<String, Object>>) before.get("schedules")).get(0);
    List<Map<String, Object>> rulesBefore = (List<Map<String, Object>>) defaultBefore.get("rules");
    assertThat(rules).filteredOn(r -> "monday".equals(r.get("wday")))
        .isEqualTo(rulesBefore.stream().filter(r -> "monday".equals(r.get("wday"))).toList());
    assertThat(created.get("name")).isEqualTo("Summer");
    assertThat(created.get("default")).isEqualTo(true);
    assertThat(((List<Map<String, Object>>) after.get("schedules")).get(0).get("name")).isEqualTo("Summer");
  }
}
