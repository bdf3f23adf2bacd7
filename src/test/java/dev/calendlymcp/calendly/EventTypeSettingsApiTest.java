package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.page;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailabilitySchedule;
import dev.calendlymcp.calendly.model.EventTypeHost;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.EventTypeSettings;
import dev.calendlymcp.calendly.model.Weekday;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypeSettingsApiTest extends WireMockCalendlyTest {

  static final String EVENT_TYPE = "https://api.calendly.com/event_types/EVENTTYPEAAAAAAA";
  static final String USER = "https://api.calendly.com/users/USERAAAAAAAAAAAA";

  private static EventTypeSettings settings(String name, URI owner, Integer duration, List<Integer> options,
      Integer increment, Integer before, Integer after) {
    return new EventTypeSettings(name, owner, duration, options, null, null, null, null, null, increment, before, after);
  }

  private static String host(String email, String user) {
    return "{\"uri\":\"https://api.calendly.com/event_type_memberships/M" + email.length()
        + "\",\"event_type\":\"" + EVENT_TYPE + "\",\"user\":{\"uri\":\"" + user + "\",\"name\":\"Host\",\"email\":\""
        + email + "\",\"timezone\":\"Europe/Paris\"},\"created_at\":\"2026-01-01T00:00:00.000000Z\"}";
  }

  @Test
  void createSendsTheSettingsAndReadsTheNewEventType() {
    wm.stubFor(post(urlEqualTo("/event_types")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(resource(fixture("event_type.json")))));

    EventType created = client.eventTypeSettings().create(new EventTypeSettings(
        "Intro", URI.create(USER), 45, List.of(45, 60), "Say hello", "#1a73e8", true, "en",
        List.of(EventTypeLocation.of("zoom_conference", null)), 15, 10, 0)).block();

    assertThat(created).isNotNull();
    assertThat(created.uri()).isNotNull();
    wm.verify(postRequestedFor(urlEqualTo("/event_types")).withRequestBody(equalToJson(
        "{\"name\":\"Intro\",\"owner\":\"" + USER + "\",\"duration\":45,\"duration_options\":[45,60],"
            + "\"description\":\"Say hello\",\"color\":\"#1a73e8\",\"active\":true,\"locale\":\"en\","
            + "\"locations\":[{\"kind\":\"zoom_conference\"}],\"start_time_increment\":15,\"before_buffer\":10,"
            + "\"after_buffer\":0}")));
  }

  @Test
  void anUpdateSendsOnlyTheChangedFieldsWithPatch() {
    wm.stubFor(patch(urlEqualTo("/event_types/EVENTTYPEAAAAAAA")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(resource(fixture("event_type.json")))));

    client.eventTypeSettings().update(EVENT_TYPE, settings(null, null, 60, null, null, null, 30)).block();

    wm.verify(patchRequestedFor(urlEqualTo("/event_types/EVENTTYPEAAAAAAA"))
        .withHeader("Authorization", equalTo("Bearer " + TOKEN))
        .withRequestBody(equalToJson("{\"duration\":60,\"after_buffer\":30}")));
  }

  @Test
  void settingsOutsideCalendlysLimitsAreRefusedBeforeSending() {
    assertRejectedBeforeSending(client.eventTypeSettings().create(settings("X", null, 30, null, null, null, null)), "owner");
    assertRejectedBeforeSending(client.eventTypeSettings().update(EVENT_TYPE, settings(null, null, 30, null, null, 7, null)), "before_buffer");
    assertRejectedBeforeSending(client.eventTypeSettings().update(EVENT_TYPE, settings(null, null, null, null, 4, null, null)), "start_time_increment");
    assertRejectedBeforeSending(client.eventTypeSettings().update(EVENT_TYPE, settings(null, null, 30, List.of(45), null, null, null)), "duration");
    assertRejectedBeforeSending(client.eventTypeSettings().update(EVENT_TYPE, settings(null, null, null, List.of(1, 2, 3, 4, 5), null, null, null)), "duration_options");
    assertRejectedBeforeSending(client.eventTypeSettings().update(EVENT_TYPE, settings(null, URI.create(USER), null, null, null, null, null)), "owner");
    assertRejectedBeforeSending(client.eventTypeSettings().update("not a uri/", settings("X", null, null, null, null, null, null)), "event_type");
  }

  @Test
  void calendlysRefusalOfAGroupEventTypeArrivesAsABadRequestWithItsDetails() {
    wm.stubFor(patch(urlEqualTo("/event_types/EVENTTYPEAAAAAAA")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"title\":\"Invalid Argument\",\"message\":\"The supplied"
            + " parameters are invalid.\",\"details\":[{\"parameter\":\"uuid\",\"message\":\"Currently, this endpoint only"
            + " supports one-on-one event types (kind: solo).\"}]}")));

    CalendlyException.BadRequest e = catchThrowableOfType(CalendlyException.BadRequest.class,
        () -> client.eventTypeSettings().update(EVENT_TYPE, settings("X", null, null, null, null, null, null)).block());

    assertThat(e.details()).extracting(CalendlyException.FieldError::parameter).containsExactly("uuid");
  }

  @Test
  void hostsArePagedByPageToken() {
    wm.stubFor(get(urlPathEqualTo("/event_type_memberships")).withQueryParam("page_token", equalTo("P2")).atPriority(1)
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page(null, host("b@example.com", USER + "B")))));
    wm.stubFor(get(urlPathEqualTo("/event_type_memberships")).withQueryParam("event_type", equalTo(EVENT_TYPE))
        .withQueryParam("count", equalTo("1")).atPriority(5)
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page("P2", host("a@ex.com", USER)))));

    List<EventTypeHost> hosts = client.eventTypeSettings().allHosts(EVENT_TYPE, 1).collectList().block();

    assertThat(hosts).extracting(h -> h.user().email()).containsExactly("a@ex.com", "b@example.com");
    assertThat(hosts.get(0).eventType()).isEqualTo(URI.create(EVENT_TYPE));
    assertThat(hosts.get(0).user().uri()).isEqualTo(URI.create(USER));
  }

  @Test
  void theEventTypesHoursAreReadAndReplacedWithTheEventTypeInTheQuery() {
    String schedule = "{\"event_type\":\"" + EVENT_TYPE + "\",\"availability_setting\":\"host\",\"availability_rule\":"
        + "{\"timezone\":\"Asia/Tokyo\",\"rules\":[{\"type\":\"wday\",\"wday\":\"friday\",\"intervals\":"
        + "[{\"from\":\"10:00\",\"to\":\"12:00\"}]}]}}";
    wm.stubFor(get(urlPathEqualTo("/event_type_availability_schedules")).withQueryParam("event_type", equalTo(EVENT_TYPE))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page(null, schedule))));
    wm.stubFor(patch(urlPathEqualTo("/event_type_availability_schedules")).withQueryParam("event_type", equalTo(EVENT_TYPE))
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page(null, schedule))));
    EventTypeAvailabilitySchedule.Rule rule = new EventTypeAvailabilitySchedule.Rule("Asia/Tokyo", null, List.of(
        new AvailabilityRule(AvailabilityRule.Type.WDAY, Weekday.FRIDAY, null, List.of(new AvailabilityRule.Interval("10:00", "12:00")))));

    List<EventTypeAvailabilitySchedule> read = client.eventTypeSettings().availability(EVENT_TYPE).block();
    List<EventTypeAvailabilitySchedule> written = client.eventTypeSettings().updateAvailability(EVENT_TYPE, rule).block();

    assertThat(read).singleElement().satisfies(s -> {
      assertThat(s.availabilityRule().timezone()).isEqualTo("Asia/Tokyo");
      assertThat(s.availabilityRule().rules().get(0).wday()).isEqualTo(Weekday.FRIDAY);
    });
    assertThat(written).hasSize(1);
    wm.verify(patchRequestedFor(urlPathEqualTo("/event_type_availability_schedules")).withRequestBody(equalToJson(
        "{\"availability_rule\":{\"timezone\":\"Asia/Tokyo\",\"rules\":[{\"type\":\"wday\",\"wday\":\"friday\","
            + "\"intervals\":[{\"from\":\"10:00\",\"to\":\"12:00\"}]}]},\"availability_setting\":\"host\"}")));
  }

  @Test
  void anUpdateAnsweredWithOneResourceIsReadToo() {
    wm.stubFor(patch(urlPathEqualTo("/event_type_availability_schedules")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody(resource("{\"availability_rule\":{\"timezone\":\"UTC\",\"rules\":[]}}"))));

    List<EventTypeAvailabilitySchedule> written = client.eventTypeSettings()
        .updateAvailability(EVENT_TYPE, new EventTypeAvailabilitySchedule.Rule("UTC", null, List.of())).block();

    assertThat(written).singleElement().extracting(s -> s.availabilityRule().timezone()).isEqualTo("UTC");
  }

  @Test
  void badHoursAreRefusedBeforeSending() {
    EventTypeAvailabilitySchedule.Rule backwards = new EventTypeAvailabilitySchedule.Rule("UTC", null, List.of(
        new AvailabilityRule(AvailabilityRule.Type.WDAY, Weekday.MONDAY, null, List.of(new AvailabilityRule.Interval("12:00", "09:00")))));
    EventTypeAvailabilitySchedule.Rule noDay = new EventTypeAvailabilitySchedule.Rule("UTC", null, List.of(
        new AvailabilityRule(AvailabilityRule.Type.WDAY, null, null, List.of())));

    assertRejectedBeforeSending(client.eventTypeSettings().updateAvailability(EVENT_TYPE, backwards), "intervals[0]");
    assertRejectedBeforeSending(client.eventTypeSettings().updateAvailability(EVENT_TYPE, noDay), "rules[0]");
    assertRejectedBeforeSending(client.eventTypeSettings().updateAvailability(EVENT_TYPE,
        new EventTypeAvailabilitySchedule.Rule("Mars/Base", null, List.of())), "timezone");
  }

  @Test
  void aMissingAvailabilityWriteScopeIsNamed() {
    wm.stubFor(patch(urlPathEqualTo("/event_type_availability_schedules")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"title\":\"Permission Denied\",\"message\":\"no\"}")));

    CalendlyException.PermissionDenied e = catchThrowableOfType(CalendlyException.PermissionDenied.class,
        () -> client.eventTypeSettings().updateAvailability(EVENT_TYPE, new EventTypeAvailabilitySchedule.Rule("UTC", null, List.of())).block());

    assertThat(e).hasMessageContaining("availability:write");
  }
}
