package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.ratelimit.BookingLimits;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh SMALL sandbox per test on an OS-chosen port, on a clock fixed at {@link #START} that
 * tests can move, with limits high enough that only rate-limit tests meet them.
 */
abstract class SandboxTestBase {

  /** A Wednesday, 12:00 UTC. */
  static final Instant START = Instant.parse("2026-03-04T12:00:00Z");

  final MutableClock clock = new MutableClock(START);
  Sandbox sandbox;
  SandboxHttp http;

  @BeforeEach
  void startSandbox() {
    sandbox = Sandbox.start(config().build());
    http = new SandboxHttp(sandbox.apiBaseUrl());
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  /** The configuration tests start from; override to change it. */
  SandboxConfig.Builder config() {
    return SandboxConfig.builder().seed(7).clock(clock).rateLimits(generousLimits());
  }

  static RateLimitSettings generousLimits() {
    RateLimitSettings settings = RateLimitSettings.defaults();
    for (Plan plan : Plan.values()) {
      settings = settings.withPlanLimit(plan, 100_000);
    }
    return settings
        .withBookingLimits(new BookingLimits(10_000, 0, 0), new BookingLimits(10_000, 0, 0))
        .withFreeBookingLimits(new BookingLimits(10_000, 0, 0));
  }

  SeededUser user(Plan plan, Role role) {
    return sandbox.user(plan, role);
  }

  /** The uuid at the end of a URI. */
  static String uuid(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }
}
