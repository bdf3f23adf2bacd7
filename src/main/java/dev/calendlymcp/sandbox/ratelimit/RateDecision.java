package dev.calendlymcp.sandbox.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of charging a request to one of its user's budgets.
 *
 * @param allowed whether the request may proceed
 * @param limit the window's ceiling
 * @param remaining requests left in the window after this one
 * @param resetSeconds whole seconds until the window resets
 */
public record RateDecision(boolean allowed, int limit, int remaining, long resetSeconds) {

  /** The {@code X-RateLimit-*} headers every API response carries. */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-RateLimit-Limit", Integer.toString(limit));
    headers.put("X-RateLimit-Remaining", Integer.toString(remaining));
    headers.put("X-RateLimit-Reset", Long.toString(resetSeconds));
    return headers;
  }

  /**
   * The headers of a 429: Calendly's documented three ({@code X-RateLimit-Remaining} is 0), plus
   * {@code Retry-After} (the same seconds as the reset) when {@code withRetryAfter}.
   */
  public Map<String, String> refusalHeaders(boolean withRetryAfter) {
    Map<String, String> headers = headers();
    if (withRetryAfter) {
      headers.put("Retry-After", Long.toString(resetSeconds));
    }
    return headers;
  }
}
