package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.SchedulingLink;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SchedulingLinksApiTest extends WireMockCalendlyTest {

  static final String EVENT_TYPE = "https://api.calendly.com/event_types/EVENTTYPEAAAAAAA";

  @Test
  void createAsksForASingleUseLinkToTheEventTypeAndReadsIt() {
    wm.stubFor(
        post(urlEqualTo("/scheduling_links"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("scheduling-link.json"))));

    SchedulingLink link = client.schedulingLinks().create(EVENT_TYPE).block();

    assertThat(link).isNotNull();
    assertThat(link.bookingUrl()).isEqualTo(URI.create("https://calendly.com/s/FOO-BAR-SNAFU"));
    assertThat(link.owner()).isEqualTo(URI.create(EVENT_TYPE));
    assertThat(link.ownerType()).isEqualTo("EventType");
    wm.verify(
        postRequestedFor(urlEqualTo("/scheduling_links"))
            .withHeader("Content-Type", containing("application/json"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withRequestBody(
                equalToJson(
                    "{\"max_event_count\":1,\"owner\":\"" + EVENT_TYPE + "\",\"owner_type\":\"EventType\"}")));
  }

  @Test
  void createRejectsAnOwnerThatIsNotAUriBeforeSendingAnything() {
    assertThatThrownBy(() -> client.schedulingLinks().create("EVENTTYPEAAAAAAA").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner");
    assertThatThrownBy(() -> client.schedulingLinks().create(null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("owner is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void createReportsAMissingScopeAsPermissionDeniedNamingTheScope() {
    wm.stubFor(
        post(urlEqualTo("/scheduling_links"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"title\":\"Permission Denied\",\"message\":\"You do not have permission\"}")));

    assertThatThrownBy(() -> client.schedulingLinks().create(EVENT_TYPE).block())
        .isInstanceOf(CalendlyException.PermissionDenied.class)
        .hasMessageContaining("scheduling_links:write");
  }
}
