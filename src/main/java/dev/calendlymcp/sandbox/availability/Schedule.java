package dev.calendlymcp.sandbox.availability;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When a host is available, in the host's own time zone: weekly rules plus date overrides (the
 * shape of a Calendly availability schedule).
 *
 * <p>A date with an override uses only the override's intervals; an override with an empty list
 * means the host is unavailable that whole day. A weekday missing from {@code weekly} (or mapped to
 * an empty list) is unavailable. Intervals are wall-clock times of that date in {@code zone}, so a
 * 09:00–17:00 rule still means 09:00–17:00 on a daylight-saving day.
 *
 * @param zone the schedule's time zone
 * @param weekly intervals per weekday; copied, must not contain nulls
 * @param overrides intervals for specific dates, replacing the weekday's; copied, must not contain
 *     nulls
 */
public record Schedule(
    ZoneId zone,
    Map<DayOfWeek, List<LocalInterval>> weekly,
    Map<LocalDate, List<LocalInterval>> overrides) {

  public Schedule {
    Checks.notNull(zone, "zone");
    weekly = copy(weekly, "weekly");
    overrides = copy(overrides, "overrides");
  }

  /** A schedule with weekly rules only. */
  public static Schedule weekly(ZoneId zone, Map<DayOfWeek, List<LocalInterval>> weekly) {
    return new Schedule(zone, weekly, Map.of());
  }

  /** This schedule with {@code date} set to {@code intervals} (empty: unavailable that day). */
  public Schedule withOverride(LocalDate date, List<LocalInterval> intervals) {
    Checks.notNull(date, "date");
    Checks.notNull(intervals, "intervals");
    Map<LocalDate, List<LocalInterval>> changed = new HashMap<>(overrides);
    changed.put(date, intervals);
    return new Schedule(zone, weekly, changed);
  }

  /** The intervals that apply on {@code date}: its override if it has one, else its weekday's. */
  public List<LocalInterval> intervalsOn(LocalDate date) {
    List<LocalInterval> override = overrides.get(date);
    return override != null ? override : weekly.getOrDefault(date.getDayOfWeek(), List.of());
  }

  private static <K> Map<K, List<LocalInterval>> copy(
      Map<K, List<LocalInterval>> source, String field) {
    Checks.notNull(source, field);
    Map<K, List<LocalInterval>> copy = new HashMap<>();
    source.forEach(
        (key, intervals) -> {
          Checks.notNull(key, field + " key");
          Checks.notNull(intervals, field + "[" + key + "]");
          for (LocalInterval interval : intervals) {
            Checks.notNull(interval, field + "[" + key + "] interval");
          }
          copy.put(key, List.copyOf(intervals));
        });
    return Map.copyOf(copy);
  }
}
