package dev.calendlymcp.sandbox.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the timestamps clients send: any ISO-8601 date-time with an offset, even {@code T24:00}. */
public final class Times {

  private static final Pattern END_OF_DAY = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})T24:00(:00(\\.0+)?)?(.*)");

  private Times() {}

  /**
   * The instant {@code text} names, or empty when it is not an ISO-8601 date-time with a zone
   * offset ({@code Z} or {@code ±hh:mm}). A space where the offset's {@code +} should be is read as
   * {@code +}, because an unencoded {@code +} in a query string decodes to a space.
   */
  public static Optional<Instant> parseInstant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.trim().replace(' ', '+');
    Matcher endOfDay = END_OF_DAY.matcher(value);
    if (endOfDay.matches()) {
      // Calendly's own examples use 24:00 for the end of a day: the next day's midnight.
      LocalDate date;
      try {
        date = LocalDate.parse(endOfDay.group(1));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
      value = date.plusDays(1) + "T00:00:00" + endOfDay.group(4);
    }
    try {
      return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
