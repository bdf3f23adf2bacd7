package dev.calendlymcp.calendly;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What one response said about the caller's rate budget. Every field is optional because Calendly
 * (or a proxy) may omit any of them.
 *
 * @param limit {@code X-RateLimit-Limit}: requests allowed per window
 * @param remaining {@code X-RateLimit-Remaining}: requests left in this window
 * @param reset {@code X-RateLimit-Reset}: time until the window resets
 * @param retryAfter {@code Retry-After}: how long to wait before the next request (on 429)
 */
public record RateLimitHeaders(
    OptionalInt limit, OptionalInt remaining, Optional<Duration> reset, Optional<Duration> retryAfter) {

  public static final RateLimitHeaders NONE =
      new RateLimitHeaders(OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty());

  /** Reads the headers through {@code header}, ignoring values that are not numbers. */
  public static RateLimitHeaders parse(Function<String, String> header) {
    return new RateLimitHeaders(
        nonNegativeInt(header.apply("X-RateLimit-Limit")),
        nonNegativeInt(header.apply("X-RateLimit-Remaining")),
        seconds(header.apply("X-RateLimit-Reset")),
        seconds(header.apply("Retry-After")));
  }

  public boolean isEmpty() {
    return limit.isEmpty() && remaining.isEmpty() && reset.isEmpty() && retryAfter.isEmpty();
  }

  private static OptionalInt nonNegativeInt(String raw) {
    if (raw == null) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(raw.strip());
      return value < 0 ? OptionalInt.empty() : OptionalInt.of(value);
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /**
   * Calendly sends whole or fractional seconds; an HTTP-date {@code Retry-After} is not used by
   * Calendly and is ignored rather than guessed at.
   */
  private static Optional<Duration> seconds(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    try {
      double value = Double.parseDouble(raw.strip());
      if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis((long) Math.ceil(value * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
