package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.call;
import static dev.calendlymcp.server.ToolResults.structured;
import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.policy.GrantFlags;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * Per-agent policies through the production stdio path, with the SDK's client and the sandbox as
 * Calendly: what is listed, what is refused (and that a refusal reaches nothing at Calendly), ask
 * through elicitation, and invitees hidden from an agent that may read meetings only.
 */
class PolicyOverMcpTest {

  private static final String SOME_EVENT = "https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA";

  private Sandbox sandbox;
  private SeededUser user;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void startSandbox() {
    sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    user = sandbox.user(Plan.TEAMS, Role.OWNER);
  }

  @AfterEach
  void stop() throws Exception {
    java.util.Collections.reverse(open);
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
    sandbox.close();
  }

  private McpAsyncClient agent(Policy policy) {
    return agent(policy, spec -> spec);
  }

  private McpAsyncClient agent(Policy policy, UnaryOperator<McpClient.AsyncSpec> client) {
    LazyCalendlyAccess access = SandboxAccess.of(sandbox, user);
    ServerSettings settings =
        new ServerSettings(ToolCatalog.build(ToolOptions.everything()), "test", Duration.ofSeconds(20), Clock.systemUTC())
            .withPolicies(AgentPolicies.fixed(policy));
    InProcessServer server = new InProcessServer(settings, access);
    open.add(access);
    open.add(server);
    McpAsyncClient mcp = server.customClient(client);
    open.add(mcp::closeGracefully);
    return mcp;
  }

  private static Policy grants(String... flags) {
    return GrantFlags.apply(Policy.denyAll(), List.of(flags));
  }

  private static List<String> listed(McpAsyncClient client) {
    return client.listTools().block(Duration.ofSeconds(10)).tools().stream().map(McpSchema.Tool::name).toList();
  }

  /** A booking's arguments for the first open slot of the user's first event type. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> booking(String email) {
    McpAsyncClient reader = agent(grants("event_types=read", "availability=read"));
    List<Map<String, Object>> types = (List<Map<String, Object>>) structured(call(reader, "list_event_types", Map.of("active", true))).get("event_types");
    String type = (String) types.get(0).get("uri");
    Instant from = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    Map<String, Object> search = Map.of("event_type", type, "start_time", from.toString(),
        "end_time", from.plus(Duration.ofDays(10)).toString(), "max_results", 1);
    List<Map<String, Object>> slots = (List<Map<String, Object>>) structured(call(reader, "find_available_times", search)).get("slots");
    Map<String, Object> booking = new LinkedHashMap<>();
    booking.put("event_type", type);
    booking.put("start_time", slots.get(0).get("start_time"));
    booking.put("invitee_name", "Jane Secretperson");
    booking.put("invitee_email", "jane.secretperson@example.com");
    booking.put("invitee_timezone", "Europe/Paris");
    return booking;
  }

  @Test
  void aReadOnlyAgentIsNotOfferedBookingOrCancellingAndEachAttemptIsRefusedWithoutReachingCalendly() {
    Map<String, Object> booking = booking("x");
    McpAsyncClient reader = agent(grants("meetings=read", "event_types=read", "availability=read"));
    sandbox.stats().reset();

    assertThat(listed(reader)).contains("list_scheduled_events", "find_available_times")
        .doesNotContain("book_meeting", "cancel_event", "create_booking_link", "list_members");
    CallToolResult book = call(reader, "book_meeting", booking);
    CallToolResult cancel = call(reader, "cancel_event", Map.of("event", SOME_EVENT));

    assertThat(book.isError()).isTrue();
    assertThat(text(book)).contains("book_meeting needs booking: write", "--grant booking=write");
    assertThat(cancel.isError()).isTrue();
    assertThat(text(cancel)).contains("cancel_event needs cancellation: full", "--grant cancellation=full");
    assertThat(sandbox.stats().total()).as("nothing reached Calendly: %s", sandbox.stats().counts()).isZero();
  }

  @Test
  void aWriteAgentBooksButCannotCancelAndAFullAgentCancels() {
    McpAsyncClient writer = agent(grants("booking=write", "meetings=read", "invitees=read"));
    McpAsyncClient canceller = agent(grants("cancellation=full"));

    Map<String, Object> booked = structured(call(writer, "book_meeting", booking("x")));
    assertThat(booked.get("outcome")).isEqualTo("booked");
    long before = sandbox.stats().total();
    CallToolResult refused = call(writer, "cancel_event", Map.of("event", booked.get("event_uri")));

    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).contains("needs cancellation: full", "no cancellation access");
    assertThat(sandbox.stats().total()).isEqualTo(before);
    assertThat(listed(writer)).contains("book_meeting", "reschedule_meeting").doesNotContain("cancel_event");
    assertThat(structured(call(canceller, "cancel_event", Map.of("event", booked.get("event_uri")))))
        .containsEntry("status", "canceled");
  }

  @Test
  void anAskGrantBooksOnlyAfterThePersonAcceptsTheQuestion() {
    List<String> asked = new ArrayList<>();
    McpAsyncClient agent = agent(grants("booking=write+ask"), spec -> spec
        .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
        .elicitation(request -> {
          asked.add(request.message());
          return Mono.just(McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT).build());
        }));
    Map<String, Object> booking = booking("x");

    Map<String, Object> booked = structured(call(agent, "book_meeting", booking));

    assertThat(booked.get("outcome")).isEqualTo("booked");
    assertThat(asked).singleElement().asString()
        .startsWith("Book '").contains("with jane.secretperson@example.com on ").endsWith("CET?");
  }

  @Test
  void aDeclinedOrDismissedQuestionRefusesTheCallWithoutReachingCalendly() {
    for (McpSchema.ElicitResult.Action answer : List.of(McpSchema.ElicitResult.Action.DECLINE, McpSchema.ElicitResult.Action.CANCEL)) {
      McpAsyncClient agent = agent(grants("booking=write+ask"), spec -> spec
          .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
          .elicitation(request -> Mono.just(McpSchema.ElicitResult.builder(answer).build())));
      Map<String, Object> booking = booking("x");
      sandbox.stats().reset();

      CallToolResult refused = call(agent, "book_meeting", booking);

      assertThat(refused.isError()).isTrue();
      assertThat(text(refused)).startsWith("Not run: the user " + (answer == McpSchema.ElicitResult.Action.DECLINE ? "declined" : "dismissed"));
      assertThat(sandbox.stats().total()).isZero();
    }
  }

  @Test
  void anAskGrantIsRefusedWhenTheClientCannotAsk() {
    McpAsyncClient agent = agent(grants("booking=write+ask"));
    Map<String, Object> booking = booking("x");
    sandbox.stats().reset();

    CallToolResult refused = call(agent, "book_meeting", booking);

    assertThat(refused.isError()).isTrue();
    assertThat(text(refused)).contains("cannot ask the user (it does not support elicitation)");
    assertThat(sandbox.stats().total()).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anAgentWithoutInviteeAccessSeesMeetingsWithInviteesHidden() {
    Map<String, Object> booked = structured(call(agent(Policy.unrestricted()), "book_meeting", booking("x")));
    McpAsyncClient meetingsOnly = agent(grants("meetings=read"));
    McpAsyncClient withInvitees = agent(grants("meetings=read", "invitees=read"));
    Map<String, Object> event = Map.of("event", booked.get("event_uri"));

    CallToolResult hidden = call(meetingsOnly, "get_scheduled_event", event);
    CallToolResult shown = call(withInvitees, "get_scheduled_event", event);
    CallToolResult invitees = call(meetingsOnly, "list_event_invitees", event);

    List<Map<String, Object>> people = (List<Map<String, Object>>) structured(hidden).get("invitees");
    assertThat(people).isNotEmpty().allSatisfy(person -> assertThat(person)
        .containsEntry("name", "[hidden]").containsEntry("email", "[hidden]").containsEntry("questions_and_answers", List.of()));
    assertThat(hidden.structuredContent().toString() + text(hidden) + invitees.structuredContent() + text(invitees))
        .doesNotContain("Secretperson", "secretperson@");
    assertThat(text(hidden)).contains("hidden: this agent's policy gives it no invitees access");
    assertThat(structured(hidden).get("start_time")).isEqualTo(structured(shown).get("start_time"));
    assertThat(shown.structuredContent().toString()).contains("jane.secretperson@example.com");
    assertThat(text(call(meetingsOnly, "list_event_invitees",
        Map.of("event", booked.get("event_uri"), "email", "jane.secretperson@example.com"))))
        .contains("needs invitees: read");
  }

  @Test
  void anAgentWithoutMeetingsReadCannotReadTheUpcomingMeetingsResource() {
    McpAsyncClient agent = agent(grants("event_types=read"));
    McpAsyncClient reader = agent(grants("meetings=read", "invitees=read"));
    sandbox.stats().reset();

    assertThatThrownBy(() -> agent.readResource(McpSchema.ReadResourceRequest.builder("calendly://me/upcoming").build())
        .block(Duration.ofSeconds(20)))
        .hasMessageContaining("needs meetings: read").hasMessageContaining("--grant meetings=read");
    assertThat(sandbox.stats().total()).isZero();
    assertThat(reader.readResource(McpSchema.ReadResourceRequest.builder("calendly://me/upcoming").build())
        .block(Duration.ofSeconds(20)).contents()).isNotEmpty();
  }

  @Test
  void overStdioResourcesAndTemplatesAreListedOnlyWhereTheLocalPolicyLetsTheAgentRead() {
    McpAsyncClient eventTypes = agent(grants("event_types=read"));
    McpAsyncClient everything = agent(Policy.unrestricted());

    assertThat(eventTypes.listResources().block(Duration.ofSeconds(10)).resources())
        .extracting(McpSchema.Resource::uri).containsExactly("calendly://event-types");
    assertThat(eventTypes.listResourceTemplates().block(Duration.ofSeconds(10)).resourceTemplates())
        .extracting(McpSchema.ResourceTemplate::uriTemplate).containsExactly("calendly://event-types/{uuid}");
    assertThat(everything.listResources().block(Duration.ofSeconds(10)).resources())
        .extracting(McpSchema.Resource::uri)
        .contains("calendly://me/upcoming", "calendly://event-types", "calendly://audit/recent");
  }
}
