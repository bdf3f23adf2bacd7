package dev.calendlymcp.sandbox.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Calendly's webhook signature, {@code Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>},
 * where {@code v1} is the hex HMAC-SHA256 of {@code t + "." + body} under the subscription's
 * signing key. The sandbox signs its deliveries with {@link #header}; {@link #verify} is what a
 * receiver does, for tests (the MCP server has its own verifier).
 */
public final class WebhookSignatures {

  /** The header that carries the signature. */
  public static final String HEADER = "Calendly-Webhook-Signature";

  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignatures() {}

  /** The header value signing {@code body} with {@code signingKey} at {@code epochSeconds}. */
  public static String header(String signingKey, long epochSeconds, byte[] body) {
    Objects.requireNonNull(body, "body");
    return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac(signingKey, epochSeconds, body));
  }

  /**
   * Whether {@code header} is a valid signature of {@code body} under {@code signingKey}, made no
   * further than {@code tolerance} from the clock's now (either way: an old signature is a
   * replay, one from the future a forged or skewed timestamp). Several {@code v1} entries are
   * allowed (any one may match); the comparison takes constant time. Never throws for a
   * malformed header: it is simply not valid.
   */
  public static boolean verify(String header, byte[] body, String signingKey, Clock clock, Duration tolerance) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(clock, "clock");
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must be zero or positive");
    }
    if (header == null || signingKey == null || signingKey.isEmpty()) {
      return false;
    }
    Long timestamp = null;
    List<byte[]> candidates = new ArrayList<>();
    for (String part : header.split(",")) {
      int equals = part.indexOf('=');
      if (equals <= 0) {
        return false;
      }
      String name = part.substring(0, equals).trim();
      String value = part.substring(equals + 1).trim();
      if (name.equals("t")) {
        if (timestamp != null || !value.matches("[0-9]{1,12}")) {
          return false;
        }
        timestamp = Long.parseLong(value);
      } else if (name.equals("v1")) {
        if (!value.matches("[0-9a-fA-F]{64}")) {
          return false;
        }
        candidates.add(HexFormat.of().parseHex(value));
      }
    }
    if (timestamp == null || candidates.isEmpty()) {
      return false;
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - timestamp);
    if (skew > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = mac(signingKey, timestamp, body);
    boolean matched = false;
    for (byte[] candidate : candidates) {
      matched |= MessageDigest.isEqual(expected, candidate);
    }
    return matched;
  }

  /** {@link #verify(String, byte[], String, Clock, Duration)} for a body received as UTF-8 text. */
  public static boolean verify(String header, String body, String signingKey, Clock clock, Duration tolerance) {
    Objects.requireNonNull(body, "body");
    return verify(header, body.getBytes(StandardCharsets.UTF_8), signingKey, clock, tolerance);
  }

  private static byte[] mac(String signingKey, long epochSeconds, byte[] body) {
    if (signingKey == null || signingKey.isEmpty()) {
      throw new IllegalArgumentException("signingKey must not be empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(signingKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java runtime ships HmacSHA256 and accepts any non-empty key for it.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
