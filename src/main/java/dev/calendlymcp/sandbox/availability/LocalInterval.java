package dev.calendlymcp.sandbox.availability;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stretch of wall-clock time within one day, as minutes from local midnight: {@code 0..1440}
 * where 1440 is "24:00" (the end of the day). Half-open: {@code fromMinute} is inside, {@code
 * toMinute} is not. Intervals never cross midnight, and two intervals that touch stay separate (a
 * meeting must fit inside one of them).
 *
 * @param fromMinute first minute of the interval, 0 to 1439
 * @param toMinute minute the interval ends at, after {@code fromMinute}, at most 1440
 */
public record LocalInterval(int fromMinute, int toMinute) {

  /** Minutes in a day; also the value of "24:00". */
  public static final int MINUTES_PER_DAY = 24 * 60;

  private static final Pattern HH_MM = Pattern.compile("(\\d{2}):(\\d{2})");

  public LocalInterval {
    if (fromMinute < 0 || fromMinute >= MINUTES_PER_DAY) {
      throw new IllegalArgumentException("fromMinute must be between 0 and 1439, got " + fromMinute);
    }
    if (toMinute <= fromMinute || toMinute > MINUTES_PER_DAY) {
      throw new IllegalArgumentException(
          "toMinute must be after fromMinute (" + fromMinute + ") and at most 1440, got " + toMinute);
    }
  }

  /**
   * Parses Calendly's {@code {"from": "09:00", "to": "17:30"}} form; "24:00" is accepted as the
   * end of the day.
   *
   * @throws IllegalArgumentException naming {@code from} or {@code to} when a value is not a valid
   *     "HH:MM" time or the interval is empty
   */
  public static LocalInterval parse(String from, String to) {
    int fromMinute = minuteOfDay(from, "from");
    int toMinute = minuteOfDay(to, "to");
    if (fromMinute >= MINUTES_PER_DAY) {
      throw new IllegalArgumentException("from must be before 24:00, got " + from);
    }
    if (toMinute <= fromMinute) {
      throw new IllegalArgumentException("to (" + to + ") must be after from (" + from + ")");
    }
    return new LocalInterval(fromMinute, toMinute);
  }

  /** The start as "HH:MM", the form Calendly's availability rules use. */
  public String fromText() {
    return format(fromMinute);
  }

  /** The end as "HH:MM"; the end of the day is "24:00". */
  public String toText() {
    return format(toMinute);
  }

  private static int minuteOfDay(String text, String field) {
    Checks.notNull(text, field);
    Matcher m = HH_MM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(field + " must look like HH:MM, got \"" + text + "\"");
    }
    int hours = Integer.parseInt(m.group(1));
    int minutes = Integer.parseInt(m.group(2));
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
      throw new IllegalArgumentException(
          field + " must be a time between 00:00 and 24:00, got \"" + text + "\"");
    }
    return hours * 60 + minutes;
  }

  private static String format(int minute) {
    return String.format("%02d:%02d", minute / 60, minute % 60);
  }
}
