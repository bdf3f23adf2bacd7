package dev.calendlymcp.ratelimit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Opaque budget identity: a hash of the Calendly user URI, or of a token fingerprint until the
 * user is known. Never the raw token: the constructor accepts only the hashed form, so a token
 * passed here by mistake is refused instead of ending up in a metric tag or a log line.
 *
 * @param value {@code user:} or {@code token:} followed by 16 lower-case hex digits
 */
public record BudgetKey(String value) {

  private static final Pattern FORM = Pattern.compile("(user|token):[0-9a-f]{16}");

  public BudgetKey {
    Objects.requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      // The value is deliberately not echoed: it might be a secret passed by mistake.
      throw new IllegalArgumentException(
          "budget key value must be 'user:' or 'token:' followed by 16 hex digits;"
              + " build it with BudgetKey.ofUser or BudgetKey.ofTokenFingerprint");
    }
  }

  /** The budget of a Calendly user, which is what Calendly meters. */
  public static BudgetKey ofUser(String userUri) {
    return new BudgetKey("user:" + hash(requireText(userUri, "userUri")));
  }

  /**
   * The budget of a token whose user is not known yet (before the first {@code /users/me}).
   *
   * @param fingerprint the token's fingerprint (never the token itself)
   */
  public static BudgetKey ofTokenFingerprint(String fingerprint) {
    return new BudgetKey("token:" + hash(requireText(fingerprint, "fingerprint")));
  }

  private static String requireText(String text, String field) {
    Objects.requireNonNull(text, field);
    if (text.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return text;
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
