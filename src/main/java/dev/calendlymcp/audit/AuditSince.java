package dev.calendlymcp.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start of an audit's window as people write it: a duration back from now ({@code 90s, 30m,
 * 1h, 2d, 1w}), a UTC date ({@code 2026-11-24}) or an instant ({@code 2026-11-24T10:00:00Z}). The
 * {@code audit} command and the audit page read it alike.
 */
public final class AuditSince {

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})\\s*([smhdw])");

  private AuditSince() {}

  /** @throws IllegalArgumentException naming the accepted forms, quoting at most 30 characters of {@code text} */
  public static Instant parse(String text, Instant now) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Matcher relative = RELATIVE.matcher(value);
    if (relative.matches()) {
      long amount = Long.parseLong(relative.group(1));
      Duration back = switch (relative.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofDays(7 * amount);
      };
      return now.minus(back);
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + (text.length() > 30 ? text.substring(0, 30) + "…" : text)
          + "' is neither a duration (90s, 30m, 1h, 2d, 1w), a date (2026-11-24) nor an instant"
          + " (2026-11-24T10:00:00Z)", e);
    }
  }
}
