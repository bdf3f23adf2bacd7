package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.Share;
import dev.calendlymcp.calendly.model.ShareRequest;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocationsAndSharesApiTest extends WireMockCalendlyTest {

  static final String USER = "https://api.calendly.com/users/USERAAAAAAAAAAAA";
  static final String EVENT_TYPE = "https://api.calendly.com/event_types/EVENTTYPEAAAAAAA";

  private static ShareRequest share(String period, LocalDate start, LocalDate end, Integer maxDays) {
    return new ShareRequest(URI.create(EVENT_TYPE), null, null, null, period, start, end, maxDays, null, null, null);
  }

  @Test
  void aUsersLocationsComeInOneUnpagedCollection() {
    wm.stubFor(get(urlPathEqualTo("/locations")).withQueryParam("user", equalTo(USER)).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody("{\"collection\":[{\"kind\":\"zoom_conference\"},"
            + "{\"kind\":\"physical\",\"location\":\"1 Main St\",\"additional_info\":\"Ring twice\"}]}")));

    List<EventTypeLocation> locations = client.locations().ofUser(USER).block();

    assertThat(locations).containsExactly(
        new EventTypeLocation("zoom_conference", null, null, null),
        new EventTypeLocation("physical", "1 Main St", null, "Ring twice"));
  }

  @Test
  void locationsNeedTheirScopeAndAUserUri() {
    wm.stubFor(get(urlPathEqualTo("/locations")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"title\":\"Permission Denied\",\"message\":\"no\"}")));

    CalendlyException.PermissionDenied e = catchThrowableOfType(CalendlyException.PermissionDenied.class,
        () -> client.locations().ofUser(USER).block());

    assertThat(e).hasMessageContaining("locations:read");
    wm.resetRequests();
    assertRejectedBeforeSending(client.locations().ofUser("me"), "user");
  }

  @Test
  void aShareSendsOnlyWhatItChangesAndReadsItsLinkAndSettings() {
    wm.stubFor(post(urlEqualTo("/shares")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(resource(
            "{\"uri\":\"https://api.calendly.com/shares/SHAREAAAAAAAAAAA\",\"status\":\"active\",\"contact\":null,"
                + "\"created_at\":\"2026-03-04T12:00:00.000000Z\",\"scheduling_links\":[{\"booking_url\":"
                + "\"https://calendly.com/d/abc/intro\",\"owner\":\"" + EVENT_TYPE + "\",\"owner_type\":\"EventType\"}],"
                + "\"share_override\":{\"name\":\"For Ana\",\"duration\":45,\"duration_options\":[45],\"period_type\":\"fixed\","
                + "\"start_date\":\"2026-03-10\",\"end_date\":\"2026-03-12\",\"max_booking_time\":null,\"hide_location\":false,"
                + "\"location_configurations\":[{\"kind\":\"physical\",\"location\":\"Cafe\"}],"
                + "\"availability_rule\":{\"timezone\":\"UTC\",\"rules\":[]}}}"))));

    Share share = client.shares().create(new ShareRequest(URI.create(EVENT_TYPE), "For Ana", 45, null, "fixed",
        LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-12"), null, null,
        List.of(EventTypeLocation.of("physical", "Cafe")), null)).block();

    assertThat(share.bookingUrl()).isEqualTo(URI.create("https://calendly.com/d/abc/intro"));
    assertThat(share.status()).isEqualTo("active");
    assertThat(share.shareOverride().duration()).isEqualTo(45);
    assertThat(share.shareOverride().availabilityRule().timezone()).isEqualTo("UTC");
    wm.verify(postRequestedFor(urlEqualTo("/shares")).withRequestBody(equalToJson(
        "{\"event_type\":\"" + EVENT_TYPE + "\",\"name\":\"For Ana\",\"duration\":45,\"period_type\":\"fixed\","
            + "\"start_date\":\"2026-03-10\",\"end_date\":\"2026-03-12\","
            + "\"location_configurations\":[{\"kind\":\"physical\",\"location\":\"Cafe\"}]}")));
  }

  @Test
  void aSharesPeriodNeedsItsDatesOrItsDaysBeforeSending() {
    assertRejectedBeforeSending(client.shares().create(share("fixed", null, null, null)), "start_date");
    assertRejectedBeforeSending(client.shares().create(share("moving", null, null, null)), "max_booking_time");
    assertRejectedBeforeSending(client.shares().create(share("someday", null, null, null)), "period_type");
    assertRejectedBeforeSending(client.shares().create(share("fixed", LocalDate.parse("2026-03-12"), LocalDate.parse("2026-03-10"), null)), "end_date");
  }

  @Test
  void aMissingSharesScopeIsNamed() {
    wm.stubFor(post(urlEqualTo("/shares")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"title\":\"Permission Denied\",\"message\":\"no\"}")));

    CalendlyException.PermissionDenied e = catchThrowableOfType(CalendlyException.PermissionDenied.class,
        () -> client.shares().create(share(null, null, null, null)).block());

    assertThat(e).hasMessageContaining("shares:write");
  }
}
