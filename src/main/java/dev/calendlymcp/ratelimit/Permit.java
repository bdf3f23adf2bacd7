package dev.calendlymcp.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * Leave to make one call now.
 *
 * @param waited how long the call queued for it (zero when it fitted at once)
 */
public record Permit(Duration waited) {

  public Permit {
    Objects.requireNonNull(waited, "waited");
    if (waited.isNegative()) {
      throw new IllegalArgumentException("waited must not be negative (was " + waited + ")");
    }
  }
}
