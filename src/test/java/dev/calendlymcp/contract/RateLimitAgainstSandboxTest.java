package dev.calendlymcp.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.BudgetKeys;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.calendly.RateLimitListener;
import dev.calendlymcp.calendly.RetrySettings;
import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.ratelimit.BookingTier;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.DefaultRateLimiter;
import dev.calendlymcp.ratelimit.RateLimitWaitTooLongException;
import dev.calendlymcp.ratelimit.RateLimiter;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.testing.SchedulerClock;
import dev.calendlymcp.tools.ToolErrors;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The client's limiter against the sandbox's limits, with both on one virtual clock: real HTTP on
 * loopback, minutes of rate-limit windows in well under a second. The driver advances virtual time
 * only when every request it released has been answered.
 */
class RateLimitAgainstSandboxTest {

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final Clock clock = new SchedulerClock(time);
  private final AtomicInteger tooManyRequests = new AtomicInteger();
  private final AtomicInteger responses = new AtomicInteger();
  private final List<RateLimitListener.Observation> refusals = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Object progress = new Object();
  private Sandbox sandbox;
  private CalendlyHttp http;
  private RateLimiter limiter;
  private ClientOptions options;

  @BeforeEach
  void start() {
    time.advanceTimeTo(Instant.parse("2026-11-24T09:00:00Z"));
    sandbox = Sandbox.start(SandboxConfig.builder().seed(3).clock(clock).build());
    URI base = URI.create(sandbox.apiBaseUrl());
    RateLimitListener count = o -> {
      if (o.status() == 429) {
        refusals.add(o);
        tooManyRequests.incrementAndGet();
      }
      responses.incrementAndGet();
      synchronized (progress) {
        progress.notifyAll();
      }
    };
    http = CalendlyHttp.create(CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base), count);
    limiter = DefaultRateLimiter.builder().scheduler(time).build();
    options =
        new ClientOptions(RetrySettings.defaults(), time, new Counting(limiter), null, CachePolicy.off(), new BudgetKeys());
  }

  @AfterEach
  void stop() {
    http.close();
    sandbox.close();
    time.dispose();
  }

  private long virtualMillis() {
    return time.now(TimeUnit.MILLISECONDS);
  }

  /** Completion time (virtual) of each call, by the order in which the calls were issued. */
  private long[] runAll(List<CalendlyClient> clients, int calls, String userUri) {
    long[] finishedAt = new long[calls];
    AtomicInteger finished = new AtomicInteger();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    Instant deadline = clock.instant().plus(Duration.ofMinutes(15));
    for (int i = 0; i < calls; i++) {
      int index = i;
      clients.get(i % clients.size()).users().get(userUri)
          .contextWrite(Deadline.at(deadline))
          .subscribe(
              user -> done(finishedAt, index, finished),
              error -> {
                failures.add(error);
                done(finishedAt, index, finished);
              });
    }
    BudgetKey user = BudgetKey.ofUser(userUri);
    long giveUpAt = virtualMillis() + Duration.ofMinutes(15).toMillis();
    while (finished.get() < calls && virtualMillis() < giveUpAt) {
      awaitQuiet(finished, user, calls);
      time.advanceTimeBy(Duration.ofMillis(250));
    }
    assertThat(failures).isEmpty();
    assertThat(finished).hasValue(calls);
    return finishedAt;
  }

  private void done(long[] finishedAt, int index, AtomicInteger finished) {
    finishedAt[index] = virtualMillis();
    finished.incrementAndGet();
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /**
   * Waits (on a monitor, in real time) until the system is at rest: every call the limiter let
   * through has its answer, and every call has either finished or is queued for the user's budget.
   * Only then may virtual time move. A request on the wire always gets its answer, so that wait is
   * long (a loaded CI machine can take seconds); a call sleeping in a retry backoff is neither
   * answered nor queued, so that wait gives up after a second to let time move on and wake it (such
   * a test fails on its 429 count).
   */
  private void awaitQuiet(AtomicInteger finished, BudgetKey user, int calls) {
    long started = System.nanoTime();
    long answersDeadline = started + TimeUnit.SECONDS.toNanos(30);
    long restDeadline = started + TimeUnit.SECONDS.toNanos(1);
    synchronized (progress) {
      while (true) {
        long now = System.nanoTime();
        boolean onTheWire = answered.get() < granted.get();
        boolean unaccounted = finished.get() + limiter.snapshot(user).queued() < calls;
        if (!(onTheWire && now < answersDeadline) && !(unaccounted && now < restDeadline)) {
          break;
        }
        try {
          progress.wait(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private final AtomicInteger granted = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  /** When (virtual) the limiter let each booking go to the sandbox. */
  private final List<Instant> bookingsSentAt = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The real limiter, counting the calls it lets through and the answers it hears of. */
  private final class Counting implements RateLimiter {
    private final RateLimiter real;

    Counting(RateLimiter real) {
      this.real = real;
    }

    @Override
    public reactor.core.publisher.Mono<dev.calendlymcp.ratelimit.Permit> acquire(
        BudgetKey key, dev.calendlymcp.ratelimit.CallKind kind, Instant deadline) {
      return real.acquire(key, kind, deadline).doOnNext(permit -> {
        if (kind == dev.calendlymcp.ratelimit.CallKind.BOOKING) {
          bookingsSentAt.add(Instant.ofEpochMilli(virtualMillis()));
        }
        granted.incrementAndGet();
      });
    }

    @Override
    public void observe(
        BudgetKey key, dev.calendlymcp.ratelimit.CallKind kind, int status, java.util.OptionalInt limit,
        java.util.OptionalInt remaining, java.util.Optional<Duration> reset, java.util.Optional<Duration> retryAfter) {
      real.observe(key, kind, status, limit, remaining, reset, retryAfter);
      answered.incrementAndGet();
      synchronized (progress) {
        progress.notifyAll();
      }
    }

    @Override
    public void setBookingTier(BudgetKey key, dev.calendlymcp.ratelimit.BookingTier tier) {
      real.setBookingTier(key, tier);
    }

    @Override
    public dev.calendlymcp.ratelimit.BudgetSnapshot snapshot(BudgetKey key) {
      return real.snapshot(key);
    }
  }

  private CalendlyClient client(String token) {
    return CalendlyClient.create(http, AccessToken.of(token), options);
  }

  @Test
  void threeHundredCallsAtOnceOnASixtyPerMinuteUserFinishInAboutFiveMinutesWithNoTooManyRequests() {
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.USER);
    CalendlyClient calendly = client(teams.token());
    // Who the token belongs to is settled first, as the server does on first contact: callers that
    // arrive while that lookup is answered can overtake each other by microseconds, which would make
    // the order checked below depend on thread timing.
    runAll(List.of(calendly), 1, teams.userUri());
    long start = virtualMillis();

    long[] finishedAt = runAll(List.of(calendly), 300, teams.userUri());

    long total = java.util.Arrays.stream(finishedAt).max().orElseThrow() - start;
    assertThat(tooManyRequests).as("429s from the sandbox").hasValue(0);
    assertThat(Duration.ofMillis(total)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5).plusSeconds(30));
    for (int i = 1; i < finishedAt.length; i++) {
      assertThat(windowOf(finishedAt[i], start)).as("call %d is served no earlier than call %d (FIFO)", i, i - 1)
          .isGreaterThanOrEqualTo(windowOf(finishedAt[i - 1], start));
    }
    assertThat(perWindow(finishedAt, start).values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(60));
  }

  @Test
  void twoTokensOfOneUserShareItsBudget() {
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.ADMIN);
    String second = sandbox.issueToken(teams.userUri(), List.of("users:read"));
    long start = virtualMillis();

    long[] finishedAt = runAll(List.of(client(teams.token()), client(second)), 120, teams.userUri());

    assertThat(tooManyRequests).as("429s from the sandbox").hasValue(0);
    long total = java.util.Arrays.stream(finishedAt).max().orElseThrow() - start;
    assertThat(Duration.ofMillis(total)).as("120 calls plus two owner lookups need a third window")
        .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aTooManyRequestsWithoutRetryAfterIsWaitedOutUntilTheReportedResetAndTheAgentNeverSeesIt() {
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.USER);
    TimerCount timers = new TimerCount();
    CalendlyClient calendly = CalendlyClient.create(http, AccessToken.of(teams.token()), options.withScheduler(timers));
    runAll(List.of(calendly), 1, teams.userUri());
    long start = virtualMillis();
    spendTheRestOfTheWindowElsewhere(teams);

    Pending call = pending(calendly.users().get(teams.userUri()).contextWrite(Deadline.at(clock.instant().plus(Duration.ofMinutes(2)))));
    await(() -> timers.delayed.get() == 1);

    assertThat(refusals).singleElement().satisfies(refusal -> {
      assertThat(refusal.headers().retryAfter()).as("Calendly's documented 429 has no Retry-After").isEmpty();
      assertThat(refusal.headers().remaining()).hasValue(0);
      assertThat(refusal.headers().reset()).hasValueSatisfying(reset -> assertThat(reset).isPositive());
    });
    time.advanceTimeBy(Duration.ofSeconds(58));
    assertThat(call.isDone()).as("still waiting for the window to reset").isFalse();
    time.advanceTimeBy(Duration.ofSeconds(4));
    call.awaitSuccess();
    assertThat(tooManyRequests).as("one 429 and no retry into the same full window").hasValue(1);
    assertThat(Duration.ofMillis(call.finishedAt - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void withoutALimiterARetryStillWaitsForTheReportedResetInsteadOfBackingOffIntoTheSameWindow() {
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.USER);
    TimerCount timers = new TimerCount();
    ClientOptions retriesOnly =
        new ClientOptions(RetrySettings.defaults(), timers, null, null, CachePolicy.off(), new BudgetKeys());
    CalendlyClient calendly = CalendlyClient.create(http, AccessToken.of(teams.token()), retriesOnly);
    spendTheRestOfTheWindowElsewhere(teams);

    Pending call = pending(calendly.users().get(teams.userUri()).contextWrite(Deadline.at(clock.instant().plus(Duration.ofMinutes(2)))));
    // A second at a time, each step waiting until whatever retry it woke has its answer and what
    // follows it is in place: a retry on a short backoff would meet the same full window.
    for (int second = 0; second < 65 && !call.isDone(); second++) {
      await(() -> responses.get() == timers.fired.get() + 1 && (call.isDone() || timers.delayed.get() > timers.fired.get()));
      time.advanceTimeBy(Duration.ofSeconds(1));
    }

    call.awaitSuccess();
    assertThat(tooManyRequests).as("the one retry came after the reset").hasValue(1);
  }

  @Test
  void aBookingRefusedByItsBookingWindowReachesTheAgentWithThatWindowsLimitAndReset() throws Exception {
    SeededUser owner = sandbox.user(Plan.STANDARD, Role.OWNER);
    CalendlyClient calendly = client(owner.token());
    runAll(List.of(calendly), 1, owner.userUri());
    time.advanceTimeBy(Duration.ofSeconds(30));
    String otherApp = sandbox.issueToken(owner.userUri(), List.of("scheduled_events:write"));
    for (int i = 0; i < 10; i++) {
      assertThat(postInvitee(otherApp)).isEqualTo(400);
    }
    Instant deadline = clock.instant().plus(Duration.ofSeconds(20));
    CreateInviteeRequest booking = new CreateInviteeRequest(
        URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"), clock.instant().plus(Duration.ofDays(2)),
        CreateInviteeRequest.Person.named("Pat Doe", "pat@example.org", "Europe/Paris"), null, null, null, null);

    Throwable refused = catchThrowable(() -> calendly.scheduling().createInvitee(booking).contextWrite(Deadline.at(deadline)).block(Duration.ofSeconds(30)));

    assertThat(refused).isInstanceOf(CalendlyException.RateLimited.class);
    assertThat(((CalendlyException.RateLimited) refused).headers().limit()).as("the booking minute's 10, not the user's 60")
        .hasValue(10);
    assertThat(ToolErrors.describe(refused, "").orElseThrow())
        .contains("All 10 requests of this rate-limit window are used up. Retry after 1 min", "nothing was done");
    Throwable held = catchThrowable(() -> calendly.scheduling().createInvitee(booking).contextWrite(Deadline.at(deadline)).block(Duration.ofSeconds(30)));
    assertThat(held).isInstanceOf(RateLimitWaitTooLongException.class);
    assertThat(((RateLimitWaitTooLongException) held).budget()).isEqualTo("booking-pause");
    assertThat(((RateLimitWaitTooLongException) held).wouldWait())
        .as("until the booking minute resets, not the user window 30 s earlier")
        .isBetween(Duration.ofSeconds(60), Duration.ofSeconds(62));
    assertThat(tooManyRequests).hasValue(1);
  }

  @Test
  void calendlysCurrentLimitsTeachTheClientAFreeUsersTierAndAPaidUsersFiveHundred() {
    sandbox.setPlanRateLimit(Plan.FREE, 50);
    sandbox.setPlanRateLimit(Plan.TEAMS, 500);
    SeededUser free = sandbox.user(Plan.FREE, Role.USER);
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.USER);
    BudgetKey freeBudget = BudgetKey.ofUser(free.userUri());
    BudgetKey teamsBudget = BudgetKey.ofUser(teams.userUri());
    assertThat(limiter.snapshot(teamsBudget).limit()).as("the product spec's figure until Calendly answers").isEqualTo(60);

    runAll(List.of(client(free.token())), 1, free.userUri());
    runAll(List.of(client(teams.token())), 1, teams.userUri());

    assertThat(limiter.snapshot(freeBudget).limit()).isEqualTo(50);
    assertThat(limiter.snapshot(freeBudget).bookingTier()).isEqualTo(BookingTier.FREE);
    assertThat(limiter.snapshot(teamsBudget).limit()).isEqualTo(500);
    assertThat(limiter.snapshot(teamsBudget).bookingTier()).isEqualTo(BookingTier.PAID);
  }

  @Test
  void anEnterpriseOrganizationsPlanGivesItsUserEnterprisesBookingWindowsWhereTheReportedLimitCannot() {
    sandbox.setPlanRateLimit(Plan.ENTERPRISE, 500);
    SeededUser enterprise = sandbox.user(Plan.ENTERPRISE, Role.USER);
    CalendlyClient calendly = client(enterprise.token());
    BudgetKey budget = BudgetKey.ofUser(enterprise.userUri());
    runAll(List.of(calendly), 1, enterprise.userUri());
    assertThat(limiter.snapshot(budget).bookingTier()).as("500 is every paid plan's figure").isEqualTo(BookingTier.PAID);

    String organization = calendly.users().me().block().currentOrganization().toString();
    calendly.organizations().get(organization).contextWrite(Deadline.at(clock.instant().plus(Duration.ofMinutes(1)))).block();

    assertThat(limiter.snapshot(budget).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
  }

  @Test
  void anEnterpriseUsersEleventhBookingOfAMinuteGoesOutAtOnceBecauseTheFirstBookingLearnsThePlan() {
    sandbox.setPlanRateLimit(Plan.ENTERPRISE, 500);
    SeededUser enterprise = sandbox.user(Plan.ENTERPRISE, Role.USER);
    CalendlyClient calendly = client(enterprise.token());
    runAll(List.of(calendly), 1, enterprise.userUri());
    // Start a calendar minute, so that no booking below waits for the next one however it counts.
    time.advanceTimeTo(Instant.parse("2026-11-24T09:05:00Z"));
    Instant deadline = clock.instant().plus(Duration.ofSeconds(20));
    // The sandbox answers 400 (no such event type) only after its booking window has counted the
    // booking, and so has our limiter: eleven of them fill Calendly's paid-plan minute of ten.
    CreateInviteeRequest booking = new CreateInviteeRequest(
        URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"), clock.instant().plus(Duration.ofDays(2)),
        CreateInviteeRequest.Person.named("Pat Doe", "pat@example.org", "Europe/Paris"), null, null, null, null);

    for (int i = 1; i <= 11; i++) {
      StepVerifier.create(calendly.scheduling().createInvitee(booking).contextWrite(Deadline.at(deadline)))
          .as("booking " + i + " of the minute")
          .expectErrorSatisfies(RateLimitAgainstSandboxTest::answeredBySandbox)
          .verify(Duration.ofSeconds(30));
    }

    assertThat(limiter.snapshot(BudgetKey.ofUser(enterprise.userUri())).bookingTier()).isEqualTo(BookingTier.ENTERPRISE);
    assertThat(sandbox.stats().count("POST /invitees")).isEqualTo(11);
    assertThat(tooManyRequests).hasValue(0);
  }

  @Test
  void aPaidUsersEleventhBookingOfAMinuteIsStillHeldToCalendlysTen() {
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.USER);
    CalendlyClient calendly = client(teams.token());
    runAll(List.of(calendly), 1, teams.userUri());
    time.advanceTimeTo(Instant.parse("2026-11-24T09:05:00Z"));
    Instant deadline = clock.instant().plus(Duration.ofSeconds(20));
    CreateInviteeRequest booking = new CreateInviteeRequest(
        URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"), clock.instant().plus(Duration.ofDays(2)),
        CreateInviteeRequest.Person.named("Pat Doe", "pat@example.org", "Europe/Paris"), null, null, null, null);
    for (int i = 1; i <= 10; i++) {
      StepVerifier.create(calendly.scheduling().createInvitee(booking).contextWrite(Deadline.at(deadline)))
          .expectErrorSatisfies(RateLimitAgainstSandboxTest::answeredBySandbox)
          .verify(Duration.ofSeconds(30));
    }

    StepVerifier.create(calendly.scheduling().createInvitee(booking).contextWrite(Deadline.at(deadline)))
        .expectError(RateLimitWaitTooLongException.class)
        .verify(Duration.ofSeconds(30));
    assertThat(limiter.snapshot(BudgetKey.ofUser(teams.userUri())).bookingTier()).isEqualTo(BookingTier.PAID);
    assertThat(tooManyRequests).hasValue(0);
  }

  @Test
  void aBurstOfThirtyBookingsAtSecondThirtyMeetsNoTooManyRequestsFromASandboxWhoseMinuteStartsWithTheFirstBooking() {
    List<Pending> burst = bookingBurstAtSecondThirty(Duration.ofSeconds(50));

    assertThat(tooManyRequests).hasValue(0);
    // The next minute opens at 09:06:31, past the tool call's 50 s deadline: twenty are refused
    // up front with the wait, none is sent into a minute the sandbox still counts.
    assertThat(burst.stream().filter(p -> outcome(p) instanceof CalendlyException.ApiError e
        && !(e instanceof CalendlyException.RateLimited))).hasSize(10);
    assertThat(burst.stream().filter(p -> outcome(p) instanceof RateLimitWaitTooLongException)).hasSize(20);
  }

  @Test
  void aBurstOfThirtyBookingsAtSecondThirtyWithTimeToWaitGoesOutTenAMinuteWithNoTooManyRequests() {
    List<Pending> burst = bookingBurstAtSecondThirty(Duration.ofMinutes(3));

    assertThat(tooManyRequests).hasValue(0);
    assertThat(burst).allSatisfy(p -> answeredBySandbox((Throwable) outcome(p)));
    java.util.Map<Instant, Long> sentPerInstant = new java.util.TreeMap<>();
    bookingsSentAt.forEach(at -> sentPerInstant.merge(at, 1L, Long::sum));
    assertThat(sentPerInstant)
        .as("ten a window, each a minute after the one before started, plus the margin")
        .containsExactly(java.util.Map.entry(Instant.parse("2026-11-24T09:05:30Z"), 10L),
            java.util.Map.entry(Instant.parse("2026-11-24T09:06:31Z"), 10L),
            java.util.Map.entry(Instant.parse("2026-11-24T09:07:32Z"), 10L));
    assertThat(sandbox.stats().count("POST /invitees")).isEqualTo(30);
  }

  /**
   * Thirty bookings of a Teams user (10 a minute) asked for at once at 09:05:30, each with the given
   * deadline, driven in virtual time until each has its outcome.
   */
  private List<Pending> bookingBurstAtSecondThirty(Duration deadlineAfter) {
    SeededUser teams = sandbox.user(Plan.TEAMS, Role.USER);
    CalendlyClient calendly = client(teams.token());
    runAll(List.of(calendly), 1, teams.userUri());
    time.advanceTimeTo(Instant.parse("2026-11-24T09:05:30Z"));
    Instant deadline = clock.instant().plus(deadlineAfter);
    CreateInviteeRequest booking = new CreateInviteeRequest(
        URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"), clock.instant().plus(Duration.ofDays(2)),
        CreateInviteeRequest.Person.named("Pat Doe", "pat@example.org", "Europe/Paris"), null, null, null, null);
    List<Pending> burst = new java.util.ArrayList<>();
    for (int i = 0; i < 30; i++) {
      burst.add(pending(calendly.scheduling().createInvitee(booking).contextWrite(Deadline.at(deadline))));
    }
    BudgetKey user = BudgetKey.ofUser(teams.userUri());
    long giveUpAt = virtualMillis() + deadlineAfter.plusMinutes(1).toMillis();
    while (virtualMillis() < giveUpAt) {
      // At rest: every booking is done or queued in the limiter (not in the plan lookup or on the
      // wire), so moving time cannot overtake one. A 429 fails the test anyway; after it, a retry
      // sleeping on the virtual clock would never be at rest.
      await(() -> answered.get() >= granted.get()
          && (tooManyRequests.get() > 0
              || burst.stream().filter(Pending::isDone).count() + limiter.snapshot(user).queued() >= burst.size()));
      if (burst.stream().allMatch(Pending::isDone)) {
        break;
      }
      time.advanceTimeBy(Duration.ofMillis(250));
    }
    assertThat(burst).allMatch(Pending::isDone);
    return burst;
  }

  private static Object outcome(Pending pending) {
    try {
      return pending.outcome.getNow(null);
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }

  /** A booking the sandbox answered (it names no such event type), not one our limiter held back. */
  private static void answeredBySandbox(Throwable error) {
    assertThat(error).isInstanceOf(CalendlyException.ApiError.class).isNotInstanceOf(CalendlyException.RateLimited.class);
  }

  /** Another app of the same user spends what is left of the user's window, unseen by our limiter. */
  private void spendTheRestOfTheWindowElsewhere(SeededUser user) {
    String otherApp = sandbox.issueToken(user.userUri(), List.of("users:read"));
    CalendlyConfig config = CalendlyConfig.defaults()
        .withApiBaseUrl(URI.create(sandbox.apiBaseUrl())).withAuthBaseUrl(URI.create(sandbox.apiBaseUrl()));
    try (CalendlyHttp elsewhere = CalendlyHttp.create(config)) {
      CalendlyClient other = CalendlyClient.create(elsewhere, AccessToken.of(otherApp), ClientOptions.direct());
      for (int i = 0; i <= 60; i++) {
        if (catchThrowable(() -> other.users().me().block()) instanceof CalendlyException.RateLimited) {
          return;
        }
      }
    }
    throw new AssertionError("the other app never met the user's limit");
  }

  private int postInvitee(String token) throws Exception {
    java.net.http.HttpClient raw = java.net.http.HttpClient.newHttpClient();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/invitees"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build();
    return raw.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * The client's timers on the shared virtual clock, counting the delayed tasks (a retry waiting)
   * so that a test moves time only once the retry is really waiting.
   */
  private final class TimerCount implements Scheduler {
    final AtomicInteger delayed = new AtomicInteger();
    final AtomicInteger fired = new AtomicInteger();

    @Override
    public Disposable schedule(Runnable task) {
      return time.schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      Disposable scheduled = time.schedule(() -> {
        fired.incrementAndGet();
        task.run();
      }, delay, unit);
      delayed.incrementAndGet();
      synchronized (progress) {
        progress.notifyAll();
      }
      return scheduled;
    }

    @Override
    public long now(TimeUnit unit) {
      return time.now(unit);
    }

    @Override
    public Worker createWorker() {
      return time.createWorker();
    }
  }

  /** A call subscribed now, whose outcome and (virtual) completion time tests wait for. */
  private final class Pending {
    final java.util.concurrent.CompletableFuture<Object> outcome = new java.util.concurrent.CompletableFuture<>();
    volatile long finishedAt;

    boolean isDone() {
      return outcome.isDone();
    }

    void awaitSuccess() {
      assertThat(outcome).succeedsWithin(Duration.ofSeconds(30));
    }
  }

  private Pending pending(reactor.core.publisher.Mono<?> call) {
    Pending pending = new Pending();
    call.subscribe(
        value -> {
          pending.finishedAt = virtualMillis();
          pending.outcome.complete(value);
        },
        error -> pending.outcome.completeExceptionally(error));
    return pending;
  }

  /** Waits in real time, on the monitor every answer notifies, until {@code condition} holds. */
  private void await(java.util.function.BooleanSupplier condition) {
    long giveUpAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    synchronized (progress) {
      while (!condition.getAsBoolean()) {
        if (System.nanoTime() > giveUpAt) {
          throw new AssertionError("condition not met within 30 s");
        }
        try {
          progress.wait(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  private static long windowOf(long at, long start) {
    return (at - start) / 60_000;
  }

  private static java.util.Map<Long, Integer> perWindow(long[] finishedAt, long start) {
    java.util.Map<Long, Integer> counts = new ConcurrentHashMap<>();
    for (long at : finishedAt) {
      counts.merge(windowOf(at, start), 1, Integer::sum);
    }
    return counts;
  }

}
