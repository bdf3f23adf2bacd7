package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.calendlymcp.cache.CoalescingCache;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.DefaultRateLimiter;
import dev.calendlymcp.ratelimit.RateLimiter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The whole call pipeline against a fake Calendly: cache and coalescing, invalidation by writes,
 * retries, the rate limiter learning from headers, and budgets shared by a user's tokens.
 */
class ClientPipelineTest extends WireMockCalendlyTest {

  private static final String AVAILABLE_TIMES = "/event_type_available_times";
  private static final URI EVENT_TYPE = URI.create("https://api.calendly.com/event_types/ET1");

  private final RateLimiter limiter = DefaultRateLimiter.builder().scheduler(Schedulers.parallel()).build();
  private final ClientOptions options =
      new ClientOptions(
          RetrySettings.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)),
          Schedulers.parallel(),
          limiter,
          CoalescingCache.create(1_000),
          CachePolicy.defaults(),
          new BudgetKeys());

  private CalendlyClient client(String token) {
    return CalendlyClient.create(http, AccessToken.of(token), options);
  }

  private static String availableTimes() {
    return "{\"collection\":[{\"status\":\"available\",\"invitees_remaining\":1,"
        + "\"start_time\":\"2030-01-07T15:00:00.000000Z\",\"scheduling_url\":\"https://calendly.com/x\"}]}";
  }

  private Mono<?> readTimes(CalendlyClient calendly) {
    return calendly
        .availability()
        .eventTypeAvailableTimes(
            EVENT_TYPE.toString(), Instant.parse("2030-01-07T00:00:00Z"), Instant.parse("2030-01-14T00:00:00Z"));
  }

  @Test
  void tenConcurrentIdenticalReadsMakeOneRequest() {
    wm.stubFor(get(urlPathEqualTo(AVAILABLE_TIMES)).willReturn(okJson(availableTimes()).withFixedDelay(200)));
    CalendlyClient calendly = client(TOKEN);

    List<?> answers = Flux.range(0, 10).flatMap(i -> readTimes(calendly)).collectList().block();

    assertThat(answers).hasSize(10);
    wm.verify(1, getRequestedFor(urlPathEqualTo(AVAILABLE_TIMES)));
  }

  @Test
  void aRepeatedReadWithinItsTtlIsServedFromTheCacheUnlessBypassed() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))));
    CalendlyClient calendly = client(TOKEN);

    calendly.users().me().block();
    calendly.users().me().block();
    wm.verify(1, getRequestedFor(urlEqualTo("/users/me")));

    calendly.users().me().contextWrite(CacheMode.bypass()).block();
    wm.verify(2, getRequestedFor(urlEqualTo("/users/me")));
  }

  @Test
  void aBookingMakesCachedAvailabilityStale() {
    wm.stubFor(get(urlPathEqualTo(AVAILABLE_TIMES)).willReturn(okJson(availableTimes())));
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"resource\":" + fixture("invitee.json") + "}")));
    CalendlyClient calendly = client(TOKEN);

    readTimes(calendly).block();
    readTimes(calendly).block();
    wm.verify(1, getRequestedFor(urlPathEqualTo(AVAILABLE_TIMES)));

    calendly
        .scheduling()
        .createInvitee(
            new dev.calendlymcp.calendly.model.CreateInviteeRequest(
                EVENT_TYPE,
                Instant.parse("2030-01-07T15:00:00Z"),
                dev.calendlymcp.calendly.model.CreateInviteeRequest.Person.named("Jane Roe", "jane@example.com", "Europe/Paris"),
                null, null, null, null))
        .block();
    readTimes(calendly).block();

    wm.verify(2, getRequestedFor(urlPathEqualTo(AVAILABLE_TIMES)));
  }

  @Test
  void aReadIsRetriedAfterAServerErrorAndAConnectionReset() {
    wm.stubFor(get(urlEqualTo("/users/me")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("reset"));
    wm.stubFor(get(urlEqualTo("/users/me")).inScenario("flaky").whenScenarioStateIs("reset")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
    wm.stubFor(get(urlEqualTo("/users/me")).inScenario("flaky").whenScenarioStateIs("ok")
        .willReturn(okJson(fixture("user.json"))));

    User me = client(TOKEN).users().me().block();

    assertThat(me).isNotNull();
    wm.verify(3, getRequestedFor(urlEqualTo("/users/me")));
  }

  @Test
  void aBookingThatLostItsConnectionIsNotResent() {
    wm.stubFor(post(urlEqualTo("/invitees")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    Mono<?> booking =
        client(TOKEN)
            .scheduling()
            .createInvitee(
                new dev.calendlymcp.calendly.model.CreateInviteeRequest(
                    EVENT_TYPE,
                    Instant.parse("2030-01-07T15:00:00Z"),
                    dev.calendlymcp.calendly.model.CreateInviteeRequest.Person.named("Jane Roe", "jane@example.com", "Europe/Paris"),
                    null, null, null, null));

    org.assertj.core.api.Assertions.assertThatThrownBy(booking::block)
        .isInstanceOf(CalendlyException.ConnectionFailed.class);
    wm.verify(1, postRequestedFor(urlEqualTo("/invitees")));
  }

  @Test
  void theLimiterLearnsTheLimitAndTheTokensOwnerSharesOneBudget() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(
        okJson(fixture("user.json"))
            .withHeader("X-RateLimit-Limit", "500")
            .withHeader("X-RateLimit-Remaining", "499")
            .withHeader("X-RateLimit-Reset", "60")));
    String otherToken = TOKEN + "-second";

    client(TOKEN).users().me().block();
    client(otherToken).users().me().block();

    BudgetKey user = BudgetKey.ofUser("https://api.calendly.com/users/AAAAAAAAAAAAAAAA");
    assertThat(options.budgetKeys().knownKeyFor(AccessToken.of(TOKEN).fingerprint())).isEqualTo(user);
    assertThat(options.budgetKeys().knownKeyFor(AccessToken.of(otherToken).fingerprint())).isEqualTo(user);
    assertThat(limiter.snapshot(user).limit()).isEqualTo(500);
  }

  @Test
  void aTokensOwnerIsLookedUpOnceBeforeItsFirstCallsSoAllItsCallsShareTheUsersBudget() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json")).withFixedDelay(100)
        .withHeader("X-RateLimit-Limit", "60").withHeader("X-RateLimit-Remaining", "59").withHeader("X-RateLimit-Reset", "60")));
    wm.stubFor(get(urlPathEqualTo(AVAILABLE_TIMES)).willReturn(okJson(availableTimes())));
    CalendlyClient calendly = client(TOKEN);

    Flux.range(0, 5)
        .flatMap(i -> readTimes(calendly).contextWrite(CacheMode.bypass()))
        .collectList()
        .block();

    wm.verify(1, getRequestedFor(urlEqualTo("/users/me")));
    wm.verify(5, getRequestedFor(urlPathEqualTo(AVAILABLE_TIMES)));
    BudgetKey user = BudgetKey.ofUser("https://api.calendly.com/users/AAAAAAAAAAAAAAAA");
    assertThat(options.budgetKeys().knownKeyFor(AccessToken.of(TOKEN).fingerprint())).isEqualTo(user);
    assertThat(limiter.snapshot(user).remaining()).isLessThanOrEqualTo(60 - 5);
  }

  @Test
  void aTokenWhoseOwnerCannotBeLearnedKeepsABudgetOfItsOwn() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(
        aResponse().withStatus(403).withBody("{\"title\":\"Permission Denied\",\"message\":\"missing users:read\"}")));
    wm.stubFor(get(urlPathEqualTo(AVAILABLE_TIMES)).willReturn(okJson(availableTimes())));

    readTimes(client(TOKEN)).block();
    readTimes(client(TOKEN)).contextWrite(CacheMode.bypass()).block();

    wm.verify(1, getRequestedFor(urlEqualTo("/users/me")));
    assertThat(options.budgetKeys().knownKeyFor(AccessToken.of(TOKEN).fingerprint()))
        .isEqualTo(BudgetKey.ofTokenFingerprint(AccessToken.of(TOKEN).fingerprint()));
  }

  @Test
  void aDeadlineShorterThanTheRateLimitWaitFailsAtOnce() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(
        aResponse().withStatus(429).withHeader("Retry-After", "40")
            .withBody("{\"title\":\"Too Many Requests\",\"message\":\"slow down\"}")));
    CalendlyClient calendly = client(TOKEN);

    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> calendly.users().me().contextWrite(Deadline.at(Instant.now().plusSeconds(5))).block());

    assertThat(failure).isInstanceOf(CalendlyException.RateLimited.class);
    wm.verify(1, getRequestedFor(urlEqualTo("/users/me")));
    Throwable second =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> calendly.users().me().contextWrite(CacheMode.bypass()).contextWrite(Deadline.at(Instant.now().plusSeconds(5))).block());
    assertThat(second).isInstanceOf(dev.calendlymcp.ratelimit.RateLimitWaitTooLongException.class);
    assertThat(second.getMessage()).containsPattern("\\d+ s");
    wm.verify(1, getRequestedFor(urlEqualTo("/users/me")));
  }

  @Test
  void everyAnswerIsCountedPerTokenFingerprintAndOutcome() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    wm.stubFor(get(urlEqualTo("/users/me")).inScenario("m").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("ok"));
    wm.stubFor(get(urlEqualTo("/users/me")).inScenario("m").whenScenarioStateIs("ok").willReturn(okJson(fixture("user.json"))));
    try (CalendlyHttp metered = CalendlyHttp.create(config(), new RequestMeters(registry))) {
      CalendlyClient.create(metered, AccessToken.of(TOKEN), options).users().me().block();
    }

    String fingerprint = AccessToken.of(TOKEN).fingerprint();
    assertThat(registry.counter("calendly.requests", "token", fingerprint, "outcome", "rate_limited").count()).isEqualTo(1);
    assertThat(registry.counter("calendly.requests", "token", fingerprint, "outcome", "success").count()).isEqualTo(1);
    assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain(TOKEN));
  }

  @Test
  void aCallThatMustWaitForTheRateLimitSaysHowLongFirst() {
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(okJson(fixture("user.json"))
        .withHeader("X-RateLimit-Limit", "1").withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "30")));
    CalendlyClient calendly = client(TOKEN);
    calendly.users().me().block();
    List<Duration> told = new java.util.concurrent.CopyOnWriteArrayList<>();

    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> calendly.users().me()
        .contextWrite(CacheMode.bypass())
        .contextWrite(RateLimitWaits.notify(told::add))
        .contextWrite(Deadline.at(Instant.now().plusSeconds(5)))
        .block());

    assertThat(failure).isInstanceOf(dev.calendlymcp.ratelimit.RateLimitWaitTooLongException.class);
    assertThat(told).singleElement().satisfies(wait -> assertThat(wait).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(32)));
  }
}
