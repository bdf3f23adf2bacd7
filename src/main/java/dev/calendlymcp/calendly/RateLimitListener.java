package dev.calendlymcp.calendly;

/**
 * Told about every response Calendly sends (errors included), so that a rate limiter can learn
 * the real budget. Called on the I/O thread: implementations must be quick and must not block.
 */
@FunctionalInterface
public interface RateLimitListener {

  RateLimitListener NONE = observation -> {};

  void onResponse(Observation observation);

  /**
   * @param tokenFingerprint {@link AccessToken#fingerprint()} of the token used, never the token;
   *     null for OAuth calls made with client credentials
   * @param endpoint the call
   * @param status HTTP status
   * @param headers what the response said about the budget
   */
  record Observation(String tokenFingerprint, Endpoint endpoint, int status, RateLimitHeaders headers) {}
}
