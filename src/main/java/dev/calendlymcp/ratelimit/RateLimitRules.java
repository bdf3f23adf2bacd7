package dev.calendlymcp.ratelimit;

import dev.calendlymcp.ratelimit.BudgetState.BookingCount;
import dev.calendlymcp.ratelimit.BudgetState.InFlight;
import dev.calendlymcp.ratelimit.BudgetState.Window;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How calls and responses change a {@link BudgetState}: pure functions of the settings, the state
 * and the time, so a store may re-run them when its compare-and-set loses a race.
 */
final class RateLimitRules {

  /**
   * How far apart two reports of a window's end may be and still describe the same window: {@code
   * X-RateLimit-Reset} has whole-second resolution and the response takes time to arrive.
   */
  private static final long SAME_WINDOW_TOLERANCE_MS = 2_000;

  private final RateLimitSettings settings;
  private final long windowMs;
  private final long marginMs;
  private final long oauthWindowMs;
  private final long tolerance;

  RateLimitRules(RateLimitSettings settings) {
    this.settings = settings;
    this.windowMs = settings.window().toMillis();
    this.marginMs = settings.safetyMargin().toMillis();
    this.oauthWindowMs = settings.oauthWindow().toMillis();
    this.tolerance = Math.min(SAME_WINDOW_TOLERANCE_MS, windowMs / 4);
  }

  RateLimitSettings settings() {
    return settings;
  }

  long windowMs() {
    return windowMs;
  }

  long marginMs() {
    return marginMs;
  }

  long oauthWindowMs() {
    return oauthWindowMs;
  }

  /**
   * The key's booking tier: set explicitly (from the organization's plan, say), else what the
   * limit Calendly reported reveals, else the default. Calendly reports 50 for Free and 500 for
   * every paid plan, so a reported limit tells Free from paid but not Enterprise from the other
   * paid plans; only the product spec's 120 is Enterprise's alone.
   */
  BookingTier tier(BudgetState state) {
    if (state.tier().isPresent()) {
      return state.tier().get();
    }
    if (state.learnedUserLimit().isEmpty()) {
      return settings.defaultBookingTier();
    }
    int learned = state.learnedUserLimit().getAsInt();
    if (learned == settings.freePlanUserLimit()) {
      return BookingTier.FREE;
    }
    // Before the Enterprise check, so that an enterpriseUserLimit set to Calendly's 500 never
    // gives every paid user Enterprise's looser booking windows.
    if (learned == settings.paidPlanUserLimit()) {
      return settings.defaultBookingTier() == BookingTier.ENTERPRISE
          ? BookingTier.ENTERPRISE
          : BookingTier.PAID;
    }
    return learned == settings.enterpriseUserLimit()
        ? BookingTier.ENTERPRISE
        : settings.defaultBookingTier();
  }

  int userLimit(BudgetState state) {
    if (state.learnedUserLimit().isPresent()) {
      return state.learnedUserLimit().getAsInt();
    }
    return tier(state) == BookingTier.ENTERPRISE
        ? settings.enterpriseUserLimit()
        : settings.userLimit();
  }

  BookingLimits bookingLimits(BudgetState state) {
    return settings.bookingLimits(tier(state));
  }

  /** Bookings that count now in a booking period: the larger of its two counts. */
  static int bookingUsed(BookingCount count, BookingPeriod period, long now) {
    Window window = count.window();
    int inWindow = window.isOpenAt(now) ? window.used() : 0;
    return Math.max(inWindow, count.calendar().usedIn(Math.floorDiv(now, period.millis())));
  }

  /**
   * When a booking period's budget renews, as an agent should be told: the end of each of its two
   * windows that is full (the later one, if both are), else the end of the window that started
   * with its first booking, else the calendar window's end while it counts bookings, else one
   * period from now (a booking now would start a window that ends then).
   */
  static long bookingRenewal(BookingCount count, BookingPeriod period, int limit, long now) {
    Window window = count.window();
    boolean windowOpen = window.isOpenAt(now);
    long index = Math.floorDiv(now, period.millis());
    long calendarEnd = (index + 1) * period.millis();
    int inCalendar = count.calendar().usedIn(index);
    long renews = BudgetState.NONE;
    if (windowOpen && window.used() >= limit) {
      renews = window.end();
    }
    if (inCalendar >= limit) {
      renews = Math.max(renews, calendarEnd);
    }
    if (renews != BudgetState.NONE) {
      return renews;
    }
    if (windowOpen) {
      return window.end();
    }
    return inCalendar > 0 ? calendarEnd : now + period.millis();
  }

  /**
   * Calls counted in the user's current window: ours, or what Calendly last reported plus our calls
   * it may not have seen yet, whichever is more. Zero when no window is running.
   */
  int userUsed(BudgetState state, long now) {
    Window window = state.user();
    if (!window.isOpenAt(now)) {
      return 0;
    }
    if (window.reportedUsed() == Window.NOT_REPORTED) {
      return window.used();
    }
    int unseen = state.inFlight().rotated(now, windowMs).total();
    return Math.max(window.used(), window.reportedUsed() + unseen);
  }

  /** One call of {@code kind} starts now (the planner has checked that it fits). */
  BudgetState consume(BudgetState state, CallKind kind, long now) {
    return switch (kind) {
      case READ, WRITE -> consumeUser(state, now);
      case BOOKING -> {
        BudgetState counted = consumeUser(state, now);
        yield counted.withBookings(
            counted.bookingMinute().plusOneAt(now, BookingPeriod.MINUTE.millis()),
            counted.bookingHour().plusOneAt(now, BookingPeriod.HOUR.millis()),
            counted.bookingDay().plusOneAt(now, BookingPeriod.DAY.millis()),
            counted.bookingPausedUntil());
      }
      case OAUTH_TOKEN ->
          state.withOauth(state.oauth().plusOneAt(now, oauthWindowMs), state.oauthPausedUntil());
    };
  }

  private BudgetState consumeUser(BudgetState state, long now) {
    return state.withUser(
        state.user().plusOneAt(now, windowMs),
        state.userPausedUntil(),
        state.inFlight().rotated(now, windowMs).plusOne());
  }


  /** What a response said. */
  BudgetState observe(BudgetState state, CallKind kind, Observation seen, long now) {
    return switch (kind) {
      case READ, WRITE -> observeUser(state, seen, now);
      case BOOKING -> {
        // Calendly does not say whether a booking's headers describe the user budget or the
        // booking budget, so they teach nothing; the response still ends an in-flight call.
        BudgetState answered =
            state.withUser(
                state.user(),
                state.userPausedUntil(),
                state.inFlight().rotated(now, windowMs).minusOne());
        if (!seen.isTooManyRequests()) {
          yield answered;
        }
        long until = now + seen.pause().orElse(windowMs);
        yield answered.withBookings(
            answered.bookingMinute(),
            answered.bookingHour(),
            answered.bookingDay(),
            Math.max(answered.bookingPausedUntil(), until + marginMs));
      }
      case OAUTH_TOKEN -> {
        if (!seen.isTooManyRequests()) {
          yield state;
        }
        long until = now + seen.pause().orElse(oauthWindowMs);
        yield state.withOauth(state.oauth(), Math.max(state.oauthPausedUntil(), until + marginMs));
      }
    };
  }

  private BudgetState observeUser(BudgetState state, Observation seen, long now) {
    BudgetState learned =
        seen.limit().isPresent() ? state.withLearnedUserLimit(seen.limit()) : state;
    InFlight inFlight = learned.inFlight().rotated(now, windowMs).minusOne();
    int limit = userLimit(learned);
    Window window = learned.user();
    long pausedUntil = learned.userPausedUntil();

    if (seen.isTooManyRequests()) {
      long fallback = window.isOpenAt(now) ? window.end() - now : windowMs;
      long until = now + seen.pause().orElse(fallback);
      Window spent = new Window(until, Math.max(window.used(), limit), limit);
      return learned.withUser(spent, Math.max(pausedUntil, until + marginMs), inFlight);
    }
    Window resynced = window;
    if (seen.reset().isPresent()) {
      long serverEnd = now + seen.reset().get().toMillis();
      resynced = resync(window, serverEnd, seen.remaining(), limit, now);
    } else if (seen.remaining().isPresent() && window.isOpenAt(now)) {
      resynced = withReport(window, window.end(), limit - seen.remaining().getAsInt());
    }
    return learned.withUser(resynced, pausedUntil, inFlight);
  }

  /**
   * Lines our window up with the one Calendly describes. A window that ends within the tolerance of
   * ours is ours: its end moves later if Calendly's is later, and its count only ever grows
   * (reports arrive out of order; a larger remaining is an older one). A window that ends clearly
   * later is a newer window (Calendly reset it, or ours was a guess): adopted with its count. One
   * that ends clearly earlier, but is still running, shows that our guess of the end was late.
   * Reports of a window that ends about now say nothing about the next one and are ignored.
   */
  private Window resync(Window window, long serverEnd, OptionalInt remaining, int limit, long now) {
    if (serverEnd <= now + tolerance) {
      return window;
    }
    int reported = remaining.isPresent() ? limit - remaining.getAsInt() : Window.NOT_REPORTED;
    if (window.end() == BudgetState.NONE || serverEnd > window.end() + tolerance) {
      return new Window(serverEnd, 0, Math.max(reported, Window.NOT_REPORTED));
    }
    long end = serverEnd < window.end() - tolerance ? serverEnd : Math.max(window.end(), serverEnd);
    return withReport(window, end, reported);
  }

  private static Window withReport(Window window, long end, int reported) {
    int best = Math.max(window.reportedUsed(), Math.max(reported, Window.NOT_REPORTED));
    return new Window(end, window.used(), best);
  }

  /** The parts of a response that matter here. */
  record Observation(
      int status,
      OptionalInt limit,
      OptionalInt remaining,
      Optional<Duration> reset,
      Optional<Duration> retryAfter) {

    boolean isTooManyRequests() {
      return status == 429;
    }

    /** How long Calendly asked us to pause: Retry-After, else the window's reset. */
    Optional<Long> pause() {
      return retryAfter.or(() -> reset).map(Duration::toMillis);
    }
  }
}
