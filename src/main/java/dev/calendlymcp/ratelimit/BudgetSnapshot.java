package dev.calendlymcp.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One key's budgets at one moment, for status displays and metrics.
 *
 * @param key the budget
 * @param takenAt when the snapshot was taken (limiter clock)
 * @param limit calls allowed per window (learned from Calendly, else the default)
 * @param limitLearned whether Calendly has reported the limit
 * @param remaining calls that may still start in the running window
 * @param resetsAt when the running window ends; empty when none is running (the whole limit is
 *     free)
 * @param pausedUntil when a pause Calendly asked for (429) ends, if one is running
 * @param queued calls waiting for a slot
 * @param bookingTier the tier whose booking windows apply
 * @param bookingTierSet whether that tier was set from the user's plan ({@link
 *     RateLimiter#setBookingTier}) rather than guessed from the reported limit or the default
 * @param bookingWindows the booking windows of that tier
 */
public record BudgetSnapshot(
    BudgetKey key,
    Instant takenAt,
    int limit,
    boolean limitLearned,
    int remaining,
    Optional<Instant> resetsAt,
    Optional<Instant> pausedUntil,
    int queued,
    BookingTier bookingTier,
    boolean bookingTierSet,
    List<BookingWindow> bookingWindows) {

  public BudgetSnapshot {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(takenAt, "takenAt");
    Objects.requireNonNull(resetsAt, "resetsAt");
    Objects.requireNonNull(pausedUntil, "pausedUntil");
    Objects.requireNonNull(bookingTier, "bookingTier");
    bookingWindows = List.copyOf(bookingWindows);
  }

  /** "rate limit: 42 of 60 left, resets in 13 s" (plus a pause and a queue when there are). */
  public String summary() {
    StringBuilder text =
        new StringBuilder("rate limit: ")
            .append(remaining)
            .append(" of ")
            .append(limit)
            .append(" left");
    resetsAt.ifPresent(
        at -> text.append(", resets in ").append(Durations.describe(millisFromNow(at))));
    pausedUntil.ifPresent(
        at ->
            text.append(", paused by Calendly for ").append(Durations.describe(millisFromNow(at))));
    if (queued > 0) {
      text.append(", ").append(queued).append(queued == 1 ? " call" : " calls").append(" queued");
    }
    return text.toString();
  }

  private long millisFromNow(Instant at) {
    return Duration.between(takenAt, at).toMillis();
  }

  /**
   * One booking window.
   *
   * @param period its length
   * @param limit bookings allowed in it
   * @param used bookings counted in the running one
   * @param renewsAt when the running one ends
   */
  public record BookingWindow(BookingPeriod period, int limit, int used, Instant renewsAt) {

    public BookingWindow {
      Objects.requireNonNull(period, "period");
      Objects.requireNonNull(renewsAt, "renewsAt");
    }
  }
}
