package dev.calendlymcp.ratelimit;

import static dev.calendlymcp.ratelimit.LimiterFixture.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

class ConcurrencyTest {

  private final Scheduler scheduler = Schedulers.newParallel("ratelimit-test", 2);
  private final ExecutorService callers = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    callers.shutdownNow();
    scheduler.dispose();
  }

  @Test
  void callersOnManyThreadsAtOnceNeverGetMoreThanTheLimit() throws InterruptedException {
    DefaultRateLimiter limiter = DefaultRateLimiter.builder().scheduler(scheduler).build();
    AtomicInteger permits = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(400);
    for (int thread = 0; thread < 8; thread++) {
      callers.execute(
          () -> {
            try {
              go.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            for (int i = 0; i < 50; i++) {
              limiter
                  .acquire(ALICE, CallKind.READ, Instant.now().plus(Duration.ofSeconds(5)))
                  .subscribe(
                      permit -> {
                        permits.incrementAndGet();
                        done.countDown();
                      },
                      error -> {
                        if (error instanceof RateLimitWaitTooLongException) {
                          refused.incrementAndGet();
                        }
                        done.countDown();
                      });
            }
          });
    }

    go.countDown();

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(permits.get()).isEqualTo(60);
    assertThat(refused.get()).isEqualTo(340);
    assertThat(limiter.snapshot(ALICE).remaining()).isZero();
    assertThat(limiter.snapshot(ALICE).queued()).isZero();
  }
}
