package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.BookingTier;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.DefaultRateLimiter;
import dev.calendlymcp.ratelimit.RateLimiter;
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
}
