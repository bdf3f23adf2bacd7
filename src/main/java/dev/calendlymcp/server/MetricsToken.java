package dev.calendlymcp.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The bearer token a scraper must send for {@code /metrics} ({@code CALENDLY_MCP_METRICS_TOKEN}).
 * Never printed: {@link #toString()} hides it, so settings can be logged whole.
 */
public final class MetricsToken {

  /** The variable it is read from. */
  public static final String ENV = "CALENDLY_MCP_METRICS_TOKEN";

  /** Shorter ones can be guessed, even one request at a time. */
  static final int MIN_LENGTH = 16;

  /** Compared as digests, so neither the content nor the length of the token shows in timing. */
  private final byte[] digest;

  private MetricsToken(String value) {
    this.digest = sha256(value);
  }

  /**
   * @throws IllegalArgumentException (without the value) when it is shorter than 16 characters or
   *     holds whitespace or control characters
   */
  public static MetricsToken of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() < MIN_LENGTH || !value.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
      throw new IllegalArgumentException(ENV + " must be at least " + MIN_LENGTH
          + " printable ASCII characters without spaces, e.g. the output of: openssl rand -hex 32");
    }
    return new MetricsToken(value);
  }

  /** Whether an {@code Authorization} header carries this token as {@code Bearer}; constant time. */
  boolean admits(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(sha256(authorization.substring(7).strip()), digest);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "MetricsToken[hidden]";
  }
}
