package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code doctor} against a sandbox, one way of being broken per test. */
@Timeout(60)
class DoctorCommandTest {

  private static Sandbox sandbox;
  @TempDir Path home;
  private String apiBaseUrl = sandbox.apiBaseUrl();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxConfig.defaults());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  private int doctor(String token, Clock clock) {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("CALENDLY_MCP_DATA_DIR", home.resolve("data").toString());
    env.put("CALENDLY_MCP_CACHE_DIR", home.resolve("cache").toString());
    env.put("CALENDLY_API_BASE_URL", apiBaseUrl);
    env.put("CALENDLY_AUTH_BASE_URL", sandbox.authBaseUrl());
    if (token != null) {
      env.put("CALENDLY_TOKEN", token);
    }
    out.reset();
    Console console = new Console(env, new ByteArrayInputStream(new byte[0]), out,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    return new CommandLine(new DoctorCommand(console, clock)).execute();
  }

  private String report() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aValidTokenOnAPaidPlanHasNothingToFix() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    assertThat(doctor(owner.token(), Clock.systemUTC())).as(report()).isZero();
    assertThat(report())
        .contains("ok    Java ", "ok    Credentials: CALENDLY_TOKEN", "ok    Calendly reachable at " + sandbox.apiBaseUrl(),
            "ok    Token valid: " + owner.name(), "ok    Scopes: every read", "ok    Plan: teams",
            "ok    Rate limit: ", "ok    Nothing to fix.")
        .doesNotContain("FIX")
        .doesNotContain(owner.token());
  }

  @Test
  void anExpiredTokenIsToBeReplaced() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    String expired = sandbox.issueToken(owner.userUri(), Scopes.ALL, Duration.ZERO);
    assertThat(doctor(expired, Clock.systemUTC())).isEqualTo(1);
    assertThat(report()).contains("FIX   Calendly refused the token (CALENDLY_TOKEN): it expired or was revoked",
        "calendly-mcp login", "FIX   1 thing to fix").doesNotContain(expired);
  }

  @Test
  void aMissingScopeIsNamedWithWhatItStops() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    List<String> scopes = Scopes.ALL.stream().filter(s -> !s.startsWith("scheduled_events:")).toList();
    assertThat(doctor(sandbox.issueToken(owner.userUri(), scopes), Clock.systemUTC())).isEqualTo(1);
    assertThat(report()).contains("FIX   Scopes missing: scheduled_events:read (meetings)")
        .contains("ok    Plan: teams");
  }

  @Test
  void theFreePlanIsAWarningThatNamesWhatWillBeRefused() {
    SeededUser free = sandbox.user(Plan.FREE, Role.OWNER);
    assertThat(doctor(free.token(), Clock.systemUTC())).as(report()).isZero();
    assertThat(report()).contains("warn  Plan: free", "routing forms, meeting recaps and contacts will be refused");
  }

  @Test
  void aClockFiveMinutesAheadOfCalendlysIsToBeFixedAndOneWithinSecondsIsFine() {
    // The sandbox sends no Date header; a stub of /users/me sends Calendly's, 5 minutes behind us.
    WireMockServer calendly = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
    calendly.start();
    try {
      Instant now = Instant.now();
      calendly.stubFor(WireMock.get(WireMock.urlEqualTo("/users/me")).willReturn(WireMock.okJson(
              "{\"resource\":{\"uri\":\"https://api.calendly.com/users/AAAA\",\"name\":\"Ada\","
                  + "\"email\":\"ada@example.com\",\"current_organization\":\"https://api.calendly.com/organizations/B\"}}")
          .withHeader("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.minus(Duration.ofMinutes(5)).atOffset(ZoneOffset.UTC)))));
      apiBaseUrl = calendly.baseUrl();
      assertThat(doctor("pat-clock-test-0123456789", Clock.fixed(now, ZoneOffset.UTC))).isEqualTo(1);
      assertThat(report()).contains("FIX   Clock: this machine is 300 s ahead of Calendly", "NTP");

      assertThat(doctor("pat-clock-test-0123456789", Clock.fixed(now.minus(Duration.ofMinutes(5)).plusSeconds(2),
          ZoneOffset.UTC))).isZero();
      assertThat(report()).contains("ok    Clock: within 2 s of Calendly's");
    } finally {
      calendly.stop();
    }
  }

  @Test
  void withoutALoginOrTokenItSaysToSignIn() {
    assertThat(doctor(null, Clock.systemUTC())).isEqualTo(1);
    assertThat(report()).contains("FIX   Not signed in: run `calendly-mcp login`");
  }

  @Test
  void clientConfigsThatStartSomethingElseOrDoNotParseAreReported() throws IOException {
    Files.createDirectories(home.resolve(".cursor"));
    Files.writeString(home.resolve(".cursor/mcp.json"),
        "{\"mcpServers\": {\"calendly\": {\"command\": \"java\", \"args\": [\"-jar\", \"/old/calendly-mcp.jar\"],"
            + " \"env\": {\"CALENDLY_TOKEN\": \"pat-in-a-file-0123456789\"}}}}");
    Files.createDirectories(home.resolve(".codeium/windsurf"));
    Files.writeString(home.resolve(".codeium/windsurf/mcp_config.json"), "{\"mcpServers\": {");
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);

    assertThat(doctor(owner.token(), Clock.systemUTC())).isEqualTo(1);
    assertThat(report())
        .contains("warn  Cursor: \"calendly\" keeps a token in " + home.resolve(".cursor/mcp.json"),
            "calendly-mcp config cursor --install")
        .contains("FIX   Windsurf: " + home.resolve(".codeium/windsurf/mcp_config.json") + " does not parse as JSON")
        .doesNotContain("pat-in-a-file");
  }
}
