package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.ChangeKind;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Resources, prompts, subscriptions and {@code recent_changes} through the production stdio path,
 * with the SDK's client on the other end and the sandbox as Calendly.
 */
class LiveResourcesOverMcpTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  private final JsonMapper json = JsonMapper.builder().build();
  private final ChangeFeed feed = new ChangeFeed(new InMemoryChangeStore());
  private final LinkedBlockingQueue<McpSchema.ResourceContents> updates = new LinkedBlockingQueue<>();
  private Sandbox sandbox;
  private SeededUser user;
  private LazyCalendlyAccess access;
  private InProcessServer server;
  private McpAsyncClient client;

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(7).webhookDelivery(WebhookDeliverySettings.off()).build());
    user = sandbox.user(Plan.TEAMS, Role.OWNER);
    access = SandboxAccess.of(sandbox, user);
    ServerSettings settings = new ServerSettings(
        ToolCatalog.build(ToolOptions.everything()), "test", Duration.ofSeconds(20), Clock.systemUTC());
    server = new InProcessServer(settings, access, feed);
    client = server.client(contents -> {
      updates.addAll(contents);
      return Mono.empty();
    });
  }

  @AfterEach
  void stop() {
    server.close();
    access.close();
    sandbox.close();
  }

  @Test
  void theServerDeclaresSubscribableResourcesAndPrompts() {
    McpSchema.ServerCapabilities capabilities = client.getServerCapabilities();

    assertThat(capabilities.resources().subscribe()).isTrue();
    assertThat(capabilities.resources().listChanged()).isFalse();
    assertThat(capabilities.prompts()).isNotNull();
  }

  @Test
  void resourcesListAndTemplatesListShowTheCalendar() {
    assertThat(client.listResources().block(WAIT).resources())
        .extracting(McpSchema.Resource::uri)
        .containsExactlyInAnyOrder("calendly://me/upcoming", "calendly://event-types", AuditResource.URI);
    assertThat(client.listResourceTemplates().block(WAIT).resourceTemplates())
        .extracting(McpSchema.ResourceTemplate::uriTemplate)
        .containsExactlyInAnyOrder("calendly://events/{uuid}", "calendly://event-types/{uuid}");
  }

  @Test
  void readingEventTypesAndOneEventTypeShowsWhatTheToolsWouldShow() {
    JsonNode types = read("calendly://event-types");
    assertThat(types.path("event_types").size()).isPositive();
    String uri = types.path("event_types").get(0).path("uri").asString();
    String uuid = uri.substring(uri.lastIndexOf('/') + 1);

    JsonNode one = read("calendly://event-types/" + uuid);

    assertThat(one.toString()).contains(uri);
  }

  @Test
  void upcomingShowsOnlyActiveFutureMeetingsAndAnEventReadsByItsUuid() {
    JsonNode upcoming = read("calendly://me/upcoming");
    assertThat(upcoming.path("events").size()).isPositive();
    for (JsonNode event : upcoming.path("events")) {
      assertThat(Instant.parse(event.path("start_time").asString())).isAfter(Instant.now().minusSeconds(60));
      assertThat(event.path("status").asString()).isEqualTo("active");
    }
    String uri = upcoming.path("events").get(0).path("uri").asString();

    JsonNode event = read("calendly://events/" + uri.substring(uri.lastIndexOf('/') + 1));

    assertThat(event.toString()).contains(uri);
  }

  @Test
  void readingAnEventThatDoesNotExistIsResourceNotFound() {
    assertThatThrownBy(() -> read("calendly://events/NOPE0000"))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code())
            .isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND));
  }

  @Test
  void promptsNameTheToolsToUseAndNeedTheirRequiredArguments() {
    assertThat(client.listPrompts().block(WAIT).prompts()).extracting(McpSchema.Prompt::name)
        .containsExactlyInAnyOrder("schedule_meeting", "reschedule_politely", "week_at_a_glance", "prepare_next_meeting");

    McpSchema.GetPromptResult schedule = client.getPrompt(McpSchema.GetPromptRequest.builder("schedule_meeting")
        .arguments(Map.of("person", "Ada Lovelace <ada@example.com>", "when", "next Tuesday")).build()).block(WAIT);
    String text = ((McpSchema.TextContent) schedule.messages().get(0).content()).text();
    assertThat(text).contains("Ada Lovelace <ada@example.com>", "next Tuesday",
        "list_event_types", "find_available_times", "book_meeting", "create_booking_link");

    assertThatThrownBy(() -> client.getPrompt(McpSchema.GetPromptRequest.builder("schedule_meeting").arguments(Map.of()).build()).block(WAIT))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("person");
  }

  @Test
  void aSubscribedSessionHearsOfAChangeToItsAccountAndReadsTheResourceAgain() throws InterruptedException {
    client.subscribeResource(McpSchema.SubscribeRequest.builder("calendly://me/upcoming").build()).block(WAIT);

    feed.publish(LiveResources.LOCAL_ACCOUNT,
        Change.Draft.of(ChangeKind.BOOKED, Instant.now(), "https://api.calendly.com/scheduled_events/EV1"));

    McpSchema.ResourceContents contents = updates.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(contents).isNotNull();
    assertThat(contents.uri()).isEqualTo("calendly://me/upcoming");
  }

  @Test
  void aChangeOfAnotherAccountOrAnUnwatchedResourceSendsNothing() throws InterruptedException {
    client.subscribeResource(McpSchema.SubscribeRequest.builder("calendly://event-types").build()).block(WAIT);

    feed.publish("https://api.calendly.com/users/SOMEONE_ELSE",
        Change.Draft.of(ChangeKind.EVENT_TYPE_CHANGED, Instant.now(), "https://api.calendly.com/event_types/ET1"));
    feed.publish(LiveResources.LOCAL_ACCOUNT,
        Change.Draft.of(ChangeKind.BOOKED, Instant.now(), "https://api.calendly.com/scheduled_events/EV1"));
    client.unsubscribeResource(McpSchema.UnsubscribeRequest.builder("calendly://event-types").build()).block(WAIT);
    feed.publish(LiveResources.LOCAL_ACCOUNT,
        Change.Draft.of(ChangeKind.EVENT_TYPE_CHANGED, Instant.now(), "https://api.calendly.com/event_types/ET1"));
    // A ping answered means every notification sent before it has arrived too.
    client.ping().block(WAIT);

    assertThat(updates).isEmpty();
  }

  @Test
  void subscribingToAUriThatIsNoResourceIsRefusedWithTheReason() {
    assertThatThrownBy(() -> client.subscribeResource(McpSchema.SubscribeRequest.builder("calendly://nothing").build()).block(WAIT))
        .isInstanceOf(McpError.class)
        .hasMessageContaining("Resource not found");
  }

  @Test
  void recentChangesGivesChangesAfterTheCursorWithTheRescheduleLinked() {
    feed.publish(LiveResources.LOCAL_ACCOUNT,
        Change.Draft.of(ChangeKind.BOOKED, Instant.now(), "https://api.calendly.com/scheduled_events/EV1"));
    McpSchema.CallToolResult first = call("recent_changes", Map.of());
    assertThat(first.isError()).isFalse();
    @SuppressWarnings("unchecked")
    Map<String, Object> firstOut = (Map<String, Object>) first.structuredContent();
    String cursor = (String) firstOut.get("next_cursor");
    assertThat((List<?>) firstOut.get("changes")).hasSize(1);

    feed.publish(LiveResources.LOCAL_ACCOUNT, Change.Draft.rescheduled(Instant.now(),
        "https://api.calendly.com/scheduled_events/EV1", "https://api.calendly.com/scheduled_events/EV1/invitees/I1",
        "https://api.calendly.com/scheduled_events/EV2", "https://api.calendly.com/scheduled_events/EV2/invitees/I2"));
    feed.publish("https://api.calendly.com/users/SOMEONE_ELSE",
        Change.Draft.of(ChangeKind.CANCELED, Instant.now(), "https://api.calendly.com/scheduled_events/EV9"));
    McpSchema.CallToolResult second = call("recent_changes", Map.of("cursor", cursor));

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> changes = (List<Map<String, Object>>) ((Map<String, Object>) second.structuredContent()).get("changes");
    assertThat(changes).singleElement().satisfies(change -> {
      assertThat(change).containsEntry("kind", "rescheduled");
      assertThat(change).containsEntry("old_invitee", "https://api.calendly.com/scheduled_events/EV1/invitees/I1");
      assertThat(change).containsEntry("new_invitee", "https://api.calendly.com/scheduled_events/EV2/invitees/I2");
    });
  }

  @Test
  void aCursorThatIsNotOneIsRefusedNamingTheField() {
    McpSchema.CallToolResult result = call("recent_changes", Map.of("cursor", "yesterday"));

    assertThat(result.isError()).isTrue();
    assertThat(((McpSchema.TextContent) result.content().get(0)).text()).contains("cursor must be");
  }

  private McpSchema.CallToolResult call(String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build()).block(WAIT);
  }

  private JsonNode read(String uri) {
    McpSchema.ReadResourceResult result = client.readResource(McpSchema.ReadResourceRequest.builder(uri).build()).block(WAIT);
    McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) result.contents().get(0);
    assertThat(contents.uri()).isEqualTo(uri);
    assertThat(contents.mimeType()).isEqualTo("application/json");
    return json.readTree(contents.text());
  }
}
