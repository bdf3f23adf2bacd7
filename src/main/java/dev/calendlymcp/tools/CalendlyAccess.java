package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.RateLimitHeaders;
import java.util.Optional;

/**
 * The Calendly connection a tool call acts through: the client for the current user, and what the
 * server knows about that connection. Implementations create the client on first use, so that
 * listing tools never pays for an HTTP stack.
 */
public interface CalendlyAccess {

  /** The client for the user this server acts as; created on the first call. */
  CalendlyClient client();

  /** The rate-limit headers of Calendly's most recent response on this connection, if any. */
  Optional<RateLimitHeaders> rateLimit();

  /**
   * What the user must do when Calendly rejects the credentials (401), e.g. create a new personal
   * access token; depends on how this server was given them.
   */
  String reconnectAdvice();
}
