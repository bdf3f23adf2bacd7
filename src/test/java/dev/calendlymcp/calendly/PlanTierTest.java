package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.jsonResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.ratelimit.BookingTier;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.DefaultRateLimiter;
import dev.calendlymcp.ratelimit.RateLimiter;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/**
 * An organization's plan reaches the rate limiter when the client reads the organization: Calendly's
 * reported limit tells Free from paid, but only the plan tells Enterprise's booking windows apart.
 */
class PlanTierTest extends WireMockCalendlyTest {

  private static final BudgetKey OWNER = BudgetKey.ofUser("https://api.calendly.com/users/AAAAAAAAAAAAAAAA");
  private static final String ORGANIZATION = "/organizations/ORGAAAAAAAAAAAAA";
  /** The organization user.json names as the user's current one. */
  private static final String OWN_ORGANIZATION = "/organizations/AAAAAAAAAAAAAAAA";
  private static final CreateInviteeRequest BOOKING = CreateInviteeRequest.of(
      URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"), Instant.parse("2026-12-01T15:00:00Z"),
      CreateInviteeRequest.Person.named("Jane Roe", "jane@example.com", "Europe/Paris"));

  private final RateLimiter limiter = DefaultRateLimiter.builder().scheduler(Schedulers.parallel()).build();
  private CalendlyClient calendly;

  @BeforeEach
  void ownerKnown() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))));
    calendly = CalendlyClient.create(http, AccessToken.of(TOKEN), ClientOptions.direct().withLimiter(limiter));
    calendly.users().me().block();
  }

  private static String organization(String plan, String stage) {
    return "{\"resource\":{\"uri\":\"https://api.calendly.com" + ORGANIZATION + "\",\"name\":\"Acme\",\"plan\":\""
        + plan + "\",\"stage\":\"" + stage + "\"}}";
  }

  @Test
  void readingAnEnterpriseOrganizationGivesItsUserEnterprisesBookingWindows() {
    wm.stubFor(get(urlEqualTo(ORGANIZATION)).willReturn(okJson(organization("enterprise", "paid"))));
    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.PAID);

    calendly.organizations().get("ORGAAAAAAAAAAAAA").block();

    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
    assertThat(limiter.snapshot(OWNER).bookingWindows()).singleElement()
        .satisfies(window -> assertThat(window.limit()).isEqualTo(500));
  }

  @Test
  void aTrialOrganizationBooksOnTheTrialRow() {
    wm.stubFor(get(urlEqualTo(ORGANIZATION)).willReturn(okJson(organization("teams", "trial"))));

    calendly.organizations().get("ORGAAAAAAAAAAAAA").block();

    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.TRIAL);
  }

  @Test
  void aPlanItDoesNotKnowChangesNothing() {
    wm.stubFor(get(urlEqualTo(ORGANIZATION)).willReturn(okJson(organization("platinum", "paid"))));

    calendly.organizations().get("ORGAAAAAAAAAAAAA").block();

    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.PAID);
  }

  @Test
  void aUsersFirstBookingReadsItsOrganizationsPlanOnceAndLaterBookingsUseIt() {
    wm.stubFor(get(urlEqualTo(OWN_ORGANIZATION)).willReturn(okJson(organization("enterprise", "paid"))));
    wm.stubFor(post(urlEqualTo("/invitees")).willReturn(jsonResponse(EndpointTestSupport.resource(fixture("invitee.json")), 201)));

    for (int i = 0; i < 3; i++) {
      calendly.scheduling().createInvitee(BOOKING).block();
    }

    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
    assertThat(limiter.snapshot(OWNER).bookingTierSet()).isTrue();
    wm.verify(exactly(1), getRequestedFor(urlEqualTo(OWN_ORGANIZATION)));
    wm.verify(exactly(3), postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void aBookingWhoseOrganizationCannotBeReadIsStillSentOnTheDefaultWindowsAndTheLookupIsNotRepeated() {
    wm.stubFor(get(urlEqualTo(OWN_ORGANIZATION)).willReturn(jsonResponse(
        "{\"title\":\"Permission Denied\",\"message\":\"This token lacks the organizations:read scope.\"}", 403)));
    wm.stubFor(post(urlEqualTo("/invitees")).willReturn(jsonResponse(EndpointTestSupport.resource(fixture("invitee.json")), 201)));

    calendly.scheduling().createInvitee(BOOKING).block();
    calendly.scheduling().createInvitee(BOOKING).block();

    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.PAID);
    assertThat(limiter.snapshot(OWNER).bookingTierSet()).isFalse();
    wm.verify(exactly(1), getRequestedFor(urlEqualTo(OWN_ORGANIZATION)));
    wm.verify(exactly(2), postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void aPlanLookupThatFailedForAPassingReasonIsTriedAgainAtTheNextBooking() {
    wm.stubFor(get(urlEqualTo(OWN_ORGANIZATION)).willReturn(jsonResponse(
        "{\"title\":\"Internal Server Error\",\"message\":\"Try again.\"}", 500)));
    wm.stubFor(post(urlEqualTo("/invitees")).willReturn(jsonResponse(EndpointTestSupport.resource(fixture("invitee.json")), 201)));
    calendly.scheduling().createInvitee(BOOKING).block();
    int afterFirst = wm.findAll(getRequestedFor(urlEqualTo(OWN_ORGANIZATION))).size();
    wm.stubFor(get(urlEqualTo(OWN_ORGANIZATION)).willReturn(okJson(organization("enterprise", "paid"))));

    calendly.scheduling().createInvitee(BOOKING).block();

    assertThat(afterFirst).isPositive();
    assertThat(wm.findAll(getRequestedFor(urlEqualTo(OWN_ORGANIZATION)))).hasSize(afterFirst + 1);
    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
  }
}
