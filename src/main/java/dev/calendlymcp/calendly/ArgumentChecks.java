package dev.calendlymcp.calendly;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks shared by the endpoint groups. Every failure is an {@link IllegalArgumentException} whose
 * message names the parameter as Calendly spells it, so an agent can fix the call. Messages never
 * repeat a value that might be a secret.
 */
final class ArgumentChecks {

  // Deliberately loose: Calendly has the final word, this only catches obvious mistakes early.
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern SORT =
      Pattern.compile("[a-z_]+:(asc|desc)(,[a-z_]+:(asc|desc))*");

  private ArgumentChecks() {}

  static void endAfterStart(Instant start, Instant end) {
    if (start == null) {
      throw new IllegalArgumentException("start_time is required");
    }
    if (end == null) {
      throw new IllegalArgumentException("end_time is required");
    }
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "end_time must be after start_time, got start_time " + start + " and end_time " + end);
    }
  }

  static String email(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required (an email address)");
    }
    String email = value.strip();
    if (!EMAIL.matcher(email).matches()) {
      throw new IllegalArgumentException(field + " must be an email address such as name@example.com");
    }
    return email;
  }

  /** Calendly's {@code field:asc|desc}, comma-separated for several keys. */
  static String sort(String value, String field) {
    if (value == null) {
      return null;
    }
    String sort = value.strip().toLowerCase(Locale.ROOT);
    if (!SORT.matcher(sort).matches()) {
      throw new IllegalArgumentException(
          field + " must look like created_at:asc or created_at:desc, got " + value);
    }
    return sort;
  }

  /** An enum filter must be a real value; {@code UNKNOWN} only exists for reading. */
  static <E extends Enum<E>> E known(E value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (value.name().equals("UNKNOWN")) {
      throw new IllegalArgumentException(field + " must be a value Calendly defines, not UNKNOWN");
    }
    return value;
  }

  /** Re-checks a URI given as an object, so a record built directly gets the same checks. */
  static URI optionalUri(URI value, String field) {
    return value == null ? null : CalendlyIds.uri(value.toString(), field);
  }

  /**
   * A webhook callback must be https. Plain http is accepted only for a loopback host, so that a
   * local receiver can be tested against the sandbox.
   */
  static URI callbackUrl(String value, String field) {
    URI uri = CalendlyIds.uri(value, field);
    if (uri.getScheme().equals("https")) {
      return uri;
    }
    String host = uri.getHost();
    if (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")) {
      return uri;
    }
    throw new IllegalArgumentException(
        field + " must be an https URL (Calendly delivers webhooks only over https), got " + value);
  }
}
