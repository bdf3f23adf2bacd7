package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The limiter in front of a simulated Calendly that counts calls in fixed windows and answers every
 * call with its rate-limit headers (the reset in whole seconds, rounded down), with or without
 * network delays that reorder the answers: no call the limiter lets through may be refused, and the
 * budget must be used.
 */
class CalendlySimulationTest {

  private static final int LIMIT = 60;
  private static final long WINDOW_MS = 60_000;

  /** How the simulated Calendly places its windows. */
  enum ServerWindows {
    /** Windows on the minute, as epoch-aligned fixed-window limiters count. */
    ALIGNED_TO_THE_MINUTE,
    /** A window starts with the first call after the previous one ended. */
    STARTED_BY_THE_FIRST_CALL
  }

  /** One user's budget as Calendly counts it. */
  private static final class SimulatedCalendly {
    private final ServerWindows windows;
    private long windowStart = Long.MIN_VALUE;
    private int count;
    int refusedOurs;
    int servedOurs;

    SimulatedCalendly(ServerWindows windows) {
      this.windows = windows;
    }

    /** Serves one call at {@code now}: {status, remaining, reset seconds}. */
    int[] serve(long now, boolean ours) {
      if (windowStart == Long.MIN_VALUE || now >= windowStart + WINDOW_MS) {
        windowStart =
            windows == ServerWindows.ALIGNED_TO_THE_MINUTE
                ? Math.floorDiv(now, WINDOW_MS) * WINDOW_MS
                : now;
        count = 0;
      }
      int resetSeconds = (int) ((windowStart + WINDOW_MS - now) / 1000);
      if (count >= LIMIT) {
        refusedOurs += ours ? 1 : 0;
        return new int[] {429, 0, resetSeconds};
      }
      count++;
      servedOurs += ours ? 1 : 0;
      return new int[] {200, LIMIT - count, resetSeconds};
    }
  }

  private LimiterFixture fixture = new LimiterFixture();
  private final List<Instant> answered = new ArrayList<>();

  static Stream<Arguments> calendlys() {
    return Stream.of(ServerWindows.values())
        .flatMap(windows -> Stream.of(Arguments.of(windows, false), Arguments.of(windows, true)));
  }

  @ParameterizedTest(name = "{0}, network delays: {1}")
  @MethodSource("calendlys")
  void aBurstIsNeverRefusedAndUsesTheBudget(ServerWindows windows, boolean delays) {
    SimulatedCalendly calendly = new SimulatedCalendly(windows);
    // Off the second, so that whole-second Reset headers are up to a second short.
    fixture.advance(Duration.ofMillis(300));
    Instant first = fixture.now();

    for (int i = 0; i < 600; i++) {
      call(calendly, i, delays, first.plus(Duration.ofMinutes(30)));
    }
    fixture.advance(Duration.ofMinutes(30));

    assertThat(answered).hasSize(600);
    assertThat(calendly.refusedOurs).isZero();
    Instant last = answered.stream().max(Instant::compareTo).orElseThrow();
    double windowsSpanned = Duration.between(first, last).toMillis() / (double) WINDOW_MS + 1;
    assertThat(600 / (LIMIT * windowsSpanned)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void halfASecondOfMarginIsNotEnoughWhenCalendlyRoundsTheResetDown() {
    fixture =
        new LimiterFixture(
            RateLimitSettings.builder().safetyMargin(Duration.ofMillis(500)).build());
    SimulatedCalendly calendly = new SimulatedCalendly(ServerWindows.ALIGNED_TO_THE_MINUTE);
    fixture.advance(Duration.ofMillis(300));
    Instant first = fixture.now();

    for (int i = 0; i < 600; i++) {
      call(calendly, i, false, first.plus(Duration.ofMinutes(30)));
    }
    fixture.advance(Duration.ofMinutes(30));

    // Why the default is 1 s: the first Reset header is 0.7 s short, and 0.5 s does not cover it.
    assertThat(calendly.refusedOurs).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ServerWindows.class)
  void steadyDemandBeyondTheBudgetLearnsWhatAnotherAppSpendsAndIsNeverRefused(
      ServerWindows windows) {
    SimulatedCalendly calendly = new SimulatedCalendly(windows);
    fixture.advance(Duration.ofMillis(300));
    Instant first = fixture.now();
    long minutes = 10;
    // Another app of the same user spends 10 calls early in every minute.
    for (int minute = 0; minute < minutes; minute++) {
      for (int call = 0; call < 10; call++) {
        fixture.clock.schedule(
            () -> calendly.serve(fixture.now().toEpochMilli(), false),
            minute * WINDOW_MS + 5_000 + call * 500L,
            TimeUnit.MILLISECONDS);
      }
    }
    // We want two calls a second, each with ten seconds to start.
    for (int i = 0; i < minutes * 120; i++) {
      int n = i;
      fixture.clock.schedule(
          () -> call(calendly, n, true, fixture.now().plusSeconds(10)),
          i * 500L,
          TimeUnit.MILLISECONDS);
    }

    fixture.advance(Duration.ofMinutes(minutes + 1));

    assertThat(calendly.refusedOurs).isZero();
    // Of the 50 a minute the other app leaves, we use nearly all.
    assertThat(calendly.servedOurs).isGreaterThanOrEqualTo((int) (0.9 * 50 * minutes));
  }

  private void call(SimulatedCalendly calendly, int n, boolean delays, Instant deadline) {
    long toCalendly = delays ? n * 37 % 300 : 0;
    long back = delays ? n * 53 % 300 : 0;
    fixture
        .limiter
        .acquire(ALICE, CallKind.READ, deadline)
        .subscribe(
            permit ->
                later(
                    toCalendly,
                    () -> {
                      int[] answer = calendly.serve(fixture.now().toEpochMilli(), true);
                      later(
                          back,
                          () -> {
                            answered.add(fixture.now());
                            fixture.limiter.observe(
                                ALICE,
                                CallKind.READ,
                                answer[0],
                                OptionalInt.of(LIMIT),
                                OptionalInt.of(answer[1]),
                                Optional.of(Duration.ofSeconds(answer[2])),
                                answer[0] == 429
                                    ? Optional.of(Duration.ofSeconds(answer[2]))
                                    : Optional.empty());
                          });
                    }),
            error -> {});
  }

  private void later(long millis, Runnable task) {
    if (millis == 0) {
      task.run();
    } else {
      fixture.clock.schedule(task, millis, TimeUnit.MILLISECONDS);
    }
  }
}
