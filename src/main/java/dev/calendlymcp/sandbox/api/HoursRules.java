package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.availability.LocalInterval;
import dev.calendlymcp.sandbox.availability.Schedule;
import dev.calendlymcp.sandbox.http.Body;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads an {@code availability_rule} ({@code {"timezone", "rules": [...]}}) as the event type
 * availability and share endpoints take it, with Calendly's checks: weekday names, dates not in the
 * before yesterday (in the rule's time zone), {@code HH:MM} intervals that end after they start and do not
 * overlap. A weekday without a rule is unavailable.
 */
final class HoursRules {

  private static final int MAX_RULES = 400;
  private static final int MAX_INTERVALS = 24;

  private HoursRules() {}

  /** The schedule, or null with the problems recorded in {@code rule}'s problem list. */
  static Schedule read(Body rule, Instant now) {
    if (rule == null) {
      return null;
    }
    String timezone = rule.requiredString("timezone", 64);
    ZoneId zone = null;
    if (timezone != null) {
      try {
        zone = ZoneId.of(timezone);
      } catch (DateTimeException e) {
        rule.problems().add(rule.name("timezone"), "must be an IANA time zone, e.g. America/New_York");
      }
    }
    if (!rule.has("rules")) {
      rule.problems().add(rule.name("rules"), "is required");
      return null;
    }
    List<JsonNode> items = rule.array("rules", MAX_RULES);
    if (items == null) {
      return null;
    }
    Map<DayOfWeek, List<LocalInterval>> weekly = new EnumMap<>(DayOfWeek.class);
    Map<LocalDate, List<LocalInterval>> dates = new HashMap<>();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Body item = rule.element("rules", i, items.get(i));
      if (!items.get(i).isObject()) {
        rule.problems().add(rule.name("rules") + "[" + i + "]", "must be an object");
        ok = false;
        continue;
      }
      String type = item.requiredString("type", 8);
      List<LocalInterval> intervals = intervals(item);
      if (intervals == null || type == null) {
        ok = false;
        continue;
      }
      switch (type) {
        case "wday" -> {
          String wday = item.requiredString("wday", 16);
          DayOfWeek day = wday == null ? null : day(wday);
          if (wday != null && day == null) {
            item.problems().add(item.name("wday"), "must be sunday, monday, tuesday, wednesday, thursday, friday or saturday");
          }
          if (day == null) {
            ok = false;
          } else if (weekly.put(day, intervals) != null) {
            item.problems().add(item.name("wday"), "has more than one rule for " + wday);
            ok = false;
          }
        }
        case "date" -> {
          String text = item.requiredString("date", 10);
          LocalDate date = null;
          if (text != null) {
            try {
              date = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
              item.problems().add(item.name("date"), "must be a date like 2026-01-31");
            }
          }
          // As Calendly's schedule updates do: yesterday in the rule's time zone is still accepted.
          LocalDate earliest = LocalDate.ofInstant(now, zone == null ? ZoneOffset.UTC : zone).minusDays(1);
          if (date != null && date.isBefore(earliest)) {
            item.problems().add(item.name("date"), "must not be in the past");
            date = null;
          }
          if (date == null) {
            ok = false;
          } else if (dates.put(date, intervals) != null) {
            item.problems().add(item.name("date"), "has more than one rule for " + date);
            ok = false;
          }
        }
        default -> {
          item.problems().add(item.name("type"), "must be wday or date");
          ok = false;
        }
      }
    }
    return ok && zone != null ? new Schedule(zone, weekly, dates) : null;
  }

  private static List<LocalInterval> intervals(Body item) {
    if (!item.has("intervals")) {
      item.problems().add(item.name("intervals"), "is required (an empty list means unavailable)");
      return null;
    }
    List<JsonNode> raw = item.array("intervals", MAX_INTERVALS);
    if (raw == null) {
      return null;
    }
    List<LocalInterval> intervals = new ArrayList<>();
    for (int j = 0; j < raw.size(); j++) {
      Body span = item.element("intervals", j, raw.get(j));
      String from = span.requiredString("from", 5);
      String to = span.requiredString("to", 5);
      if (from == null || to == null) {
        return null;
      }
      try {
        intervals.add(LocalInterval.parse(from, to));
      } catch (IllegalArgumentException e) {
        item.problems().add(item.name("intervals") + "[" + j + "]", "needs from and to as HH:MM with to after from, e.g. 09:00 and 17:00");
        return null;
      }
    }
    intervals.sort(Comparator.comparingInt(LocalInterval::fromMinute));
    for (int j = 1; j < intervals.size(); j++) {
      if (intervals.get(j).fromMinute() < intervals.get(j - 1).toMinute()) {
        item.problems().add(item.name("intervals"), "must not overlap");
        return null;
      }
    }
    return intervals;
  }

  private static DayOfWeek day(String wday) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (day.name().toLowerCase(Locale.ROOT).equals(wday)) {
        return day;
      }
    }
    return null;
  }
}
