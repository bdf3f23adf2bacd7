package dev.calendlymcp.calendly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A bearer token (personal access token or OAuth access token). Its value is never part of
 * {@link #toString()}, so a token cannot leak through a log line, an exception message or a
 * record printed by accident; {@link #fingerprint()} gives a stable, non-reversible key for
 * budgets and metrics.
 */
public final class AccessToken {

  private final String value;
  private final String fingerprint;

  private AccessToken(String value) {
    this.value = value;
    this.fingerprint = sha256Prefix(value);
  }

  public static AccessToken of(String value) {
    Objects.requireNonNull(value, "token");
    String trimmed = value.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("an access token must not be blank");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException(
            "an access token may contain only visible ASCII characters (check for a stray newline or quote)");
      }
    }
    return new AccessToken(trimmed);
  }

  /** The secret itself; only for the Authorization header and encrypted storage. */
  public String reveal() {
    return value;
  }

  /** First 16 hex digits of the token's SHA-256: enough to key a budget, useless to an attacker. */
  public String fingerprint() {
    return fingerprint;
  }

  /** Constant-time comparison, so that equality checks do not leak the secret by timing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof AccessToken that
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return fingerprint.hashCode();
  }

  @Override
  public String toString() {
    return "AccessToken[" + fingerprint + "]";
  }

  static String sha256Prefix(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
