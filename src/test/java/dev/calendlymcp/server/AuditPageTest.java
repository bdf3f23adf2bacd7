package dev.calendlymcp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@code /audit}, the page where a signed-in browser's user reads what their agents did: only that
 * user's records, newest first, filters checked strictly, outsiders' text escaped, and nothing at
 * all for a browser that has not signed in.
 */
@Timeout(60)
class AuditPageTest {

  private OAuthServerFixture fixture;
  private OAuthDance alice;
  private OAuthDance bob;
  private OAuthDance.Tokens aliceTokens;
  private String aliceUri;
  private String bobUri;

  @BeforeEach
  void signInTwoUsers() {
    fixture = new OAuthServerFixture(true);
    alice = fixture.dance();
    aliceTokens = alice.signIn("Alice's assistant", fixture.teamsOwner.email());
    aliceUri = fixture.grantOf(aliceTokens.accessToken()).userUri();
    bob = fixture.dance();
    OAuthDance.Tokens bobTokens = bob.signIn("Bob's helper", fixture.sandbox.user(Plan.ENTERPRISE, Role.OWNER).email());
    bobUri = fixture.grantOf(bobTokens.accessToken()).userUri();
    assertThat(bobUri).isNotEqualTo(aliceUri);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  private HttpResponse<String> page(OAuthDance browser, String query) {
    return browser.send(HttpRequest.newBuilder(URI.create(fixture.server.publicUrl() + "/audit" + query)).GET());
  }

  private void record(String user, String agent, String tool, Map<String, String> target, AuditDecision decision,
      Duration ago) {
    fixture.audit.log().append(new AuditRecord(fixture.clock.instant().minus(ago), agent, "client-" + agent, user, tool,
        target, decision, decision == AuditDecision.DENIED ? "cancellation: none" : "booking: write",
        decision == AuditDecision.DENIED ? AuditRecord.ERROR : AuditRecord.OK, "", "", 0, Duration.ofMillis(12)))
        .block(Duration.ofSeconds(5));
  }

  private McpSyncClient agent(String name, String accessToken) {
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(fixture.server.publicUrl().toString())
            .endpoint("/mcp")
            .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                builder.setHeader("Authorization", "Bearer " + accessToken))
            .build())
        .clientInfo(McpSchema.Implementation.builder(name, "1").build())
        .requestTimeout(Duration.ofSeconds(20))
        .build();
    client.initialize();
    return client;
  }

  @Test
  void aUserSeesTheCallsOfTheirOwnAgentsNewestFirstAndNeverAnotherUsers() {
    try (McpSyncClient assistant = agent("Alice's assistant", aliceTokens.accessToken())) {
      assistant.callTool(CallToolRequest.builder("whoami").arguments(Map.of()).build());
    }
    record(aliceUri, "Alice's scheduler", "book_meeting", Map.of("event_type_name", "Intro call"),
        AuditDecision.ALLOWED, Duration.ofMinutes(30));
    record(bobUri, "Bob's helper", "cancel_event", Map.of("event_name", "Board meeting"),
        AuditDecision.DENIED, Duration.ofMinutes(20));

    HttpResponse<String> alicePage = page(alice, "");
    assertThat(alicePage.statusCode()).isEqualTo(200);
    String body = alicePage.body();
    assertThat(body).contains("Alice&#39;s assistant", "used whoami", "Alice&#39;s scheduler", "booked")
        .doesNotContain("Bob", "Board meeting", "cancel");
    // The call made a moment ago comes before the booking made half an hour ago.
    assertThat(body.indexOf("used whoami")).isLessThan(body.indexOf("booked"));

    String bobPage = page(bob, "").body();
    assertThat(bobPage).contains("Bob&#39;s helper", "tried to cancel", "Board meeting")
        .doesNotContain("Alice", "whoami", "Intro call");
  }

  @Test
  void aBrowserThatHasNotSignedInIsRefusedAndShownNoRecord() {
    record(aliceUri, "Alice's scheduler", "book_meeting", Map.of("event_type_name", "Intro call"),
        AuditDecision.ALLOWED, Duration.ofMinutes(1));

    HttpResponse<String> stranger = page(fixture.dance(), "");
    assertThat(stranger.statusCode()).isEqualTo(401);
    assertThat(stranger.body()).contains("has not signed in").doesNotContain("Intro call", "Alice");

    HttpResponse<String> forged = fixture.dance().send(HttpRequest.newBuilder(
            URI.create(fixture.server.publicUrl() + "/audit"))
        .header("Cookie", "__Host-calendly-mcp-session=" + "A".repeat(43)).GET());
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(forged.body()).doesNotContain("Intro call");
    // Even a bad filter tells a stranger nothing more than that.
    assertThat(page(fixture.dance(), "?decision=maybe").statusCode()).isEqualTo(401);
  }

  @Test
  void thePageCarriesTheSameSecurityHeadersAsTheConsentPagesAndTakesOnlyGet() {
    HttpResponse<String> ok = page(alice, "");
    assertThat(ok.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(ok.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "frame-ancestors 'none'", "form-action 'self'");
    assertThat(ok.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(ok.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(ok.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(ok.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    assertThat(ok.body()).contains("name=\"viewport\"").doesNotContain("<script");

    HttpResponse<String> post = alice.post(URI.create(fixture.server.publicUrl() + "/audit"), Map.of("since", "1h"));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
  }

  @Test
  void sinceAgentAndDecisionNarrowTheListAndEmptyFieldsMeanNoFilter() {
    record(aliceUri, "Alice's scheduler", "book_meeting", Map.of("event_type_name", "Old call"),
        AuditDecision.ALLOWED, Duration.ofHours(3));
    record(aliceUri, "Alice's scheduler", "cancel_event", Map.of("event_name", "Denied call"),
        AuditDecision.DENIED, Duration.ofMinutes(10));
    record(aliceUri, "Alice's assistant", "book_meeting", Map.of("event_type_name", "Recent call"),
        AuditDecision.ALLOWED, Duration.ofMinutes(5));

    assertThat(page(alice, "?since=1h").body()).contains("Denied call", "Recent call").doesNotContain("Old call");
    assertThat(page(alice, "?agent=alice%27s+SCHEDULER").body()).contains("Old call", "Denied call")
        .doesNotContain("Recent call");
    assertThat(page(alice, "?agent=client-Alice%27s+assistant").body()).contains("Recent call")
        .doesNotContain("Old call", "Denied call");
    String denied = page(alice, "?decision=denied").body();
    assertThat(denied).contains("Denied call", "<option value=\"denied\" selected>")
        .doesNotContain("Old call", "Recent call");
    assertThat(page(alice, "?since=2h&agent=Alice%27s+scheduler&decision=allowed").body())
        .contains("No calls match these filters.");

    // What a browser sends for the untouched form.
    HttpResponse<String> blank = page(alice, "?since=&agent=&decision=");
    assertThat(blank.statusCode()).isEqualTo(200);
    assertThat(blank.body()).contains("Old call", "Denied call", "Recent call");
  }

  @Test
  void badFilterValuesUnknownOrRepeatedParametersAndUnreadableQueriesAre400sThatEchoNothing() {
    for (String query : new String[] {
        "?since=yesterday", "?since=" + "1".repeat(41) + "h", "?since=%3Cscript%3Ealert(1)%3C/script%3E",
        "?decision=maybe", "?decision=DENIED", "?agent=a%0Ab", "?agent=" + "a".repeat(201),
        "?limit=1000", "?since=1h&since=2h"}) {
      HttpResponse<String> refused = page(alice, query);
      assertThat(refused.statusCode()).as(query).isEqualTo(400);
      assertThat(refused.headers().firstValue("Content-Security-Policy")).as(query).isPresent();
      assertThat(refused.body()).as(query).doesNotContain("<script", "yesterday", "maybe", "1000");
    }
    // A bad percent escape, which java.net.URI cannot even hold.
    String cookies = alice.cookies().entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
        .collect(Collectors.joining("; "));
    Integer malformed = HttpClient.create().baseUrl(fixture.server.publicUrl().toString())
        .headers(headers -> headers.set("Cookie", cookies))
        .get().uri("/audit?since=%zz")
        .responseSingle((response, body) -> Mono.just(response.status().code()))
        .block(Duration.ofSeconds(10));
    assertThat(malformed).isEqualTo(400);
    assertThat(page(alice, "?decision=maybe").body()).contains("decision must be allowed, denied or undecided");
    assertThat(page(alice, "?since=yesterday").body()).contains("since must be a duration");
    assertThat(page(alice, "?limit=1000").body()).contains("only the filters since, agent and decision");
  }

  @Test
  void textWrittenByOutsidersAndAgentsIsEscapedNeverMarkup() {
    record(aliceUri, "<img src=x onerror=alert(1)>Mallory", "book_meeting",
        Map.of("event_type_name", "<script>alert(1)</script>Intro", "invitee_name", "Eve <script src=https://evil.example/x.js",
            "start_time", "2026-11-25T15:00:00Z"),
        AuditDecision.ALLOWED, Duration.ofMinutes(2));
    record(aliceUri, "Agent \"quoted\" & co", "<b>made_up_tool</b>", Map.of(), AuditDecision.UNDECIDED,
        Duration.ofMinutes(1));

    String body = page(alice, "").body();
    assertThat(body).doesNotContain("<script", "<img", "<b>", "onerror=alert")
        .contains("Eve &lt;script src=https://evil.example/x.js", "&lt;b&gt;made_up_tool&lt;/b&gt;",
            "&amp; co");
  }

  @Test
  void aPageShowsAtMostAHundredRecordsAndSaysHowToSeeOlderOnes() {
    for (int i = 0; i < 105; i++) {
      record(aliceUri, "Busy agent", "book_meeting", Map.of("event_type_name", "Call " + i), AuditDecision.ALLOWED,
          Duration.ofMinutes(200 - i));
    }

    String body = page(alice, "").body();
    Matcher items = Pattern.compile("<li[ >]").matcher(body);
    int count = 0;
    while (items.find()) {
      count++;
    }
    assertThat(count).isEqualTo(100);
    assertThat(body).contains("&quot;Call 104&quot;", "shows the newest 100 matching calls")
        .doesNotContain("&quot;Call 4&quot;");
  }
}
