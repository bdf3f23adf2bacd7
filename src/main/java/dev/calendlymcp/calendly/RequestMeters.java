package dev.calendlymcp.calendly;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every Calendly answer per token fingerprint (never the token) and outcome, as the meter
 * {@code calendly.requests}, and logs each at debug level with what it said about the rate budget.
 * Plug it into {@link CalendlyHttp#create(CalendlyConfig, RateLimitListener)}.
 */
public final class RequestMeters implements RateLimitListener {

  private static final Logger log = LoggerFactory.getLogger(RequestMeters.class);

  private final MeterRegistry registry;

  public RequestMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onResponse(Observation observation) {
    String token = observation.tokenFingerprint() == null ? "client" : observation.tokenFingerprint();
    Counter.builder("calendly.requests")
        .description("Answers from Calendly, by token fingerprint and outcome")
        .tag("token", token)
        .tag("outcome", outcome(observation.status()))
        .register(registry)
        .increment();
    if (log.isDebugEnabled()) {
      RateLimitHeaders headers = observation.headers();
      log.debug(
          "{} answered {} for token {} (limit {}, remaining {}, reset {}, retry after {})",
          observation.endpoint(),
          observation.status(),
          token,
          headers.limit().isPresent() ? headers.limit().getAsInt() : "-",
          headers.remaining().isPresent() ? headers.remaining().getAsInt() : "-",
          headers.reset().map(d -> d.toSeconds() + " s").orElse("-"),
          headers.retryAfter().map(d -> d.toSeconds() + " s").orElse("-"));
    }
  }

  static String outcome(int status) {
    if (status == 429) {
      return "rate_limited";
    }
    if (status >= 500) {
      return "server_error";
    }
    if (status >= 400) {
      return "client_error";
    }
    return "success";
  }
}
