package dev.calendlymcp.ratelimit;

/** The Calendly billing tiers that have different booking ({@code POST /invitees}) budgets. */
public enum BookingTier {
  /** A trial account. */
  TRIAL,
  /** A paid plan below Enterprise (Standard, Teams). */
  PAID,
  /** An Enterprise plan. */
  ENTERPRISE
}
