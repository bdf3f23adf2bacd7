package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.structured;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.auth.store.PendingAuthorization;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Everything every logger writes at DEBUG (ours, Netty's, the MCP SDK's, the sandbox's) while a
 * confidential client goes through consent, Calendly, tokens, tool calls and both refreshes, and
 * then through the failures that log the most: forged forms, replayed codes and refresh tokens,
 * tampered tokens, Calendly refusing a code and ending a grant. No secret any of that handled may
 * appear in any of it.
 */
@Timeout(90)
class OAuthLogSecrecyTest {

  /** The loggers that have levels of their own besides the root (see StderrLogging). */
  private static final List<String> LOGGERS = List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "io.netty", "reactor.netty",
      "io.modelcontextprotocol", "io.modelcontextprotocol.client", "dev.calendlymcp");

  /** Every secret the flow handled, by what it is (the label names a leak without printing it). */
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private OAuthServerFixture fixture;
  private OAuthDance dance;
  private OAuthDance.Discovery discovery;
  private String clientId;
  private String clientSecret;
  /** The code exchange as the client sent it, to replay. */
  private final Map<String, String> exchange = new LinkedHashMap<>();
  private OAuthDance.Tokens first;
  private OAuthDance.Tokens latest;
  private List<RawHttp.Reply> malformed = List.of();

  @Test
  void debugLogsOfTheWholeFlowAndItsFailuresHoldNoCodeTokenVerifierCookieCsrfTokenOrSecret() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Map<String, Level> levels = new LinkedHashMap<>();
    LOGGERS.forEach(name -> levels.put(name, context.getLogger(name).getLevel()));
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(captured);
    LOGGERS.forEach(name -> context.getLogger(name).setLevel(Level.DEBUG));
    List<ILoggingEvent> events;
    try (OAuthServerFixture started = new OAuthServerFixture(false)) {
      fixture = started;
      signInAndUse();
      failInTheWaysThatLogTheMost();
      malformed = sendMalformedRequestsCarryingSecrets();
    } finally {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
      levels.forEach((name, level) -> context.getLogger(name).setLevel(level));
      events = List.copyOf(captured.list);
    }

    assertThat(events).as("DEBUG lines of our own to inspect")
        .anyMatch(event -> event.getLevel() == Level.DEBUG && event.getLoggerName().startsWith("dev.calendlymcp"));
    StringBuilder everything = new StringBuilder();
    for (ILoggingEvent event : events) {
      everything.append(event.getFormattedMessage()).append('\n');
      if (event.getThrowableProxy() != null) {
        everything.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
      }
    }
    assertThat(secrets).hasSizeGreaterThan(15);
    secrets.forEach((what, secret) -> {
      assertThat(secret).as(what).hasSizeGreaterThanOrEqualTo(16);
      assertThat(everything.indexOf(secret)).as("%s is in the log", what).isEqualTo(-1);
    });
    assertThat(malformed).extracting(RawHttp.Reply::status).allMatch(status -> status == 400 || status == 401);
  }

  private void keep(String what, String secret) {
    assertThat(secrets.put(what, secret)).as("one secret per label: %s", what).isNull();
  }

  /** A confidential client's whole life: consent, Calendly, tokens, tool calls, both refreshes. */
  private void signInAndUse() {
    dance = fixture.dance();
    discovery = dance.discover();
    keep("Calendly app secret", fixture.sandbox.oauthApp().clientSecret());
    JsonNode registration = dance.registered(discovery, "Logged Agent", "client_secret_post");
    clientId = registration.get("client_id").asString();
    clientSecret = registration.get("client_secret").asString();
    keep("client secret", clientSecret);

    CodeVerifier verifier = new CodeVerifier();
    keep("client PKCE verifier", verifier.getValue());
    OAuthDance.Landing page = dance.startAuthorization(discovery,
        dance.authorizationQuery(discovery, clientId, verifier, "client-state", fixture.teamsOwner.email()));
    Map<String, String> form = new LinkedHashMap<>(page.hiddenFields());
    form.putAll(OAuthDance.choices(page.page().body()));
    form.put("decision", "approve");
    keep("CSRF token", form.get("csrf_token"));
    URI consent = page.location().resolve("/consent");
    assertThat(fixture.dance().post(consent, form).statusCode()).as("posted without the cookie").isEqualTo(403);
    URI toCalendly = URI.create(dance.post(consent, form).headers().firstValue("Location").orElseThrow());

    // Our login at Calendly: its state, and our PKCE verifier for it (peeked at in the store).
    String state = OAuthDance.parameter(toCalendly, "state");
    keep("login state at Calendly", state);
    PendingAuthorization pending = fixture.store.takePending(state, fixture.clock.instant()).block();
    fixture.store.savePending(pending).block();
    keep("our PKCE verifier at Calendly", pending.upstreamVerifier().reveal());
    String code = dance.browse(toCalendly).parameter("code");
    keep("our authorization code", code);
    keep("Calendly's authorization code", OAuthDance.parameter(callback(), "code"));
    dance.cookies().forEach((name, value) -> keep("cookie " + name, value));

    exchange.put("grant_type", "authorization_code");
    exchange.put("code", code);
    exchange.put("redirect_uri", OAuthDance.REDIRECT.toString());
    exchange.put("code_verifier", verifier.getValue());
    exchange.put("client_id", clientId);
    exchange.put("client_secret", "wrong-" + clientSecret);
    assertThat(dance.post(discovery.tokenEndpoint(), exchange).statusCode()).isEqualTo(401);
    exchange.put("client_secret", clientSecret);
    first = dance.tokens(clientId, dance.post(discovery.tokenEndpoint(), exchange));
    keep("access token", first.accessToken());
    keep("refresh token", first.refreshToken());
    keepCalendlyTokens("first");
    callWhoami(first);

    // Ours, then three hours on Calendly's behind a tool call.
    latest = refresh(first, "refreshed");
    fixture.clock.advance(Duration.ofHours(3));
    latest = refresh(latest, "three hours on");
    callWhoami(latest);
    keepCalendlyTokens("refreshed");
  }

  /** The failures that log the most, each with what it was handed. */
  private void failInTheWaysThatLogTheMost() {
    String tampered = latest.accessToken().substring(0, latest.accessToken().length() - 6) + "AAAAAA";
    keep("tampered access token", tampered);
    assertThat(dance.initialize(tampered).statusCode()).isEqualTo(401);
    assertThat(dance.browse(callback()).page().statusCode()).as("Calendly's answer replayed").isEqualTo(400);
    // Consent is remembered now: this browser goes straight on to Calendly.
    String second = OAuthDance.parameter(dance.firstHop(discovery,
        dance.authorizationQuery(discovery, clientId, new CodeVerifier(), "second", fixture.teamsOwner.email())), "state");
    keep("second login state at Calendly", second);
    assertThat(dance.browse(URI.create(discovery.issuer() + "/oauth/callback?code=not-a-code&state=" + second))
        .parameter("error")).isEqualTo("server_error");

    // Calendly ends the grant; then the replays that would end it on our side.
    fixture.calendly.revoke(fixture.grantOf(latest.accessToken()).calendly().refreshToken()).block();
    fixture.clock.advance(Duration.ofHours(3));
    OAuthDance.Tokens last = refresh(latest, "after Calendly ended the grant");
    try (McpSyncClient client = fixture.client(last.accessToken())) {
      assertThat(client.callTool(CallToolRequest.builder("whoami").arguments(Map.of()).build()).isError()).isTrue();
    }
    assertThat(dance.post(discovery.tokenEndpoint(), Map.of("grant_type", "refresh_token",
        "refresh_token", first.refreshToken(), "client_id", clientId, "client_secret", clientSecret)).statusCode())
        .isEqualTo(400);
    assertThat(dance.post(discovery.tokenEndpoint(), exchange).statusCode()).isEqualTo(400);
    assertThat(dance.post(discovery.revocationEndpoint(), Map.of("token", last.refreshToken(),
        "client_id", clientId, "client_secret", clientSecret)).statusCode()).isEqualTo(200);
  }

  /**
   * Requests whose query or form cannot be decoded, or holds what Nimbus will not quote: the
   * exceptions they raise describe the whole query or form, codes and tokens included. Sent raw,
   * so the bytes reach the server as written.
   */
  private List<RawHttp.Reply> sendMalformedRequestsCarryingSecrets() {
    URI server = fixture.server.publicUrl();
    String form = "application/x-www-form-urlencoded";
    return List.of(
        RawHttp.get(server, "/oauth/callback?code=" + marker("malformed callback code") + "&state="
            + marker("malformed callback state") + "%zz"),
        RawHttp.get(server, "/authorize?client_id=" + clientId + "&state=" + marker("raw-quoted authorize state")
            + "{|^\""),
        RawHttp.get(server, "/authorize?client_id=" + clientId + "&state=" + marker("malformed authorize state") + "%zz"),
        RawHttp.post(server, "/consent", form, ("csrf_token=" + marker("malformed consent CSRF token") + "&ticket="
            + marker("malformed consent ticket") + "%zz").getBytes(StandardCharsets.US_ASCII)),
        RawHttp.post(server, "/consents", form, ("csrf_token=" + marker("malformed withdrawal CSRF token")
            + "&client_id=%zz").getBytes(StandardCharsets.US_ASCII)),
        RawHttp.post(server, "/register", "application/json", ("{\"redirect_uris\":[\"https://app.example/"
            + marker("registered redirect path") + "\\\"x\"]}").getBytes(StandardCharsets.UTF_8)),
        RawHttp.post(server, "/token", form, ("grant_type=authorization_code&code=" + marker("code with a quoted resource")
            + "&client_id=" + clientId + "&resource=%22%0a").getBytes(StandardCharsets.US_ASCII)),
        RawHttp.post(server, "/revoke", form, ("token=" + marker("malformed revoked token") + "%zz&client_id=" + clientId)
            .getBytes(StandardCharsets.US_ASCII)));
  }

  /** A random value standing for a secret sent in a malformed request. */
  private String marker(String what) {
    String value = UUID.randomUUID().toString().replace("-", "");
    keep(what, value);
    return value;
  }

  /** Calendly's redirect to our callback, as the browser followed it. */
  private URI callback() {
    return dance.visited().stream().filter(uri -> uri.getPath().equals("/oauth/callback")).findFirst().orElseThrow();
  }

  private OAuthDance.Tokens refresh(OAuthDance.Tokens tokens, String when) {
    OAuthDance.Tokens next = dance.refreshed(tokens, dance.post(discovery.tokenEndpoint(), Map.of(
        "grant_type", "refresh_token", "refresh_token", tokens.refreshToken(),
        "client_id", clientId, "client_secret", clientSecret)));
    keep("access token " + when, next.accessToken());
    keep("refresh token " + when, next.refreshToken());
    return next;
  }

  private void callWhoami(OAuthDance.Tokens tokens) {
    try (McpSyncClient client = fixture.client(tokens.accessToken())) {
      structured(client.callTool(CallToolRequest.builder("whoami").arguments(Map.of()).build()));
    }
  }

  private void keepCalendlyTokens(String which) {
    Grant grant = fixture.grantOf(first.accessToken());
    keep("Calendly access token, " + which, grant.calendly().accessToken().reveal());
    keep("Calendly refresh token, " + which, grant.calendly().refreshToken().reveal());
  }
}
