package dev.calendlymcp.ratelimit;

/** What a call to Calendly does, which decides the budgets it must fit. */
public enum CallKind {
  /** Any GET: counts against the user's per-minute budget. */
  READ,
  /** Any other API write: counts against the user's per-minute budget. */
  WRITE,
  /** {@code POST /invitees}: the user's budget and the stricter booking windows. */
  BOOKING,
  /** Token and refresh calls to Calendly's OAuth server: their own budget per user. */
  OAUTH_TOKEN
}
