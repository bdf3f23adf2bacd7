package dev.calendlymcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class SchedulingToolsTest {

  @RegisterExtension
  static WireMockExtension calendly = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private CalendlyHttp http;
  private ToolContext context;
  private List<String> scopes;
  private final ToolDefinition whoami = SchedulingTools.whoami();

  @BeforeEach
  void connect() {
    http = CalendlyHttp.create(
        CalendlyConfig.defaults().withApiBaseUrl(URI.create(calendly.baseUrl())).withResponseTimeout(Duration.ofSeconds(2)));
    AccessToken token = AccessToken.of("pat-scheduling-tools-test");
    ClientOptions options = ClientOptions.defaults();
    CalendlyClient client = CalendlyClient.create(http, token, options);
    CalendlyAccess access = new WireMockAccess(client, options, token, () -> Optional.ofNullable(scopes));
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
    context = new ToolContext("whoami", clock.instant().plusSeconds(30), clock, access, ProgressReporter.NONE, Mono.never());
  }

  @AfterEach
  void disconnect() {
    http.close();
  }

  @Test
  void whoamiReportsTheUserTheUrisAndTheRateBudgetCalendlyReported() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))
        .withHeader("X-RateLimit-Limit", "60")
        .withHeader("X-RateLimit-Remaining", "59")
        .withHeader("X-RateLimit-Reset", "42")));

    ToolResult result = whoami.handler().handle(new ToolArguments(Map.of()), context).block();

    assertThat(result).isNotNull();
    assertThat(result.structured())
        .containsEntry("name", "John Doe")
        .containsEntry("email", "test@example.com")
        .containsEntry("timezone", "America/New York")
        .containsEntry("time_notation", "12h")
        .containsEntry("scheduling_url", "https://calendly.com/acmesales")
        .containsEntry("user_uri", "https://api.calendly.com/users/AAAAAAAAAAAAAAAA")
        .containsEntry("organization_uri", "https://api.calendly.com/organizations/AAAAAAAAAAAAAAAA")
        .doesNotContainKey("scopes");
    assertThat(result.structured().get("rate_limit")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("limit", 60)
        .containsEntry("limit_source", "calendly")
        .containsEntry("queued_calls", 0)
        .containsKeys("remaining", "resets_in_seconds");
    assertThat(result.text())
        .startsWith("You act as John Doe <test@example.com>, time zone America/New York."
            + " Booking page: https://calendly.com/acmesales."
            + " User URI: https://api.calendly.com/users/AAAAAAAAAAAAAAAA;"
            + " organization URI: https://api.calendly.com/organizations/AAAAAAAAAAAAAAAA."
            + " Rate limit: ")
        .contains(" of 60 left, resets in ");
    assertThat(new SchemaValidator().validate(whoami.outputSchema(), result.structured(), "result")).isEmpty();
  }

  @Test
  void whoamiSaysTheLimitIsAnAssumptionUntilCalendlyReportsOne() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))));

    ToolResult result = whoami.handler().handle(new ToolArguments(Map.of()), context).block();

    assertThat(result).isNotNull();
    assertThat(result.structured().get("rate_limit")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsEntry("limit_source", "default");
  }

  @Test
  void whoamiListsTheTokensScopesWhenTheServerKnowsThem() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))));
    scopes = List.of("users:read", "scheduled_events:write");

    ToolResult result = whoami.handler().handle(new ToolArguments(Map.of()), context).block();

    assertThat(result).isNotNull();
    assertThat(result.structured()).containsEntry("scopes", List.of("users:read", "scheduled_events:write"));
    assertThat(result.text()).contains(" Scopes: users:read, scheduled_events:write.");
    assertThat(new SchemaValidator().validate(whoami.outputSchema(), result.structured(), "result")).isEmpty();
  }

  @Test
  void whoamiToleratesAUserWithoutOptionalFields() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(
        "{\"resource\":{\"uri\":\"https://api.calendly.com/users/BBBB\",\"name\":\"Bo\",\"email\":\"bo@example.com\"}}")));

    ToolResult result = whoami.handler().handle(new ToolArguments(Map.of()), context).block();

    assertThat(result).isNotNull();
    assertThat(result.text()).startsWith("You act as Bo <bo@example.com>. User URI: https://api.calendly.com/users/BBBB. Rate limit:");
    assertThat(new SchemaValidator().validate(whoami.outputSchema(), result.structured(), "result")).isEmpty();
  }

  @Test
  void whoamiPassesCalendlysRejectionOnAsATypedError() {
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"title\":\"Unauthenticated\",\"message\":\"The access token is invalid\"}")));

    StepVerifier.create(whoami.handler().handle(new ToolArguments(Map.of()), context))
        .expectError(CalendlyException.Unauthenticated.class)
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void whoamiIsAReadOnlySchedulingTool() {
    assertThat(whoami.toolset()).isEqualTo(Toolset.SCHEDULING);
    assertThat(whoami.hints()).isEqualTo(ToolHints.read());
  }

  private static String fixture(String name) {
    try (InputStream in = SchedulingToolsTest.class.getResourceAsStream("/calendly/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
