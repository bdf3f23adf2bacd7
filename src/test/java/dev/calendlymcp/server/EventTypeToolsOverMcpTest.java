package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SeededUser;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event type, no-show and custom-link tools end to end: the SDK's client over the production
 * stdio path, the sandbox as Calendly. An edit shows in find_available_times on the next call.
 */
class EventTypeToolsOverMcpTest {

  private Sandbox sandbox;
  private SandboxAccess.Served served;
  private SeededUser owner;
  private McpAsyncClient client;

  @BeforeEach
  void start() {
    served = SandboxAccess.teamsOwnerWithEveryToolset();
    sandbox = served.sandbox();
    owner = served.user();
    client = served.server().client();
  }

  @AfterEach
  void stop() {
    served.close();
  }

  private CallToolResult call(String tool, Map<String, Object> arguments) {
    CallToolResult result = client.callTool(CallToolRequest.builder(tool).arguments(arguments).build())
        .block(Duration.ofSeconds(20));
    assertThat(result.isError()).as(tool + ": " + text(result)).isFalse();
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> out(CallToolResult result) {
    return (Map<String, Object>) result.structuredContent();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(CallToolResult result, String key) {
    return (List<Map<String, Object>>) out(result).get(key);
  }

  private List<Instant> slots(String eventType) {
    Instant from = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    CallToolResult found = call("find_available_times", Map.of("event_type", eventType,
        "start_time", from.toString(), "end_time", from.plus(Duration.ofDays(14)).toString(), "max_results", 200));
    return list(found, "slots").stream().map(s -> Instant.parse((String) s.get("start_time"))).toList();
  }

  @Test
  void anEventTypeIsCreatedEditedAndItsHoursSetAndFindTimesFollowsEachChange() {
    CallToolResult created = call("create_event_type", Map.of("name", "Deep dive", "duration", 30,
        "start_time_increment", 30, "before_buffer", 15, "locations", List.of(Map.of("kind", "zoom_conference"))));
    String uri = (String) out(created).get("uri");
    assertThat(out(created)).containsEntry("before_buffer", 15).containsEntry("duration", 30);
    List<Instant> first = slots(uri);
    assertThat(first).isNotEmpty();

    CallToolResult hours = call("set_availability", Map.of("event_type", uri, "timezone", "Asia/Tokyo",
        "rules", List.of(Map.of("wday", "friday", "intervals", List.of(Map.of("from", "10:00", "to", "12:00"))))));
    List<Instant> fridays = slots(uri);

    assertThat(text(hours)).contains("friday 10:00-12:00");
    assertThat(fridays).isNotEmpty().isNotEqualTo(first);
    for (Instant slot : fridays) {
      ZonedDateTime tokyo = slot.atZone(ZoneId.of("Asia/Tokyo"));
      assertThat(tokyo.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
      assertThat(tokyo.getHour()).isBetween(10, 11);
    }

    CallToolResult updated = call("update_event_type", Map.of("event_type", uri, "duration", 120, "duration_options", List.of(120)));
    assertThat(out(updated)).containsEntry("duration", 120).containsEntry("name", "Deep dive");
    List<Instant> longer = slots(uri);
    assertThat(longer).hasSizeLessThan(fridays.size());

    Map<String, Object> read = out(call("get_event_type_availability", Map.of("event_type", uri)));
    assertThat(read.get("hours")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("timezone", "Asia/Tokyo");
  }

  @Test
  void hostsLocationsAndACustomLinkComeBackTyped() {
    String uri = (String) out(call("create_event_type", Map.of("name", "Check-in",
        "locations", List.of(Map.of("kind", "physical", "location", "1 Main St"))))).get("uri");

    List<Map<String, Object>> hosts = list(call("list_event_type_hosts", Map.of("event_type", uri)), "hosts");
    List<Map<String, Object>> locations = list(call("list_meeting_locations", Map.of()), "locations");
    String day = ZonedDateTime.now(ZoneId.of(owner.timezone())).toLocalDate().plusDays(3).toString();
    CallToolResult link = call("create_custom_link", Map.of("event_type", uri, "name", "Check-in with Ana",
        "start_date", day, "end_date", day, "location_kind", "physical", "location", "Cafe Luna"));

    assertThat(hosts).singleElement().satisfies(h -> assertThat(h.get("email")).isEqualTo(owner.email()));
    assertThat(locations).extracting(l -> l.get("location")).contains("1 Main St");
    assertThat(out(link)).containsEntry("period_type", "fixed").containsEntry("start_date", day)
        .containsEntry("name", "Check-in with Ana");
    assertThat((String) out(link).get("booking_url")).startsWith(sandbox.apiBaseUrl());
    assertThat(text(link)).contains("books one meeting");
  }

  @Test
  void aNoShowIsMarkedOnceAndUndone() {
    String before = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String invitee = null;
    for (Map<String, Object> event : list(call("list_scheduled_events",
        Map.of("max_start_time", before, "status", "active", "count", 50)), "events")) {
      List<Map<String, Object>> invitees = list(call("list_event_invitees",
          Map.of("event", event.get("uri"), "status", "active")), "invitees");
      if (!invitees.isEmpty()) {
        invitee = (String) invitees.get(0).get("uri");
        break;
      }
    }
    assertThat(invitee).as("a past invitee in the seed").isNotNull();

    CallToolResult marked = call("mark_no_show", Map.of("invitee", invitee));
    CallToolResult again = call("mark_no_show", Map.of("invitee", invitee));
    CallToolResult undone = call("mark_no_show", Map.of("invitee", invitee, "undo", true));
    CallToolResult undoneAgain = call("mark_no_show", Map.of("invitee", invitee, "undo", true));

    assertThat(out(marked)).containsEntry("no_show", true).containsEntry("changed", true);
    assertThat(out(again)).containsEntry("changed", false).containsEntry("no_show_uri", out(marked).get("no_show_uri"));
    assertThat(out(undone)).containsEntry("no_show", false).containsEntry("changed", true);
    assertThat(out(undoneAgain)).containsEntry("changed", false);
    assertThat(sandbox.stats().count("POST /invitee_no_shows")).isEqualTo(1);
    assertThat(sandbox.stats().count("DELETE /invitee_no_shows/{uuid}")).isEqualTo(1);
  }
}
