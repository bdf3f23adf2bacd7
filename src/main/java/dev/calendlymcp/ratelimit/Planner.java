package dev.calendlymcp.ratelimit;

import dev.calendlymcp.ratelimit.Slots.CalendarSlots;
import dev.calendlymcp.ratelimit.Slots.FixedWindowSlots;
import dev.calendlymcp.ratelimit.Slots.PauseSlots;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands out start times to a key's queue, in queue order: each call gets the earliest time at which
 * every budget it needs has a place that no call ahead of it has taken. So a call never takes a
 * place an earlier call could use, yet a read does not wait behind a booking that is waiting for
 * the booking window (the read's place is one the booking could not use).
 */
final class Planner {

  private final long now;
  private final List<Slots> userCall;
  private final List<Slots> booking;
  private final List<Slots> oauth;

  Planner(RateLimitRules rules, BudgetState state, long now) {
    this.now = now;
    FixedWindowSlots user =
        new FixedWindowSlots(
            Budget.USER,
            state.user(),
            rules.userUsed(state, now),
            rules.userLimit(state),
            state.userPausedUntil(),
            now,
            rules.windowMs(),
            rules.marginMs());
    this.userCall = List.of(user);
    List<Slots> bookingSlots = new ArrayList<>();
    bookingSlots.add(new PauseSlots(Budget.BOOKING_PAUSE, state.bookingPausedUntil()));
    bookingSlots.add(user);
    BookingLimits limits = rules.bookingLimits(state);
    for (BookingPeriod period : BookingPeriod.values()) {
      limits
          .limit(period)
          .ifPresent(
              limit -> {
                BudgetState.BookingCount count = state.booking(period);
                BudgetState.Window window = count.window();
                bookingSlots.add(
                    new FixedWindowSlots(
                        Budget.of(period),
                        window,
                        window.isOpenAt(now) ? window.used() : 0,
                        limit,
                        BudgetState.NONE,
                        now,
                        period.millis(),
                        rules.marginMs()));
                bookingSlots.add(
                    new CalendarSlots(
                        Budget.of(period), period, limit, count.calendar(), rules.marginMs()));
              });
    }
    this.booking = List.copyOf(bookingSlots);
    BudgetState.Window oauthWindow = state.oauth();
    this.oauth =
        List.of(
            new FixedWindowSlots(
                Budget.OAUTH_TOKEN,
                oauthWindow,
                oauthWindow.isOpenAt(now) ? oauthWindow.used() : 0,
                rules.settings().oauthTokenLimit(),
                state.oauthPausedUntil(),
                now,
                rules.oauthWindowMs(),
                rules.marginMs()));
  }

  /**
   * The earliest start for a call of {@code kind} behind the places already taken, and the budget
   * that made it wait (the kind's main budget when it need not wait).
   */
  Slot earliest(CallKind kind) {
    List<Slots> needed = slotsOf(kind);
    long time = now;
    Budget binding = kind == CallKind.OAUTH_TOKEN ? Budget.OAUTH_TOKEN : Budget.USER;
    boolean moved = true;
    while (moved) {
      moved = false;
      for (Slots slots : needed) {
        long earliest = slots.earliest(time);
        if (earliest > time) {
          time = earliest;
          binding = slots.budget();
          moved = true;
        }
      }
    }
    return new Slot(time, binding);
  }

  /** Takes the places of a call of {@code kind} starting at {@code slot}. */
  void take(CallKind kind, Slot slot) {
    for (Slots slots : slotsOf(kind)) {
      slots.take(slot.at());
    }
  }

  private List<Slots> slotsOf(CallKind kind) {
    return switch (kind) {
      case READ, WRITE -> userCall;
      case BOOKING -> booking;
      case OAUTH_TOKEN -> oauth;
    };
  }

  /** A planned start: when, and which budget decided it. */
  record Slot(long at, Budget binding) {}
}
