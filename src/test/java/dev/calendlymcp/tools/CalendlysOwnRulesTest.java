package dev.calendlymcp.tools;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * Tools against answers of Calendly's that the sandbox does not give: a 403 for a teammate's
 * meetings asked for without the organization, a rate budget nearly spent, and a booking refused
 * because the event type changed since it was read (switched off, or its locations changed).
 */
class CalendlysOwnRulesTest {

  @RegisterExtension
  static WireMockExtension calendly = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String API = "https://api.calendly.com";
  private static final String ME = API + "/users/AAAAAAAAAAAAAAAA";
  private static final String ORGANIZATION = API + "/organizations/AAAAAAAAAAAAAAAA";
  private static final String TEAMMATE = API + "/users/BBBBBBBBBBBBBBBB";
  private static final String EVENT_TYPE = API + "/event_types/CCCCCCCCCCCCCCCC";
  private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
  private static final Instant SLOT = Instant.parse("2026-12-01T15:00:00Z");

  private CalendlyHttp http;
  private ToolContext context;

  @BeforeEach
  void connect() {
    http = CalendlyHttp.create(
        CalendlyConfig.defaults().withApiBaseUrl(URI.create(calendly.baseUrl())).withResponseTimeout(Duration.ofSeconds(2)));
    AccessToken token = AccessToken.of("pat-calendly-rules-test");
    ClientOptions options = ClientOptions.defaults();
    CalendlyClient client = CalendlyClient.create(http, token, options);
    CalendlyAccess access = new WireMockAccess(client, options, token, Optional::empty);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    context = new ToolContext("test", NOW.plusSeconds(30), clock, access, ProgressReporter.NONE, Mono.never());
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(user(ME, "Ann Host", "ann@acme.example"))));
  }

  @AfterEach
  void disconnect() {
    http.close();
  }

  private static String user(String uri, String name, String email) {
    return "{\"resource\":{\"uri\":\"" + uri + "\",\"name\":\"" + name + "\",\"email\":\"" + email + "\","
        + "\"timezone\":\"Europe/Paris\",\"current_organization\":\"" + ORGANIZATION + "\"}}";
  }

  private ToolResult call(ToolDefinition tool, Map<String, Object> arguments) {
    return tool.handler().handle(new ToolArguments(arguments), context).block(Duration.ofSeconds(10));
  }

  private String failure(ToolDefinition tool, Map<String, Object> arguments) {
    try {
      ToolResult result = call(tool, arguments);
      throw new AssertionError("expected a failure, got " + (result == null ? null : result.text()));
    } catch (RuntimeException e) {
      return ToolErrors.describe(e, "Reconnect.").orElseThrow(() -> e);
    }
  }

  @Test
  void aTeammatesMeetingsAreAskedForWithTheOrganizationAsCalendlyRequires() {
    calendly.stubFor(get(urlEqualTo("/users/BBBBBBBBBBBBBBBB"))
        .willReturn(okJson(user(TEAMMATE, "Bo Mate", "bo@acme.example"))));
    // Calendly answers user alone only for the caller's own meetings.
    calendly.stubFor(get(urlPathEqualTo("/scheduled_events")).atPriority(9).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"title\":\"Permission Denied\",\"message\":\"You do not have permission\"}")));
    calendly.stubFor(get(urlPathEqualTo("/scheduled_events")).atPriority(1)
        .withQueryParam("user", equalTo(TEAMMATE))
        .withQueryParam("organization", equalTo(ORGANIZATION))
        .willReturn(okJson("{\"collection\":[],\"pagination\":{\"count\":0,\"next_page_token\":null}}")));

    ToolResult result = call(new MeetingTools().listScheduledEvents(), Map.of("user", "BBBBBBBBBBBBBBBB"));

    assertThat(result.text()).isEqualTo("No meetings match.");
    calendly.verify(getRequestedFor(urlPathEqualTo("/scheduled_events"))
        .withQueryParam("user", equalTo(TEAMMATE)).withQueryParam("organization", equalTo(ORGANIZATION)));
  }

  @Test
  void theCallersOwnMeetingsAreAskedForWithTheUserAlone() {
    calendly.stubFor(get(urlPathEqualTo("/scheduled_events"))
        .withQueryParam("user", equalTo(ME))
        .withQueryParam("organization", absent())
        .willReturn(okJson("{\"collection\":[],\"pagination\":{\"count\":0,\"next_page_token\":null}}")));

    ToolResult result = call(new MeetingTools().listScheduledEvents(), Map.of("user", "me"));

    assertThat(result.text()).isEqualTo("No meetings match.");
  }

  private static String meeting(int n) {
    return "{\"uri\":\"" + API + "/scheduled_events/EEEEEEEEEEEEEEE" + n + "\",\"name\":\"Call " + n + "\","
        + "\"status\":\"active\",\"start_time\":\"2026-12-0" + (n + 2) + "T10:00:00Z\","
        + "\"end_time\":\"2026-12-0" + (n + 2) + "T10:30:00Z\"}";
  }

  @Test
  void withTheRateBudgetNearlySpentFewerMeetingsHaveTheirInviteesReadAndTheResultSaysWhy() {
    // Calendly says 6 requests are left this minute; listing leaves 5 of them to the calls that follow.
    calendly.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(user(ME, "Ann Host", "ann@acme.example"))
        .withHeader("X-RateLimit-Limit", "60").withHeader("X-RateLimit-Remaining", "6")
        .withHeader("X-RateLimit-Reset", "42")));
    calendly.stubFor(get(urlPathEqualTo("/scheduled_events")).willReturn(okJson(
        "{\"collection\":[" + meeting(1) + "," + meeting(2) + "," + meeting(3) + "],"
            + "\"pagination\":{\"count\":3,\"next_page_token\":null}}")
        .withHeader("X-RateLimit-Limit", "60").withHeader("X-RateLimit-Remaining", "6")
        .withHeader("X-RateLimit-Reset", "41")));
    calendly.stubFor(get(urlPathEqualTo("/scheduled_events/EEEEEEEEEEEEEEE1/invitees")).willReturn(okJson(
        "{\"collection\":[{\"name\":\"Pat Doe\",\"email\":\"pat@example.org\",\"status\":\"active\"}],"
            + "\"pagination\":{\"count\":1,\"next_page_token\":null}}")));
    context.calendly().client().users().me().block(Duration.ofSeconds(5));

    ToolResult result = call(new MeetingTools().listScheduledEvents(), Map.of());

    assertThat(result.text()).contains("Call 1, ", "with Pat Doe <pat@example.org>",
        "Invitees not read for 2 meetings (the rate budget is nearly spent)");
    calendly.verify(1, getRequestedFor(urlPathEqualTo("/scheduled_events/EEEEEEEEEEEEEEE1/invitees")));
    calendly.verify(0, getRequestedFor(urlPathEqualTo("/scheduled_events/EEEEEEEEEEEEEEE2/invitees")));
  }

  private void bookableEventType() {
    calendly.stubFor(get(urlEqualTo("/event_types/CCCCCCCCCCCCCCCC")).willReturn(okJson(
        "{\"resource\":{\"uri\":\"" + EVENT_TYPE + "\",\"name\":\"Intro Call\",\"active\":true,\"slug\":\"intro\","
            + "\"duration\":30,\"kind\":\"solo\",\"type\":\"StandardEventType\","
            + "\"profile\":{\"type\":\"User\",\"name\":\"Ann Host\",\"owner\":\"" + ME + "\"},"
            + "\"locations\":[{\"kind\":\"zoom_conference\"}],\"custom_questions\":[]}}")));
    calendly.stubFor(get(urlPathEqualTo("/event_type_available_times")).willReturn(okJson(
        "{\"collection\":[{\"status\":\"available\",\"invitees_remaining\":1,\"start_time\":\"" + SLOT + "\"}]}")));
  }

  private static Map<String, Object> booking() {
    Map<String, Object> arguments = new LinkedHashMap<>();
    arguments.put("event_type", EVENT_TYPE);
    arguments.put("start_time", SLOT.toString());
    arguments.put("invitee_name", "Pat Doe");
    arguments.put("invitee_email", "pat@example.org");
    arguments.put("invitee_timezone", "Europe/Paris");
    return arguments;
  }

  private static void refuseBooking(String parameter, String message) {
    calendly.stubFor(post(urlEqualTo("/invitees")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are invalid.\","
            + "\"details\":[{\"parameter\":\"" + parameter + "\",\"message\":\"" + message + "\"}]}")));
  }

  @Test
  void anEventTypeSwitchedOffSinceItWasReadIsReportedAsInactiveWithHowToActivateIt() {
    bookableEventType();
    refuseBooking("event_type", "is not active and cannot be booked");

    String error = failure(new BookingTools(new Bookings(Bookings.Settings.defaults())).bookMeeting(), booking());

    assertThat(error).startsWith("The event type 'Intro Call' (" + EVENT_TYPE + ") is inactive")
        .contains("switches it on in Calendly's web app", "update_event_type with active=true", "Nothing was booked.")
        .doesNotContain("Fix the named parameters");
  }

  @Test
  void aLocationCalendlyRefusesIsAnsweredWithTheKindsTheEventTypeOffers() {
    bookableEventType();
    refuseBooking("location.kind", "Specified location kind is not configured for this event type.");
    Map<String, Object> arguments = booking();
    arguments.put("location_kind", "zoom_conference");

    String error = failure(new BookingTools(new Bookings(Bookings.Settings.defaults())).bookMeeting(), arguments);

    assertThat(error).isEqualTo("Calendly refused location_kind 'zoom_conference' for 'Intro Call' (location.kind:"
        + " Specified location kind is not configured for this event type.). When last read, it offers"
        + " zoom_conference (pass one as location_kind, or leave it out for zoom_conference); get_event_type"
        + " shows its locations now. Nothing was booked.");
  }
}
