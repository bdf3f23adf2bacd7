package dev.calendlymcp.calendly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * An OAuth refresh token. Like {@link AccessToken}, its value never appears in {@link
 * #toString()}. Calendly's refresh tokens are single-use: every refresh answers with a new one,
 * which must replace the old one in storage.
 */
public final class RefreshToken {

  private final String value;
  private final String fingerprint;

  private RefreshToken(String value) {
    this.value = value;
    this.fingerprint = AccessToken.sha256Prefix(value);
  }

  public static RefreshToken of(String value) {
    Objects.requireNonNull(value, "refresh token");
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("a refresh token must not be blank");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "a refresh token may contain only visible ASCII characters (check for a stray newline or quote)");
      }
    }
    return new RefreshToken(trimmed);
  }

  /** The secret itself; only for the token request and encrypted storage. */
  public String reveal() {
    return value;
  }

  /** First 16 hex digits of the token's SHA-256, for logs that must tell grants apart. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Constant-time comparison, so that equality checks do not leak the secret by timing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof RefreshToken that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "RefreshToken[" + fingerprint + "]";
  }
}
