package dev.calendlymcp.ratelimit;

import java.util.Locale;
import java.util.Optional;

/** The Calendly billing tiers that have different booking ({@code POST /invitees}) budgets. */
public enum BookingTier {
  /**
   * The Free plan. Calendly's rate-limit page has no Free row for Create Event Invitee; its release
   * note of 2026-11-03 puts Free under the endpoint-specific limits, so Free starts from the Trial
   * row (see {@link BookingLimits#FREE}).
   */
  FREE,
  /** A trial account. */
  TRIAL,
  /** A paid plan below Enterprise (Standard, Teams). */
  PAID,
  /** An Enterprise plan. */
  ENTERPRISE;

  /**
   * The tier of an organization as {@code GET /organizations/{uuid}} describes it: its {@code
   * stage} first ({@code trial}; {@code free}), then its {@code plan}: {@code enterprise}; {@code
   * free} or {@code basic} (Free's older name); {@code standard}, {@code teams} and the older {@code
   * essentials} and {@code professional}. Empty for a plan it does not know, so that an unfamiliar
   * plan changes nothing.
   *
   * @param plan the organization's plan; may be null
   * @param stage the organization's stage ({@code trial}, {@code free} or {@code paid}); may be null
   */
  public static Optional<BookingTier> ofPlan(String plan, String stage) {
    String stageName = stage == null ? "" : stage.strip().toLowerCase(Locale.ROOT);
    if (stageName.equals("trial")) {
      return Optional.of(TRIAL);
    }
    if (stageName.equals("free")) {
      return Optional.of(FREE);
    }
    if (plan == null) {
      return Optional.empty();
    }
    return switch (plan.strip().toLowerCase(Locale.ROOT)) {
      case "enterprise" -> Optional.of(ENTERPRISE);
      case "free", "basic" -> Optional.of(FREE);
      case "standard", "teams", "essentials", "professional" -> Optional.of(PAID);
      default -> Optional.empty();
    };
  }
}
