package dev.calendlymcp.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client can make the HTTP server hold open: connections, and the time they take.
 *
 * @param maxConnections connections open at once; one more is closed as soon as it is accepted
 * @param requestReadTimeout how long a request may take to arrive, headers and body, from its first
 *     byte; then the connection is closed
 * @param idleTimeout how long a keep-alive connection may wait, with no request on it, for the next
 *     request; a response being sent (an SSE stream included) is not idle
 */
public record ConnectionLimits(int maxConnections, Duration requestReadTimeout, Duration idleTimeout) {

  /** Slow mobile links still send a 4 MiB body in 30 s; clients reconnect within a minute anyway. */
  public static final ConnectionLimits DEFAULTS =
      new ConnectionLimits(1024, Duration.ofSeconds(30), Duration.ofSeconds(60));

  public ConnectionLimits {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
    }
    positive(requestReadTimeout, "requestReadTimeout");
    positive(idleTimeout, "idleTimeout");
  }

  private static void positive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }
}
