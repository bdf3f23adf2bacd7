package dev.calendlymcp.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A virtual-time scheduler read as a clock, so that code reading instants and code scheduling
 * delays see the same time while a test moves it.
 */
public final class SchedulerClock extends Clock {

  private final VirtualTimeScheduler scheduler;

  public SchedulerClock(VirtualTimeScheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(scheduler.now(TimeUnit.MILLISECONDS));
  }
}
