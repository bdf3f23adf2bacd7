package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.structured;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditQuery;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.auth.store.Consent;
import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.PolicyResource;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each OAuth agent follows the policy its user chose for it on the consent page, over the real
 * Streamable HTTP transport with the sandbox as Calendly: two agents of one user side by side, a
 * change on the consents page reaching a live session, and the audit naming the agent the user
 * approved.
 */
@Timeout(120)
class OAuthAgentPoliciesTest {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");

  private OAuthServerFixture fixture;
  private OAuthDance browser;
  private OAuthDance.Discovery discovery;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @BeforeEach
  void start() {
    fixture = new OAuthServerFixture(false);
    browser = fixture.dance();
    discovery = browser.discover();
  }

  @AfterEach
  void stop() {
    threads.shutdownNow();
    fixture.close();
  }

  /** A new client approved in this browser with the consent page's choices, changed by {@code changes}. */
  private OAuthDance.Tokens approve(String name, Map<String, String> changes) {
    String clientId = browser.register(discovery, name);
    CodeVerifier verifier = new CodeVerifier();
    OAuthDance.Landing page = browser.startAuthorization(discovery,
        browser.authorizationQuery(discovery, clientId, verifier, "s", fixture.teamsOwner.email()));
    OAuthDance.Landing landed = browser.decide(page, "approve", changes);
    assertThat(landed.redirectedToClient()).as("landed on %s: %s", landed.location(),
        landed.page() == null ? "" : landed.page().body()).isTrue();
    return browser.tokens(clientId, browser.exchange(discovery, clientId, landed.parameter("code"), verifier.getValue()));
  }

  private static List<String> listed(McpSyncClient client) {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  private static String text(CallToolResult result) {
    return result.content().stream().map(content -> ((McpSchema.TextContent) content).text())
        .collect(Collectors.joining("\n"));
  }

  /** A booking's arguments for the first open slot of the user's first event type, found by {@code reader}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> booking(McpSyncClient reader) {
    List<Map<String, Object>> types = (List<Map<String, Object>>) structured(
        reader.callTool(McpSchema.CallToolRequest.builder("list_event_types").arguments(Map.of("active", true)).build()))
        .get("event_types");
    String type = (String) types.get(0).get("uri");
    Instant from = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
    List<Map<String, Object>> slots = (List<Map<String, Object>>) structured(reader.callTool(
        McpSchema.CallToolRequest.builder("find_available_times").arguments(Map.of("event_type", type,
            "start_time", from.toString(), "end_time", from.plus(Duration.ofDays(10)).toString(), "max_results", 1))
            .build())).get("slots");
    Map<String, Object> booking = new LinkedHashMap<>();
    booking.put("event_type", type);
    booking.put("start_time", slots.get(0).get("start_time"));
    booking.put("invitee_name", "Jane Doe");
    booking.put("invitee_email", "jane.doe@example.com");
    booking.put("invitee_timezone", "Europe/Paris");
    return booking;
  }

  private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(arguments).build());
  }

  private URI consents() {
    return URI.create(discovery.issuer() + "/consents");
  }

  /** The consents page's form for {@code clientId}, as the browser would post it unchanged, with its action. */
  private Map<String, String> consentsForm(String clientId, String action) {
    HttpResponse<String> page = browser.send(HttpRequest.newBuilder(consents()).GET());
    assertThat(page.statusCode()).isEqualTo(200);
    String section = List.of(page.body().split("<section class=\"agent\">")).stream()
        .filter(part -> part.contains(clientId)).findFirst().orElseThrow();
    Matcher csrf = CSRF.matcher(section);
    assertThat(csrf.find()).isTrue();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("csrf_token", csrf.group(1));
    form.put("client_id", clientId);
    form.put("action", action);
    form.putAll(OAuthDance.choices(section.substring(0, section.indexOf("</form>"))));
    return form;
  }

  @Test
  void twoAgentsOfOneUserFollowTheirOwnPoliciesSideBySideAndTheReadOnlyOneReachesNothingAtCalendly() throws Exception {
    OAuthDance.Tokens readerTokens = approve("Reader Agent", Map.of());
    OAuthDance.Tokens writerTokens = approve("Writer Agent", Map.of("policy.booking", "write"));
    McpSyncClient reader = fixture.client(readerTokens.accessToken());
    McpSyncClient writer = fixture.client(writerTokens.accessToken());
    Map<String, Object> booking = booking(reader);
    fixture.sandbox.stats().reset();

    CompletableFuture<List<CallToolResult>> refused = CompletableFuture.supplyAsync(() -> List.of(
        call(reader, "book_meeting", booking), call(reader, "book_meeting", booking),
        call(reader, "cancel_event", Map.of("event", "https://api.calendly.com/scheduled_events/AAAAAAAAAAAAAAAA"))),
        threads);
    CompletableFuture<CallToolResult> booked = CompletableFuture.supplyAsync(() -> call(writer, "book_meeting", booking),
        threads);

    assertThat(structured(booked.get(60, TimeUnit.SECONDS))).containsEntry("outcome", "booked");
    for (CallToolResult result : refused.get(60, TimeUnit.SECONDS)) {
      assertThat(result.isError()).isTrue();
      assertThat(text(result)).containsAnyOf("book_meeting needs booking: write", "cancel_event needs cancellation: full")
          .contains("consents page, " + consents());
    }
    assertThat(text(refused.get().get(0))).contains("this agent's policy gives it booking: read");
    // Exactly the writer's booking reached Calendly; the reader's attempts reached nothing there.
    assertThat(fixture.sandbox.stats().count("POST /invitees")).as("%s", fixture.sandbox.stats().counts()).isEqualTo(1);
    assertThat(fixture.sandbox.stats().count("POST /scheduled_events/{uuid}/cancellation")).isZero();
    assertThat(listed(reader)).contains("list_scheduled_events", "find_available_times")
        .doesNotContain("book_meeting", "reschedule_meeting", "cancel_event");
    assertThat(listed(writer)).contains("book_meeting", "reschedule_meeting").doesNotContain("cancel_event");

    // The audit names each agent by the client the user approved, not by what it calls itself.
    List<AuditRecord> denied = fixture.audit.log().read(AuditQuery.all().decision(AuditDecision.DENIED));
    assertThat(denied).extracting(AuditRecord::agent).containsOnly("Reader Agent");
    assertThat(denied).extracting(AuditRecord::agentId).containsOnly(readerTokens.clientId());
    assertThat(denied).extracting(AuditRecord::rule).contains("booking: write", "cancellation: full");
    List<AuditRecord> allowed = fixture.audit.log().read(AuditQuery.all().agent("Writer Agent"));
    assertThat(allowed).extracting(AuditRecord::tool).containsExactly("book_meeting");
    assertThat(allowed.get(0).agentId()).isEqualTo(writerTokens.clientId());
  }

  @Test
  void aChangeOnTheConsentsPageTellsTheAgentsLiveSessionAndItsNextListShowsIt() throws Exception {
    OAuthDance.Tokens readerTokens = approve("Reader Agent", Map.of());
    BlockingQueue<List<McpSchema.Tool>> announced = new LinkedBlockingQueue<>();
    McpSyncClient reader = fixture.client(readerTokens.accessToken(), spec -> spec.toolsChangeConsumer(announced::add));
    assertThat(listed(reader)).doesNotContain("book_meeting");

    Map<String, String> form = consentsForm(readerTokens.clientId(), "save");
    form.put("policy.booking", "write");
    form.put("policy.invitees", "read");
    HttpResponse<String> saved = browser.post(consents(), form);

    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
    List<McpSchema.Tool> relisted = announced.poll(30, TimeUnit.SECONDS);
    assertThat(relisted).as("notifications/tools/list_changed reached the session").isNotNull();
    assertThat(relisted).extracting(McpSchema.Tool::name).contains("book_meeting");
    assertThat(listed(reader)).contains("book_meeting");
    Consent stored = fixture.store.findConsent(fixture.teamsOwner.userUri(), readerTokens.clientId())
        .block(Duration.ofSeconds(5));
    assertThat(stored.policy().orElseThrow().grantFor(PolicyResource.BOOKING).level()).isEqualTo(AccessLevel.WRITE);
    assertThat(browser.send(HttpRequest.newBuilder(consents()).GET()).body())
        .contains("Reader Agent", "booking: write", "invitees: read");
  }

  @Test
  void resourcesAndTemplatesAreListedOnlyWhereTheAgentsPolicyLetsItRead() {
    McpSyncClient reader = fixture.client(approve("Reader Agent", Map.of()).accessToken());
    McpSyncClient nothing = fixture.client(approve("Blind Agent", Map.of("policy.meetings", "none",
        "policy.event_types", "none", "policy.compliance", "none")).accessToken());
    McpSyncClient full = fixture.client(approve("Invitee Agent", Map.of("policy.invitees", "read")).accessToken());

    // Meetings come with their invitees: without invitees: read, the upcoming list is not offered.
    assertThat(resources(reader)).contains("calendly://event-types", "calendly://audit/recent")
        .doesNotContain("calendly://me/upcoming");
    assertThat(templates(reader)).contains("calendly://event-types/{uuid}").doesNotContain("calendly://events/{uuid}");
    assertThat(resources(nothing)).isEmpty();
    assertThat(templates(nothing)).isEmpty();
    assertThat(resources(full)).contains("calendly://me/upcoming", "calendly://event-types");
    assertThat(templates(full)).contains("calendly://events/{uuid}", "calendly://event-types/{uuid}");
  }

  private static List<String> resources(McpSyncClient client) {
    return client.listResources().resources().stream().map(McpSchema.Resource::uri).toList();
  }

  private static List<String> templates(McpSyncClient client) {
    return client.listResourceTemplates().resourceTemplates().stream().map(McpSchema.ResourceTemplate::uriTemplate)
        .toList();
  }

  @Test
  void theConsentsPageRefusesAFormNamingAnUnknownResourceOrALevelAboveTheScopeAndChangesNothing() {
    OAuthDance.Tokens readerTokens = approve("Reader Agent", Map.of());
    Map<String, String> unknown = consentsForm(readerTokens.clientId(), "save");
    unknown.put("policy.calendars", "read");
    Map<String, String> badLevel = consentsForm(readerTokens.clientId(), "save");
    badLevel.put("policy.booking", "admin");
    Map<String, String> forged = consentsForm(readerTokens.clientId(), "save");
    forged.put("csrf_token", "forged");

    assertThat(browser.post(consents(), unknown).statusCode()).isEqualTo(400);
    assertThat(browser.post(consents(), badLevel).statusCode()).isEqualTo(400);
    assertThat(browser.post(consents(), forged).statusCode()).isEqualTo(403);
    Consent stored = fixture.store.findConsent(fixture.teamsOwner.userUri(), readerTokens.clientId())
        .block(Duration.ofSeconds(5));
    assertThat(stored.policy().orElseThrow().grantFor(PolicyResource.BOOKING).level()).isEqualTo(AccessLevel.READ);
  }

  @Test
  void aReadOnlyClientIsOfferedNothingAboveReadAndAPostAskingMoreIsRefusedWithoutSpendingTheForm() {
    String clientId = browser.register(discovery, "Read-only Agent");
    Map<String, String> query = browser.authorizationQuery(discovery, clientId,
        new CodeVerifier(), "s", fixture.teamsOwner.email());
    query.put("scope", "calendly:read");
    OAuthDance.Landing page = browser.startAuthorization(discovery, query);

    assertThat(page.page().body()).contains("name=\"policy.booking\"")
        .doesNotContain("value=\"write\"", "value=\"full\"", "name=\"ask.");
    Map<String, String> form = new LinkedHashMap<>(page.hiddenFields());
    form.putAll(OAuthDance.choices(page.page().body()));
    form.put("decision", "approve");
    form.put("policy.booking", "write");
    HttpResponse<String> refused = browser.post(page.location().resolve("/consent"), form);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("policy.booking", "at most read");

    OAuthDance.Landing approved = browser.decide(page, "approve");
    assertThat(approved.redirectedToClient()).as("landed on %s", approved.location()).isTrue();
  }
}
