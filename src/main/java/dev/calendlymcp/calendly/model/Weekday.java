package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.DayOfWeek;
import java.util.Optional;

/** A day of the week as Calendly spells it in availability rules ({@code sunday}…{@code saturday}). */
public enum Weekday {
  SUNDAY,
  MONDAY,
  TUESDAY,
  WEDNESDAY,
  THURSDAY,
  FRIDAY,
  SATURDAY,
  @JsonEnumDefaultValue
  UNKNOWN;

  /** The matching {@link DayOfWeek}; empty for {@link #UNKNOWN}. */
  public Optional<DayOfWeek> toDayOfWeek() {
    return this == UNKNOWN ? Optional.empty() : Optional.of(DayOfWeek.valueOf(name()));
  }
}
