package dev.calendlymcp.sandbox.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of charging a request to its user's budget.
 *
 * @param allowed whether the request may proceed
 * @param limit the window's ceiling
 * @param remaining requests left in the window after this one
 * @param resetSeconds whole seconds until the window resets
 * @param retryAfterSeconds when refused, how long to wait; else 0
 */
public record RateDecision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {

  /** The {@code X-RateLimit-*} headers every API response carries. */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-RateLimit-Limit", Integer.toString(limit));
    headers.put("X-RateLimit-Remaining", Integer.toString(remaining));
    headers.put("X-RateLimit-Reset", Long.toString(resetSeconds));
    return headers;
  }

  /** The headers of a 429: the rate-limit headers plus {@code Retry-After}. */
  public Map<String, String> refusalHeaders() {
    Map<String, String> headers = headers();
    headers.put("Retry-After", Long.toString(retryAfterSeconds));
    return headers;
  }
}
