package dev.calendlymcp.calendly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A credential whose value must never leak: it is not part of {@link #toString()} (so it cannot
 * escape through a log line, an exception message or a record printed by accident), equality is
 * checked in constant time, and {@link #fingerprint()} gives a stable, non-reversible key for
 * budgets, metrics and logs.
 */
public abstract class Secret {

  private final String value;
  // Computed at first use: the first SHA-256 of a process sets up the JDK's security providers,
  // about 10 ms that the stdio start, which only holds the token, would wait for (docs/startup.md).
  // Racing threads compute the same string; each reads the field once.
  private String fingerprint;

  /**
   * @param what how to name the secret in an error, e.g. "an access token"
   */
  protected Secret(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    String trimmed = value.strip();
    if (!isVisibleAscii(trimmed)) {
      throw new IllegalArgumentException(
          what + " may contain only visible ASCII characters (check for a stray newline or quote)");
    }
    this.value = trimmed;
  }

  /** The secret itself; only for the wire (an Authorization header, a token request) and encrypted storage. */
  public final String reveal() {
    return value;
  }

  /** First 16 hex digits of the value's SHA-256: enough to tell secrets apart, useless to an attacker. */
  public final String fingerprint() {
    String known = fingerprint;
    if (known == null) {
      known = sha256Prefix(value);
      fingerprint = known;
    }
    return known;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), ((Secret) other).value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public final int hashCode() {
    return fingerprint().hashCode();
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + fingerprint() + "]";
  }

  static boolean isVisibleAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static String sha256Prefix(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
