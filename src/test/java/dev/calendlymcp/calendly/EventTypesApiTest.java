package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.jsonResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.page;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.CustomQuestion;
import dev.calendlymcp.calendly.model.DateSetting;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.OneOffEventTypeRequest;
import dev.calendlymcp.calendly.model.Profile;
import java.net.URI;
import java.net.URLEncoder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTypesApiTest extends WireMockCalendlyTest {

  private static final URI USER = URI.create("https://api.calendly.com/users/AAAAAAAAAAAAAAAA");
  private static final URI ORG = URI.create("https://api.calendly.com/organizations/OOOOOOOOOOOOOOOO");
  private static final URI SCHEDULE =
      URI.create("https://api.calendly.com/user_availability_schedules/SSSSSSSSSSSSSSSS");

  @Test
  void listSendsTheUserFilterWithEveryOptionAndReadsThePage() {
    wm.stubFor(
        get(urlPathEqualTo("/event_types"))
            .willReturn(okJson(page("NEXT", fixture("event_type.json"), fixture("event_type_nulls.json")))));

    Page<EventType> page =
        client
            .eventTypes()
            .list(
                EventTypeQuery.forUser(USER)
                    .active(true)
                    .adminManaged(false)
                    .userAvailabilitySchedule(SCHEDULE)
                    .sort("position:asc, name:desc"),
                new PageRequest(50, "PREV"))
            .block();

    assertThat(page).isNotNull();
    assertThat(page.collection()).extracting(EventType::name).containsExactly("15 Minute Meeting", null);
    assertThat(page.nextPageToken()).contains("NEXT");
    wm.verify(
        getRequestedFor(urlPathEqualTo("/event_types"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withQueryParam("user", equalTo(USER.toString()))
            .withQueryParam("organization", absent())
            .withQueryParam("active", equalTo("true"))
            .withQueryParam("admin_managed", equalTo("false"))
            .withQueryParam("user_availability_schedule", equalTo(SCHEDULE.toString()))
            .withQueryParam("sort", equalTo("position:asc,name:desc"))
            .withQueryParam("count", equalTo("50"))
            .withQueryParam("page_token", equalTo("PREV")));
  }

  @Test
  void listByOrganizationSendsOnlyTheOrganization() {
    wm.stubFor(get(urlPathEqualTo("/event_types")).willReturn(okJson(page(null))));

    Page<EventType> page = client.eventTypes().list(EventTypeQuery.forOrganization(ORG), null).block();

    assertThat(page).isNotNull();
    assertThat(page.collection()).isEmpty();
    assertThat(page.nextPageToken()).isEmpty();
    wm.verify(
        getRequestedFor(urlEqualTo("/event_types?organization=" + URLEncoder.encode(ORG.toString(), UTF_8))));
  }

  @Test
  void getAcceptsAUriAndReadsEveryField() {
    wm.stubFor(
        get(urlEqualTo("/event_types/AAAAAAAAAAAAAAAA")).willReturn(okJson(resource(fixture("event_type.json")))));

    EventType type = client.eventTypes().get("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA").block();

    assertThat(type).isNotNull();
    assertThat(type.uri()).isEqualTo(URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"));
    assertThat(type.name()).isEqualTo("15 Minute Meeting");
    assertThat(type.active()).isTrue();
    assertThat(type.bookingMethod()).isEqualTo(EventType.BookingMethod.INSTANT);
    assertThat(type.slug()).isEqualTo("acmesales");
    assertThat(type.schedulingUrl()).isEqualTo(URI.create("https://calendly.com/acmesales"));
    assertThat(type.duration()).isEqualTo(30);
    assertThat(type.durationOptions()).containsExactly(15, 30, 60);
    assertThat(type.kind()).isEqualTo(EventType.Kind.GROUP);
    assertThat(type.poolingType()).isEqualTo(EventType.PoolingType.ROUND_ROBIN);
    assertThat(type.type()).isEqualTo("StandardEventType");
    assertThat(type.color()).isEqualTo("#fff200");
    assertThat(type.createdAt()).isEqualTo(Instant.parse("2019-01-02T03:04:05.678123Z"));
    assertThat(type.updatedAt()).isEqualTo(Instant.parse("2019-08-07T06:05:04.321123Z"));
    assertThat(type.internalNote()).isEqualTo("Internal note");
    assertThat(type.descriptionPlain()).isEqualTo("15 Minute Meeting");
    assertThat(type.descriptionHtml()).isEqualTo("<p>15 Minute Meeting</p>");
    assertThat(type.profile())
        .isEqualTo(new Profile("Team", "Acme Sales", URI.create("https://api.calendly.com/groups/GGGGGGGGGGGGGGGG")));
    assertThat(type.secret()).isTrue();
    assertThat(type.deletedAt()).isEqualTo(Instant.parse("2019-09-10T11:12:13.141516Z"));
    assertThat(type.adminManaged()).isTrue();
    assertThat(type.position()).isEqualTo(2);
    assertThat(type.locale()).isEqualTo("fr");
    assertThat(type.locations())
        .containsExactly(
            new EventTypeLocation("physical", "1 Main St, Springfield", null, "Ring twice"),
            new EventTypeLocation("outbound_call", null, "+1 555-0100", null));
    assertThat(type.customQuestions())
        .containsExactly(
            new CustomQuestion(
                "Company size?", CustomQuestion.Type.SINGLE_SELECT, 0, true, true, List.of("1-10", "11-50", "51+"), true),
            new CustomQuestion("Phone", CustomQuestion.Type.PHONE_NUMBER, 1, false, false, List.of(), false));
    assertThat(type.startTimeIncrement()).isEqualTo(15);
    assertThat(type.beforeBuffer()).isEqualTo(10);
    assertThat(type.afterBuffer()).isEqualTo(5);
  }

  @Test
  void getLeavesNullAndAbsentFieldsNullAndReadsUnknownEnumValuesAsUnknown() {
    wm.stubFor(
        get(urlEqualTo("/event_types/BBBBBBBBBBBBBBBB"))
            .willReturn(okJson(resource(fixture("event_type_nulls.json")))));

    EventType type = client.eventTypes().get("BBBBBBBBBBBBBBBB").block();

    assertThat(type).isNotNull();
    assertThat(type.type()).isEqualTo("AdhocEventType");
    assertThat(type.active()).isFalse();
    assertThat(type.kind()).isEqualTo(EventType.Kind.UNKNOWN);
    assertThat(type.poolingType()).isNull();
    assertThat(type.name()).isNull();
    assertThat(type.slug()).isNull();
    assertThat(type.durationOptions()).isNull();
    assertThat(type.internalNote()).isNull();
    assertThat(type.descriptionPlain()).isNull();
    assertThat(type.descriptionHtml()).isNull();
    assertThat(type.profile()).isNull();
    assertThat(type.deletedAt()).isNull();
    assertThat(type.locale()).isNull();
    assertThat(type.locations()).isNull();
    assertThat(type.startTimeIncrement()).isNull();
    assertThat(type.beforeBuffer()).isNull();
    assertThat(type.afterBuffer()).isNull();
    CustomQuestion question = type.customQuestions().get(0);
    assertThat(question.type()).isEqualTo(CustomQuestion.Type.UNKNOWN);
    assertThat(question.answerChoices()).isNull();
    assertThat(question.includeOther()).isNull();
  }

  @Test
  void createOneOffPostsEveryFieldAsCalendlyNamesThem() {
    wm.stubFor(
        post(urlEqualTo("/one_off_event_types"))
            .willReturn(jsonResponse(resource(fixture("event_type_nulls.json")), 201)));
    URI coHost = URI.create("https://api.calendly.com/users/CCCCCCCCCCCCCCCC");

    EventType created =
        client
            .eventTypes()
            .createOneOff(
                new OneOffEventTypeRequest(
                    "Contract review",
                    USER,
                    List.of(coHost),
                    45,
                    "Europe/Berlin",
                    DateSetting.dateRange(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5)),
                    new EventTypeLocation("physical", "1 Main St, Springfield", null, "Ring twice")))
            .block();

    assertThat(created).isNotNull();
    assertThat(created.type()).isEqualTo("AdhocEventType");
    wm.verify(
        postRequestedFor(urlEqualTo("/one_off_event_types"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "name": "Contract review",
                      "host": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
                      "co_hosts": ["https://api.calendly.com/users/CCCCCCCCCCCCCCCC"],
                      "duration": 45,
                      "timezone": "Europe/Berlin",
                      "date_setting": {"type": "date_range", "start_date": "2026-12-01", "end_date": "2026-12-05"},
                      "location": {"kind": "physical", "location": "1 Main St, Springfield", "additional_info": "Ring twice"}
                    }
                    """)));
  }

  @Test
  void createOneOffLeavesOutOptionalFieldsThatAreNotGiven() {
    wm.stubFor(
        post(urlEqualTo("/one_off_event_types"))
            .willReturn(jsonResponse(resource(fixture("event_type_nulls.json")), 201)));

    client
        .eventTypes()
        .createOneOff(
            new OneOffEventTypeRequest(
                "Quick sync",
                USER,
                null,
                15,
                null,
                DateSetting.dateRange(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1)),
                null))
        .block();

    wm.verify(
        postRequestedFor(urlEqualTo("/one_off_event_types"))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "name": "Quick sync",
                      "host": "https://api.calendly.com/users/AAAAAAAAAAAAAAAA",
                      "duration": 15,
                      "date_setting": {"type": "date_range", "start_date": "2026-12-01", "end_date": "2026-12-01"}
                    }
                    """)));
  }

  @Test
  void listRefusesAQueryWithoutUserOrOrganization() {
    assertRejectedBeforeSending(
        client.eventTypes().list(new EventTypeQuery(null, null, true, null, null, null), null), "user/organization");
    assertRejectedBeforeSending(client.eventTypes().list(null, null), "query");
  }

  @Test
  void listRefusesAQueryWithBothUserAndOrganization() {
    assertRejectedBeforeSending(
        client.eventTypes().list(new EventTypeQuery(USER, ORG, null, null, null, null), null), "user/organization");
  }

  @Test
  void listRefusesBadFilterValues() {
    assertRejectedBeforeSending(
        client.eventTypes().list(EventTypeQuery.forUser(URI.create("users/AAAA")), null), "user");
    assertRejectedBeforeSending(
        client.eventTypes().list(EventTypeQuery.forOrganization(ORG).userAvailabilitySchedule(SCHEDULE), null),
        "user_availability_schedule");
    assertRejectedBeforeSending(
        client.eventTypes().list(EventTypeQuery.forUser(USER).sort("start_time:asc"), null), "sort");
    assertRejectedBeforeSending(
        client.eventTypes().list(EventTypeQuery.forUser(USER).sort("name:up"), null), "sort");
  }

  @Test
  void listAllRefusesAPageSizeOutsideOneToAHundred() {
    assertRejectedBeforeSending(client.eventTypes().listAll(EventTypeQuery.forUser(USER), 0), "count");
    assertRejectedBeforeSending(client.eventTypes().listAll(EventTypeQuery.forUser(USER), 101), "count");
    assertRejectedBeforeSending(client.eventTypes().listAll(EventTypeQuery.forUser(null), 20), "user");
  }

  @Test
  void getRefusesAMalformedReference() {
    assertRejectedBeforeSending(client.eventTypes().get("not a uuid!"), "event_type");
    assertRejectedBeforeSending(client.eventTypes().get(null), "event_type");
  }

  @Test
  void createOneOffRefusesEachInvalidField() {
    DateSetting days = DateSetting.dateRange(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 5));
    assertRejectedBeforeSending(
        client.eventTypes().createOneOff(new OneOffEventTypeRequest(" ", USER, null, 30, null, days, null)), "name");
    assertRejectedBeforeSending(
        client.eventTypes().createOneOff(new OneOffEventTypeRequest("x".repeat(56), USER, null, 30, null, days, null)),
        "name");
    assertRejectedBeforeSending(
        client.eventTypes().createOneOff(new OneOffEventTypeRequest("Call", null, null, 30, null, days, null)), "host");
    assertRejectedBeforeSending(
        client
            .eventTypes()
            .createOneOff(
                new OneOffEventTypeRequest("Call", USER, List.of(USER, URI.create("nope")), 30, null, days, null)),
        "co_hosts[1]");
    assertRejectedBeforeSending(
        client.eventTypes().createOneOff(new OneOffEventTypeRequest("Call", USER, null, 0, null, days, null)),
        "duration");
    assertRejectedBeforeSending(
        client.eventTypes().createOneOff(new OneOffEventTypeRequest("Call", USER, null, 721, null, days, null)),
        "duration");
    assertRejectedBeforeSending(
        client.eventTypes().createOneOff(new OneOffEventTypeRequest("Call", USER, null, 30, "Mars/Olympus", days, null)),
        "timezone");
    assertRejectedBeforeSending(
        client.eventTypes().createOneOff(new OneOffEventTypeRequest("Call", USER, null, 30, null, null, null)),
        "date_setting");
    assertRejectedBeforeSending(
        client
            .eventTypes()
            .createOneOff(
                new OneOffEventTypeRequest(
                    "Call",
                    USER,
                    null,
                    30,
                    null,
                    DateSetting.dateRange(LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 1)),
                    null)),
        "date_setting.end_date");
    assertRejectedBeforeSending(
        client
            .eventTypes()
            .createOneOff(
                new OneOffEventTypeRequest("Call", USER, null, 30, null, days, EventTypeLocation.of(null, "Office"))),
        "location.kind");
  }
}
