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
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.CalendarEvent;
import dev.calendlymcp.calendly.model.Cancellation;
import dev.calendlymcp.calendly.model.EventGuest;
import dev.calendlymcp.calendly.model.EventLocation;
import dev.calendlymcp.calendly.model.EventMembership;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.InviteesCounter;
import dev.calendlymcp.calendly.model.NoShow;
import dev.calendlymcp.calendly.model.Payment;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import dev.calendlymcp.calendly.model.Reconfirmation;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.calendly.model.Tracking;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduledEventsApiTest extends WireMockCalendlyTest {

  private static final URI USER = URI.create("https://api.calendly.com/users/AAAAAAAAAAAAAAAA");
  private static final URI ORG = URI.create("https://api.calendly.com/organizations/OOOOOOOOOOOOOOOO");
  private static final URI GROUP = URI.create("https://api.calendly.com/groups/GGGGGGGGGGGGGGGG");
  private static final String EVENT = "https://api.calendly.com/scheduled_events/EEEEEEEEEEEEEEEE";
  private static final String INVITEE = EVENT + "/invitees/IIIIIIIIIIIIIIII";

  @Test
  void listSendsEveryFilterAsCalendlyNamesIt() {
    wm.stubFor(get(urlPathEqualTo("/scheduled_events")).willReturn(okJson(page(null, fixture("scheduled_event.json")))));

    Page<ScheduledEvent> page =
        client
            .scheduledEvents()
            .list(
                ScheduledEventQuery.forOrganization(ORG)
                    .user(USER)
                    .inviteeEmail("jane@example.com")
                    .status(EventStatus.ACTIVE)
                    .minStartTime(Instant.parse("2026-12-01T00:00:00Z"))
                    .maxStartTime(Instant.parse("2026-12-08T00:00:00.500Z"))
                    .sort("start_time:desc"),
                new PageRequest(10, "TOKEN"))
            .block();

    assertThat(page).isNotNull();
    assertThat(page.collection()).extracting(ScheduledEvent::name).containsExactly("15 Minute Meeting");
    wm.verify(
        getRequestedFor(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("organization", equalTo(ORG.toString()))
            .withQueryParam("user", equalTo(USER.toString()))
            .withQueryParam("group", absent())
            .withQueryParam("invitee_email", equalTo("jane@example.com"))
            .withQueryParam("status", equalTo("active"))
            .withQueryParam("min_start_time", equalTo("2026-12-01T00:00:00Z"))
            .withQueryParam("max_start_time", equalTo("2026-12-08T00:00:00.500Z"))
            .withQueryParam("sort", equalTo("start_time:desc"))
            .withQueryParam("count", equalTo("10"))
            .withQueryParam("page_token", equalTo("TOKEN")));
  }

  @Test
  void listByGroupSendsOnlyTheGroup() {
    wm.stubFor(get(urlPathEqualTo("/scheduled_events")).willReturn(okJson(page(null))));

    client.scheduledEvents().list(ScheduledEventQuery.forGroup(GROUP), null).block();

    wm.verify(
        getRequestedFor(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("group", equalTo(GROUP.toString()))
            .withQueryParam("user", absent())
            .withQueryParam("organization", absent())
            .withQueryParam("count", absent()));
  }

  @Test
  void listAllFollowsTheNextPageTokenAndKeepsTheFilters() {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("page_token", absent())
            .willReturn(okJson(page("PAGE2", fixture("scheduled_event.json"), fixture("scheduled_event_nulls.json")))));
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events"))
            .withQueryParam("page_token", equalTo("PAGE2"))
            .willReturn(okJson(page(null, fixture("scheduled_event.json")))));

    List<ScheduledEvent> events =
        client
            .scheduledEvents()
            .listAll(ScheduledEventQuery.forMember(ORG, USER).status(EventStatus.ACTIVE), 2)
            .collectList()
            .block();

    assertThat(events)
        .extracting(e -> e.uri().toString())
        .containsExactly(EVENT, "https://api.calendly.com/scheduled_events/FFFFFFFFFFFFFFFF", EVENT);
    assertThat(wm.getAllServeEvents()).hasSize(2);
    for (String token : new String[] {null, "PAGE2"}) {
      wm.verify(
          1,
          getRequestedFor(urlPathEqualTo("/scheduled_events"))
              .withQueryParam("user", equalTo(USER.toString()))
              .withQueryParam("organization", equalTo(ORG.toString()))
              .withQueryParam("status", equalTo("active"))
              .withQueryParam("count", equalTo("2"))
              .withQueryParam("page_token", token == null ? absent() : equalTo(token)));
    }
  }

  @Test
  void aTeammateWithTheOrganizationIsSentWithoutLookingUpTheCaller() {
    wm.stubFor(get(urlPathEqualTo("/scheduled_events")).willReturn(okJson(page(null))));
    URI teammate = URI.create("https://api.calendly.com/users/TTTTTTTTTTTTTTTT");

    client.scheduledEvents().list(ScheduledEventQuery.forMember(ORG, teammate), null).block();

    wm.verify(getRequestedFor(urlPathEqualTo("/scheduled_events"))
        .withQueryParam("user", equalTo(teammate.toString()))
        .withQueryParam("organization", equalTo(ORG.toString())));
    wm.verify(0, getRequestedFor(urlEqualTo("/users/me")));
  }

  @Test
  void getAcceptsAUuidAndReadsEveryField() {
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE"))
            .willReturn(okJson(resource(fixture("scheduled_event.json")))));

    ScheduledEvent event = client.scheduledEvents().get("EEEEEEEEEEEEEEEE").block();

    assertThat(event).isNotNull();
    assertThat(event.uri()).isEqualTo(URI.create(EVENT));
    assertThat(event.name()).isEqualTo("15 Minute Meeting");
    assertThat(event.meetingNotesPlain()).isEqualTo("Bring the contract");
    assertThat(event.meetingNotesHtml()).isEqualTo("<p>Bring the contract</p>");
    assertThat(event.status()).isEqualTo(EventStatus.CANCELED);
    assertThat(event.startTime()).isEqualTo(Instant.parse("2026-12-01T15:00:00Z"));
    assertThat(event.endTime()).isEqualTo(Instant.parse("2026-12-01T15:15:00Z"));
    assertThat(event.eventType()).isEqualTo(URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"));
    assertThat(event.location())
        .isEqualTo(
            new EventLocation("zoom", "Zoom", "https://calendly.zoom.us/j/123456789", "pushed", "Passcode 4242"));
    assertThat(event.inviteesCounter()).isEqualTo(new InviteesCounter(3, 2, 5));
    assertThat(event.createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123456Z"));
    assertThat(event.updatedAt()).isEqualTo(Instant.parse("2026-11-25T11:00:00.654321Z"));
    assertThat(event.eventMemberships())
        .containsExactly(
            new EventMembership(
                USER,
                "host@example.com",
                "John Doe",
                Instant.parse("2026-12-01T14:50:00Z"),
                Instant.parse("2026-12-01T15:20:00Z")));
    assertThat(event.eventGuests())
        .containsExactly(
            new EventGuest(
                "guest@example.com", Instant.parse("2026-11-24T10:00:01Z"), Instant.parse("2026-11-24T10:00:02Z")));
    assertThat(event.cancellation())
        .isEqualTo(
            new Cancellation(
                "John Doe",
                "Conflict with another meeting",
                Cancellation.CancelerType.HOST,
                Instant.parse("2026-11-25T11:00:00.654321Z")));
    assertThat(event.calendarEvent()).isEqualTo(new CalendarEvent("google", "8suu9k3hj00mni03ss12ba0ce0"));
  }

  @Test
  void getLeavesNullAndAbsentFieldsNullAndReadsAnUnknownStatusAsUnknown() {
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/FFFFFFFFFFFFFFFF"))
            .willReturn(okJson(resource(fixture("scheduled_event_nulls.json")))));

    ScheduledEvent event = client.scheduledEvents().get("FFFFFFFFFFFFFFFF").block();

    assertThat(event).isNotNull();
    assertThat(event.status()).isEqualTo(EventStatus.UNKNOWN);
    assertThat(event.meetingNotesPlain()).isNull();
    assertThat(event.meetingNotesHtml()).isNull();
    assertThat(event.location()).isEqualTo(new EventLocation("ask_invitee", null, null, null, null));
    assertThat(event.eventMemberships().get(0).bufferedStartTime()).isNull();
    assertThat(event.eventMemberships().get(0).bufferedEndTime()).isNull();
    assertThat(event.eventGuests()).isEmpty();
    assertThat(event.cancellation()).isNull();
    assertThat(event.calendarEvent()).isNull();
  }

  @Test
  void cancelPostsTheReasonAndReadsTheCancellation() {
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/cancellation"))
            .willReturn(jsonResponse(fixture("cancellation.json"), 201)));

    Cancellation cancellation = client.scheduledEvents().cancel(EVENT, "Double-booked").block();

    assertThat(cancellation)
        .isEqualTo(
            new Cancellation(
                "John Doe", "Double-booked", Cancellation.CancelerType.HOST, Instant.parse("2026-11-24T12:00:00Z")));
    wm.verify(
        postRequestedFor(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/cancellation"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalToJson("{\"reason\": \"Double-booked\"}")));
  }

  @Test
  void cancelWithoutAReasonSendsAnEmptyObject() {
    wm.stubFor(
        post(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/cancellation"))
            .willReturn(jsonResponse(fixture("cancellation.json"), 201)));

    client.scheduledEvents().cancel("EEEEEEEEEEEEEEEE", "  ").block();

    wm.verify(
        postRequestedFor(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/cancellation"))
            .withRequestBody(equalToJson("{}")));
  }

  @Test
  void listInviteesSendsEveryFilterAndReadsThePage() {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/invitees"))
            .willReturn(okJson(page("MORE", fixture("invitee.json"), fixture("invitee_nulls.json")))));

    Page<Invitee> page =
        client
            .scheduledEvents()
            .listInvitees(
                EVENT,
                InviteeQuery.all().status(EventStatus.CANCELED).email("jane@example.com").sort("created_at:desc"),
                new PageRequest(100, "TOKEN"))
            .block();

    assertThat(page).isNotNull();
    assertThat(page.collection()).extracting(Invitee::email).containsExactly("jane@example.com", "sam@example.com");
    assertThat(page.nextPageToken()).contains("MORE");
    wm.verify(
        getRequestedFor(urlPathEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/invitees"))
            .withQueryParam("status", equalTo("canceled"))
            .withQueryParam("email", equalTo("jane@example.com"))
            .withQueryParam("sort", equalTo("created_at:desc"))
            .withQueryParam("count", equalTo("100"))
            .withQueryParam("page_token", equalTo("TOKEN")));
  }

  @Test
  void listAllInviteesWithoutFiltersSendsOnlyThePageSize() {
    wm.stubFor(
        get(urlPathEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/invitees"))
            .willReturn(okJson(page(null, fixture("invitee_nulls.json")))));

    List<Invitee> invitees =
        client.scheduledEvents().listAllInvitees("EEEEEEEEEEEEEEEE", InviteeQuery.all(), 100).collectList().block();

    assertThat(invitees).extracting(Invitee::email).containsExactly("sam@example.com");
    wm.verify(getRequestedFor(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/invitees?count=100")));
  }

  @Test
  void getInviteeTakesBothReferencesAndReadsEveryField() {
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/invitees/IIIIIIIIIIIIIIII"))
            .willReturn(okJson(resource(fixture("invitee.json")))));

    Invitee invitee = client.scheduledEvents().getInvitee(EVENT, "IIIIIIIIIIIIIIII").block();

    assertThat(invitee).isNotNull();
    assertThat(invitee.uri()).isEqualTo(URI.create(INVITEE));
    assertThat(invitee.email()).isEqualTo("jane@example.com");
    assertThat(invitee.name()).isEqualTo("Jane Roe");
    assertThat(invitee.firstName()).isEqualTo("Jane");
    assertThat(invitee.lastName()).isEqualTo("Roe");
    assertThat(invitee.status()).isEqualTo(EventStatus.CANCELED);
    assertThat(invitee.timezone()).isEqualTo("Europe/Paris");
    assertThat(invitee.event()).isEqualTo(URI.create(EVENT));
    assertThat(invitee.questionsAndAnswers())
        .containsExactly(
            new QuestionAndAnswer("Company size?", "11-50", 0),
            new QuestionAndAnswer("Topics", "Pricing\nOnboarding", 1));
    assertThat(invitee.tracking())
        .isEqualTo(new Tracking("spring", "newsletter", "email", "cta-button", "scheduling", "0031U00001abcdeQAA"));
    assertThat(invitee.textReminderNumber()).isEqualTo("+33 6 12 34 56 78");
    assertThat(invitee.rescheduled()).isTrue();
    assertThat(invitee.oldInvitee())
        .isEqualTo(URI.create("https://api.calendly.com/scheduled_events/DDDDDDDDDDDDDDDD/invitees/HHHHHHHHHHHHHHHH"));
    assertThat(invitee.newInvitee())
        .isEqualTo(URI.create("https://api.calendly.com/scheduled_events/GGGGGGGGGGGGGGGG/invitees/JJJJJJJJJJJJJJJJ"));
    assertThat(invitee.cancelUrl()).isEqualTo(URI.create("https://calendly.com/cancellations/IIIIIIIIIIIIIIII"));
    assertThat(invitee.rescheduleUrl()).isEqualTo(URI.create("https://calendly.com/reschedulings/IIIIIIIIIIIIIIII"));
    assertThat(invitee.routingFormSubmission())
        .isEqualTo(URI.create("https://api.calendly.com/routing_form_submissions/RRRRRRRRRRRRRRRR"));
    assertThat(invitee.cancellation())
        .isEqualTo(
            new Cancellation(
                "Jane Roe",
                "Found a better time",
                Cancellation.CancelerType.INVITEE,
                Instant.parse("2026-11-25T08:00:00Z")));
    assertThat(invitee.payment())
        .isEqualTo(
            new Payment(
                "ch_AAAAAAAAAAAAAAAAAAAAAAAA",
                Payment.Provider.STRIPE,
                new BigDecimal("49.99"),
                "EUR",
                "No refunds within 24 hours",
                true));
    assertThat(invitee.noShow())
        .isEqualTo(
            new NoShow(
                URI.create("https://api.calendly.com/invitee_no_shows/NNNNNNNNNNNNNNNN"),
                Instant.parse("2026-12-01T15:20:00Z")));
    assertThat(invitee.reconfirmation())
        .isEqualTo(new Reconfirmation(Instant.parse("2026-11-30T15:00:00Z"), Instant.parse("2026-11-30T16:00:00Z")));
    assertThat(invitee.schedulingMethod()).isEqualTo(Invitee.SchedulingMethod.INSTANT_BOOK);
    assertThat(invitee.inviteeScheduledBy()).isEqualTo(USER);
    assertThat(invitee.createdAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123456Z"));
    assertThat(invitee.updatedAt()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
  }

  @Test
  void getInviteeFromItsUriAloneFindsBothUuidsAndLeavesAbsentFieldsNull() {
    wm.stubFor(
        get(urlEqualTo("/scheduled_events/EEEEEEEEEEEEEEEE/invitees/KKKKKKKKKKKKKKKK"))
            .willReturn(okJson(resource(fixture("invitee_nulls.json")))));

    Invitee invitee = client.scheduledEvents().getInvitee(EVENT + "/invitees/KKKKKKKKKKKKKKKK").block();

    assertThat(invitee).isNotNull();
    assertThat(invitee.status()).isEqualTo(EventStatus.ACTIVE);
    assertThat(invitee.firstName()).isNull();
    assertThat(invitee.lastName()).isNull();
    assertThat(invitee.questionsAndAnswers()).isEmpty();
    assertThat(invitee.tracking()).isEqualTo(new Tracking(null, null, null, null, null, null));
    assertThat(invitee.textReminderNumber()).isNull();
    assertThat(invitee.rescheduled()).isFalse();
    assertThat(invitee.oldInvitee()).isNull();
    assertThat(invitee.newInvitee()).isNull();
    assertThat(invitee.routingFormSubmission()).isNull();
    assertThat(invitee.cancellation()).isNull();
    assertThat(invitee.payment()).isNull();
    assertThat(invitee.noShow()).isNull();
    assertThat(invitee.reconfirmation().confirmedAt()).isNull();
    assertThat(invitee.schedulingMethod()).isNull();
    assertThat(invitee.inviteeScheduledBy()).isNull();
  }

  @Test
  void listRefusesAQueryWithoutUserOrganizationOrGroup() {
    assertRejectedBeforeSending(
        client
            .scheduledEvents()
            .list(new ScheduledEventQuery(null, null, null, "jane@example.com", null, null, null, null), null),
        "user/organization/group");
    assertRejectedBeforeSending(client.scheduledEvents().list(null, null), "query");
  }

  @Test
  void listRefusesUserAndGroupTogether() {
    assertRejectedBeforeSending(
        client.scheduledEvents().list(ScheduledEventQuery.forUser(USER).group(GROUP), null), "user/group");
  }

  @Test
  void listRefusesBadFilterValues() {
    ScheduledEventQuery mine = ScheduledEventQuery.forUser(USER);
    assertRejectedBeforeSending(
        client.scheduledEvents().list(ScheduledEventQuery.forOrganization(URI.create("mailto:x@example.com")), null),
        "organization");
    assertRejectedBeforeSending(client.scheduledEvents().list(mine.inviteeEmail("Jane Roe"), null), "invitee_email");
    assertRejectedBeforeSending(client.scheduledEvents().list(mine.status(EventStatus.UNKNOWN), null), "status");
    assertRejectedBeforeSending(client.scheduledEvents().list(mine.sort("created_at:asc"), null), "sort");
    Instant noon = Instant.parse("2026-12-01T12:00:00Z");
    assertRejectedBeforeSending(
        client.scheduledEvents().list(mine.minStartTime(noon).maxStartTime(noon), null), "max_start_time");
  }

  @Test
  void listAllRefusesAPageSizeOutsideOneToAHundred() {
    assertRejectedBeforeSending(client.scheduledEvents().listAll(ScheduledEventQuery.forUser(USER), 0), "count");
    assertRejectedBeforeSending(client.scheduledEvents().listAll(ScheduledEventQuery.forUser(USER), 101), "count");
    assertRejectedBeforeSending(client.scheduledEvents().listAllInvitees(EVENT, InviteeQuery.all(), 101), "count");
  }

  @Test
  void inviteeCallsRefuseBadReferencesAndFilters() {
    assertRejectedBeforeSending(client.scheduledEvents().listInvitees("bad uuid", InviteeQuery.all(), null), "event");
    assertRejectedBeforeSending(client.scheduledEvents().listInvitees(EVENT, null, null), "query");
    assertRejectedBeforeSending(
        client.scheduledEvents().listInvitees(EVENT, InviteeQuery.all().email("nobody"), null), "email");
    assertRejectedBeforeSending(
        client.scheduledEvents().listAllInvitees(EVENT, InviteeQuery.all().sort("start_time:asc"), 20), "sort");
    assertRejectedBeforeSending(client.scheduledEvents().getInvitee(EVENT, null), "invitee");
    assertRejectedBeforeSending(client.scheduledEvents().getInvitee(EVENT), "invitee");
  }

  @Test
  void getAndCancelRefuseAMalformedEventReference() {
    assertRejectedBeforeSending(client.scheduledEvents().get("not a uuid!"), "event");
    assertRejectedBeforeSending(client.scheduledEvents().cancel(" ", "reason"), "event");
  }
}
