package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.LocalDate;
import java.util.List;

/**
 * One rule of an availability schedule: the hours of a weekday, or the hours of one date that
 * override the weekly rule. A {@code date} rule with no intervals means the user is unavailable
 * all that day.
 *
 * @param wday the weekday, for {@code wday} rules; null otherwise
 * @param date the date, for {@code date} rules; null otherwise
 * @param intervals the available spans of the day, in the schedule's time zone
 */
public record AvailabilityRule(Type type, Weekday wday, LocalDate date, List<Interval> intervals) {

  public AvailabilityRule {
    intervals = intervals == null ? List.of() : List.copyOf(intervals);
  }

  /** Whether the rule is for a weekday or overrides one date. */
  public enum Type {
    WDAY,
    DATE,
    @JsonEnumDefaultValue
    UNKNOWN
  }

  /**
   * A span of one day as Calendly writes it, {@code "HH:MM"}. Kept as text because {@code to} may
   * be {@code "24:00"} (end of day), which {@link java.time.LocalTime} cannot hold; use the minute
   * accessors for arithmetic.
   */
  public record Interval(String from, String to) {

    /** {@code from} as minutes after midnight, 0 to 1440. */
    public int fromMinute() {
      return minuteOfDay(from, "from");
    }

    /** {@code to} as minutes after midnight, 0 to 1440 ({@code "24:00"} is 1440). */
    public int toMinute() {
      return minuteOfDay(to, "to");
    }

    private static int minuteOfDay(String hhmm, String field) {
      if (hhmm == null || !hhmm.matches("\\d{1,2}:\\d{2}")) {
        throw new IllegalStateException("availability interval " + field + " is not HH:MM: " + hhmm);
      }
      int colon = hhmm.indexOf(':');
      int hours = Integer.parseInt(hhmm.substring(0, colon));
      int minutes = Integer.parseInt(hhmm.substring(colon + 1));
      int total = hours * 60 + minutes;
      if (minutes > 59 || total > 24 * 60) {
        throw new IllegalStateException("availability interval " + field + " is out of range: " + hhmm);
      }
      return total;
    }
  }
}
