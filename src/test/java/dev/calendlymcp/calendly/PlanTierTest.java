package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.ratelimit.BookingTier;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.DefaultRateLimiter;
import dev.calendlymcp.ratelimit.RateLimiter;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/**
 * The hook through which an organization's plan reaches the rate limiter: Calendly's reported limit
 * tells Free from paid, but only the plan tells Enterprise's booking windows apart.
 */
class PlanTierTest extends WireMockCalendlyTest {

  private static final BudgetKey OWNER = BudgetKey.ofUser("https://api.calendly.com/users/AAAAAAAAAAAAAAAA");

  private final RateLimiter limiter = DefaultRateLimiter.builder().scheduler(Schedulers.parallel()).build();
  private final ClientOptions options = ClientOptions.direct().withRetry(RetrySettings.defaults()).withLimiter(limiter);

  @Test
  void anEnterprisePlanGivesTheTokensOwnerEnterprisesBookingWindows() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))));
    RestCalls calls = new RestCalls(http, TokenSource.of(AccessToken.of(TOKEN)), options);
    CalendlyClient.create(http, AccessToken.of(TOKEN), options).users().me().block();
    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.PAID);

    calls.learnPlan("enterprise").block();

    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
    assertThat(limiter.snapshot(OWNER).bookingWindows()).singleElement()
        .satisfies(window -> assertThat(window.limit()).isEqualTo(500));
  }

  @Test
  void aPlanItDoesNotKnowChangesNothing() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))));
    RestCalls calls = new RestCalls(http, TokenSource.of(AccessToken.of(TOKEN)), options);
    CalendlyClient.create(http, AccessToken.of(TOKEN), options).users().me().block();

    calls.learnPlan("platinum").block();

    assertThat(limiter.snapshot(OWNER).bookingTier()).isEqualTo(BookingTier.PAID);
  }
}
