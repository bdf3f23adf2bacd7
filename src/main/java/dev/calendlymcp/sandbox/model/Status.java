package dev.calendlymcp.sandbox.model;

import java.util.Locale;

/** Whether a scheduled event or an invitee still stands. */
public enum Status {
  ACTIVE,
  CANCELED;

  /** The status as the API spells it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
