package dev.calendlymcp.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.BudgetKeys;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.calendly.RateLimitListener;
import dev.calendlymcp.calendly.RetrySettings;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.DefaultRateLimiter;
import dev.calendlymcp.ratelimit.RateLimiter;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.testing.SchedulerClock;
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
        tooManyRequests.incrementAndGet();
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

  /** The real limiter, counting the calls it lets through and the answers it hears of. */
  private final class Counting implements RateLimiter {
    private final RateLimiter real;

    Counting(RateLimiter real) {
      this.real = real;
    }

    @Override
    public reactor.core.publisher.Mono<dev.calendlymcp.ratelimit.Permit> acquire(
        BudgetKey key, dev.calendlymcp.ratelimit.CallKind kind, Instant deadline) {
      return real.acquire(key, kind, deadline).doOnNext(permit -> granted.incrementAndGet());
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
