package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.InviteeNoShow;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NoShowsApiTest extends WireMockCalendlyTest {

  static final String INVITEE = "https://api.calendly.com/scheduled_events/EVENTAAAAAAAAAAA/invitees/INVITEEAAAAAAAAA";
  static final String NO_SHOW = "https://api.calendly.com/invitee_no_shows/NOSHOWAAAAAAAAAA";
  static final String MARK = "{\"uri\":\"" + NO_SHOW + "\",\"invitee\":\"" + INVITEE + "\",\"created_at\":\"2026-03-04T12:00:00.000000Z\"}";

  @Test
  void markingSendsTheInviteeAndReadsTheMark() {
    wm.stubFor(post(urlEqualTo("/invitee_no_shows")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(resource(MARK))));

    InviteeNoShow mark = client.noShows().mark(INVITEE).block();

    assertThat(mark).isEqualTo(new InviteeNoShow(URI.create(NO_SHOW), URI.create(INVITEE), Instant.parse("2026-03-04T12:00:00Z")));
    wm.verify(postRequestedFor(urlEqualTo("/invitee_no_shows")).withRequestBody(equalToJson("{\"invitee\":\"" + INVITEE + "\"}")));
  }

  @Test
  void aMarkIsReadAndUndoneByItsUri() {
    wm.stubFor(get(urlEqualTo("/invitee_no_shows/NOSHOWAAAAAAAAAA")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(resource(MARK))));
    wm.stubFor(delete(urlEqualTo("/invitee_no_shows/NOSHOWAAAAAAAAAA")).willReturn(aResponse().withStatus(204)));

    assertThat(client.noShows().get(NO_SHOW).block().invitee()).isEqualTo(URI.create(INVITEE));
    client.noShows().undo(NO_SHOW).block();

    wm.verify(deleteRequestedFor(urlEqualTo("/invitee_no_shows/NOSHOWAAAAAAAAAA")));
  }

  @Test
  void anUnknownMarkIsNotFoundAndAnAlreadyMarkedInviteeABadRequest() {
    wm.stubFor(delete(urlEqualTo("/invitee_no_shows/NOSHOWAAAAAAAAAA")).willReturn(aResponse().withStatus(404)
        .withHeader("Content-Type", "application/json").withBody("{\"title\":\"Resource Not Found\",\"message\":\"gone\"}")));
    wm.stubFor(post(urlEqualTo("/invitee_no_shows")).willReturn(aResponse().withStatus(400)
        .withHeader("Content-Type", "application/json").withBody("{\"title\":\"Invalid Argument\",\"message\":\"x\","
            + "\"details\":[{\"parameter\":\"invitee\",\"message\":\"is already marked as a no-show\"}]}")));

    assertThatThrownBy(() -> client.noShows().undo(NO_SHOW).block()).isInstanceOf(CalendlyException.NotFound.class);
    assertThatThrownBy(() -> client.noShows().mark(INVITEE).block()).isInstanceOf(CalendlyException.BadRequest.class);
  }

  @Test
  void aMalformedInviteeOrMarkIsRefusedBeforeSending() {
    assertRejectedBeforeSending(client.noShows().mark("INVITEEAAAAAAAAA"), "invitee");
    assertRejectedBeforeSending(client.noShows().undo(""), "no_show");
  }
}
