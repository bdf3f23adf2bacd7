package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks on the arguments endpoint methods take, so that a bad value fails locally with a message
 * naming the parameter as Calendly spells it ({@code invitee.email}, {@code co_hosts[1]}) instead
 * of costing a request and a rate-limit slot for Calendly's 400.
 */
final class Arguments {

  // Deliberately loose: Calendly is the authority on addresses; this only catches values that
  // cannot be one (a name pasted into the email field, a missing domain).
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@.]+");
  private static final int MAX_EMAIL_LENGTH = 254;
  private static final Pattern SORT_DIRECTION = Pattern.compile("asc|desc");

  private Arguments() {}

  static IllegalArgumentException invalid(String field, String problem) {
    return new IllegalArgumentException(field + " " + problem);
  }

  /** A present, non-blank text. */
  static String text(String value, String field) {
    if (value == null || value.isBlank()) {
      throw invalid(field, "is required");
    }
    return value;
  }

  /** A present, absolute http(s) URI, as Calendly takes references. */
  static URI uri(URI value, String field) {
    if (value == null) {
      throw invalid(field, "is required (a Calendly URI such as https://api.calendly.com/users/AAAA)");
    }
    return CalendlyIds.uri(value.toString(), field);
  }

  /** Like {@link #uri} but null passes. */
  static URI optionalUri(URI value, String field) {
    return value == null ? null : uri(value, field);
  }

  /** A present value that looks like an email address, without surrounding spaces. */
  static String email(String value, String field) {
    String email = text(value, field).strip();
    if (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()) {
      // The address itself is personal data, so it is not repeated back.
      throw invalid(field, "must be an email address such as jane@example.com");
    }
    return email;
  }

  /** An IANA zone name such as {@code America/New_York}; fixed offsets are not accepted. */
  static String timezone(String value, String field) {
    text(value, field);
    ZoneId zone;
    try {
      zone = ZoneId.of(value);
    } catch (DateTimeException e) {
      throw invalid(field, "must be an IANA time zone such as America/New_York, got \"" + value + "\"");
    }
    if (zone instanceof ZoneOffset) {
      throw invalid(
          field,
          "must be an IANA time zone such as Europe/Berlin, not a fixed offset (\"" + value
              + "\"), so that daylight saving time is applied");
    }
    return value;
  }

  /** Like {@link #timezone} but null passes. */
  static String optionalTimezone(String value, String field) {
    return value == null ? null : timezone(value, field);
  }

  /**
   * Calendly's {@code sort}: comma-separated {@code field:asc|desc} (or a bare field, ascending),
   * each field among {@code fields}. Null passes.
   */
  static String sort(String value, String field, Set<String> fields) {
    if (value == null) {
      return null;
    }
    String expected =
        "must be comma-separated field:asc or field:desc with field one of "
            + String.join(", ", fields.stream().sorted().toList());
    if (value.isBlank()) {
      throw invalid(field, expected + ", got an empty value");
    }
    String normalised = value.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    for (String part : normalised.split(",", -1)) {
      String[] pieces = part.strip().split(":", -1);
      boolean ok =
          pieces.length <= 2
              && fields.contains(pieces[0])
              && (pieces.length == 1 || SORT_DIRECTION.matcher(pieces[1]).matches());
      if (!ok) {
        throw invalid(field, expected + ", got \"" + value + "\"");
      }
    }
    return normalised;
  }

  /** An enum used as a filter: {@code UNKNOWN} means nothing to Calendly, so it is refused. */
  static <E extends Enum<E>> E filter(E value, String field) {
    if (value != null && value.name().equals("UNKNOWN")) {
      throw invalid(field, "cannot be UNKNOWN; leave it out to match every value");
    }
    return value;
  }

  /** An enum that must be given and must be a real value; {@code UNKNOWN} only exists for reading. */
  static <E extends Enum<E>> E known(E value, String field) {
    if (value == null) {
      throw invalid(field, "is required");
    }
    return filter(value, field);
  }

  /** Both bounds of a time range, the end strictly after the start. */
  static void endAfterStart(Instant start, Instant end) {
    if (start == null) {
      throw invalid("start_time", "is required");
    }
    if (end == null) {
      throw invalid("end_time", "is required");
    }
    if (!end.isAfter(start)) {
      throw invalid("end_time", "must be after start_time, got start_time " + start + " and end_time " + end);
    }
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
    throw invalid(field, "must be an https URL (Calendly delivers webhooks only over https), got " + value);
  }

  /** A webhook scope and the user or group it names: scope user needs a user, scope group a group. */
  static void webhookScope(WebhookSubscription.Scope scope, URI user, URI group) {
    known(scope, "scope");
    if (scope == WebhookSubscription.Scope.USER && user == null) {
      throw invalid("user", "is required when scope is user");
    }
    if (scope == WebhookSubscription.Scope.GROUP && group == null) {
      throw invalid("group", "is required when scope is group");
    }
  }
}
