package dev.calendlymcp.server;

import dev.calendlymcp.webhooks.ChangePoller;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * How the HTTP server learns of changes at Calendly for the accounts its sessions watch.
 *
 * @param pollingShare the part of an account's rate budget its poller may use, in (0, 1]
 * @param scheduler the pollers' timer (virtual in tests)
 * @param clock the time source matching {@code scheduler}
 * @param random where webhook signing keys come from
 */
public record LiveSettings(double pollingShare, Scheduler scheduler, Clock clock, SecureRandom random) {

  public LiveSettings {
    if (!(pollingShare > 0 && pollingShare <= 1)) {
      throw new IllegalArgumentException("pollingShare must be in (0, 1], got " + pollingShare);
    }
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
  }

  /** 10 % of each watched account's budget for polling, on the shared timers. */
  public static LiveSettings defaults() {
    return new LiveSettings(ChangePoller.DEFAULT_SHARE, Schedulers.boundedElastic(), Clock.systemUTC(),
        new SecureRandom());
  }

  public LiveSettings withPollingShare(double share) {
    return new LiveSettings(share, scheduler, clock, random);
  }
}
