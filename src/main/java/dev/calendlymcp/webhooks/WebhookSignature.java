package dev.calendlymcp.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>} as Calendly's Webhook
 * Signatures page describes it: {@code v1} is the hex HMAC-SHA256 of {@code t + "." + raw body}
 * under the subscription's signing key, and a timestamp further than the tolerance from now is a
 * replay (or a forged clock). Every candidate key and every {@code v1} is compared in constant time.
 */
public final class WebhookSignature {

  /** The header Calendly signs deliveries in. */
  public static final String HEADER = "Calendly-Webhook-Signature";

  /** How far a signature's timestamp may be from our clock, either way. */
  public static final Duration TOLERANCE = Duration.ofMinutes(3);

  private static final String ALGORITHM = "HmacSHA256";
  private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  /** The outcome, with the HTTP status the receiver answers and the reason it logs. */
  public enum Verdict {
    VALID(200, "valid"),
    MISSING(400, "no Calendly-Webhook-Signature header"),
    MALFORMED(400, "the Calendly-Webhook-Signature header is not t=<seconds>,v1=<hex>"),
    STALE(401, "the signature's timestamp is more than 3 minutes from now"),
    MISMATCH(401, "the signature matches no signing key");

    private final int status;
    private final String reason;

    Verdict(int status, String reason) {
      this.status = status;
      this.reason = reason;
    }

    public int status() {
      return status;
    }

    public String reason() {
      return reason;
    }
  }

  private WebhookSignature() {}

  /**
   * @param headers every value of the header the request carried (more than one is malformed)
   */
  public static Verdict check(List<String> headers, byte[] body, List<WebhookSigningKey> keys, Instant now) {
    if (headers.isEmpty()) {
      return Verdict.MISSING;
    }
    if (headers.size() > 1) {
      return Verdict.MALFORMED;
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : headers.get(0).split(",", -1)) {
      int equals = part.indexOf('=');
      if (equals <= 0) {
        return Verdict.MALFORMED;
      }
      String name = part.substring(0, equals).strip();
      String value = part.substring(equals + 1).strip();
      if (name.equals("t")) {
        if (timestamp != null || !SECONDS.matcher(value).matches()) {
          return Verdict.MALFORMED;
        }
        timestamp = Long.parseLong(value);
      } else if (name.equals("v1")) {
        if (!HEX_SHA256.matcher(value).matches()) {
          return Verdict.MALFORMED;
        }
        signatures.add(HexFormat.of().parseHex(value));
      }
      // Other schemes (a future v2, say) are skipped, as a receiver of versioned signatures should.
    }
    if (timestamp == null || signatures.isEmpty()) {
      return Verdict.MALFORMED;
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
      return Verdict.STALE;
    }
    boolean matched = false;
    for (WebhookSigningKey key : keys) {
      byte[] expected = mac(key, timestamp, body);
      for (byte[] signature : signatures) {
        // No early exit: the time taken must not tell which key or entry came close.
        matched |= MessageDigest.isEqual(expected, signature);
      }
    }
    return matched ? Verdict.VALID : Verdict.MISMATCH;
  }

  /** The header value that signs {@code body} at {@code epochSeconds}, as Calendly would send it. */
  public static String sign(WebhookSigningKey key, long epochSeconds, byte[] body) {
    return "t=" + epochSeconds + ",v1=" + HexFormat.of().formatHex(mac(key, epochSeconds, body));
  }

  private static byte[] mac(WebhookSigningKey key, long epochSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java runtime ships HmacSHA256 and takes any non-empty key for it.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
