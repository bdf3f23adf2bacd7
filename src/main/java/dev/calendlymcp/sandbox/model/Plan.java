package dev.calendlymcp.sandbox.model;

import java.util.Locale;

/** A Calendly subscription plan; it decides which endpoints an organization may use. */
public enum Plan {
  FREE,
  STANDARD,
  TEAMS,
  ENTERPRISE;

  /** The plan as the API spells it, e.g. {@code teams}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Routing forms and meeting recaps, and their webhook events, need a paid plan (Calendly, 2026-11-03). */
  public boolean isPaid() {
    return this != FREE;
  }
}
