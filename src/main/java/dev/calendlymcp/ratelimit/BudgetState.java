package dev.calendlymcp.ratelimit;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the limiter knows about one key's budgets at one moment: the counters a {@link
 * BudgetStore} keeps. Immutable, so a store can compare and replace it atomically. Times are epoch
 * milliseconds on the limiter's clock; {@link #NONE} means "not set".
 *
 * @param learnedUserLimit the limit Calendly reported in {@code X-RateLimit-Limit}, once it has
 * @param user the user's per-minute window (READ, WRITE and BOOKING calls)
 * @param userPausedUntil no user call before this time (Calendly answered 429)
 * @param inFlight calls let through whose response has not been observed yet
 * @param oauth the OAuth token window
 * @param oauthPausedUntil no token call before this time (Calendly answered 429)
 * @param bookingMinute bookings in the current booking minute
 * @param bookingHour bookings in the current booking hour
 * @param bookingDay bookings in the current booking day
 * @param bookingPausedUntil no booking before this time (Calendly answered 429 to a booking)
 * @param tier the booking tier set explicitly for this key, if any
 */
public record BudgetState(
    OptionalInt learnedUserLimit,
    Window user,
    long userPausedUntil,
    InFlight inFlight,
    Window oauth,
    long oauthPausedUntil,
    BookingCount bookingMinute,
    BookingCount bookingHour,
    BookingCount bookingDay,
    long bookingPausedUntil,
    Optional<BookingTier> tier) {

  /** Marks a time that is not set. */
  public static final long NONE = Long.MIN_VALUE;

  /** A key nothing is known about. */
  public static final BudgetState EMPTY =
      new BudgetState(
          OptionalInt.empty(),
          Window.EMPTY,
          NONE,
          InFlight.EMPTY,
          Window.EMPTY,
          NONE,
          BookingCount.EMPTY,
          BookingCount.EMPTY,
          BookingCount.EMPTY,
          NONE,
          Optional.empty());

  public BudgetState {
    Objects.requireNonNull(learnedUserLimit, "learnedUserLimit");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(inFlight, "inFlight");
    Objects.requireNonNull(oauth, "oauth");
    Objects.requireNonNull(bookingMinute, "bookingMinute");
    Objects.requireNonNull(bookingHour, "bookingHour");
    Objects.requireNonNull(bookingDay, "bookingDay");
    Objects.requireNonNull(tier, "tier");
  }

  /** The count of one booking window. */
  public BookingCount booking(BookingPeriod period) {
    return switch (period) {
      case MINUTE -> bookingMinute;
      case HOUR -> bookingHour;
      case DAY -> bookingDay;
    };
  }

  /**
   * Until when this state must be kept even if the key is idle: forgetting a counted window or a
   * pause before it ends would let calls through that Calendly refuses.
   */
  public long mustKeepUntil() {
    long until = NONE;
    if (user.used() > 0 || user.reportedUsed() != Window.NOT_REPORTED) {
      until = Math.max(until, user.end());
    }
    if (oauth.used() > 0) {
      until = Math.max(until, oauth.end());
    }
    for (BookingPeriod period : BookingPeriod.values()) {
      BookingCount count = booking(period);
      if (count.calendar().used() > 0) {
        until = Math.max(until, (count.calendar().index() + 1) * period.millis());
      }
      if (count.window().used() > 0) {
        until = Math.max(until, count.window().end());
      }
    }
    until = Math.max(until, userPausedUntil);
    until = Math.max(until, oauthPausedUntil);
    return Math.max(until, bookingPausedUntil);
  }

  BudgetState withLearnedUserLimit(OptionalInt limit) {
    return new BudgetState(
        limit,
        user,
        userPausedUntil,
        inFlight,
        oauth,
        oauthPausedUntil,
        bookingMinute,
        bookingHour,
        bookingDay,
        bookingPausedUntil,
        tier);
  }

  BudgetState withUser(Window window, long pausedUntil, InFlight calls) {
    return new BudgetState(
        learnedUserLimit,
        window,
        pausedUntil,
        calls,
        oauth,
        oauthPausedUntil,
        bookingMinute,
        bookingHour,
        bookingDay,
        bookingPausedUntil,
        tier);
  }

  BudgetState withOauth(Window window, long pausedUntil) {
    return new BudgetState(
        learnedUserLimit,
        user,
        userPausedUntil,
        inFlight,
        window,
        pausedUntil,
        bookingMinute,
        bookingHour,
        bookingDay,
        bookingPausedUntil,
        tier);
  }

  BudgetState withBookings(
      BookingCount minute, BookingCount hour, BookingCount day, long pausedUntil) {
    return new BudgetState(
        learnedUserLimit,
        user,
        userPausedUntil,
        inFlight,
        oauth,
        oauthPausedUntil,
        minute,
        hour,
        day,
        pausedUntil,
        tier);
  }

  BudgetState withTier(BookingTier explicit) {
    return new BudgetState(
        learnedUserLimit,
        user,
        userPausedUntil,
        inFlight,
        oauth,
        oauthPausedUntil,
        bookingMinute,
        bookingHour,
        bookingDay,
        bookingPausedUntil,
        Optional.of(explicit));
  }

  /**
   * A fixed window that starts with its first call.
   *
   * @param end when the window ends ({@link #NONE} before the first call)
   * @param used calls this limiter let through in the window
   * @param reportedUsed the most calls Calendly reported as used in the window ({@code limit -
   *     X-RateLimit-Remaining}), or {@link #NOT_REPORTED}
   */
  public record Window(long end, int used, int reportedUsed) {

    /** No response seen in this window. */
    public static final int NOT_REPORTED = -1;

    public static final Window EMPTY = new Window(NONE, 0, NOT_REPORTED);

    boolean isOpenAt(long time) {
      return end != NONE && time < end;
    }

    /** A window's first call starts it; this is what lets it never end before Calendly's does. */
    Window plusOneAt(long now, long length) {
      if (isOpenAt(now)) {
        return new Window(end, used + 1, reportedUsed);
      }
      return new Window(now + length, 1, NOT_REPORTED);
    }
  }

  /**
   * The bookings of one booking period (minute, hour, day), counted twice, because Calendly does
   * not say where its booking windows start: in a fixed window that starts with its first booking
   * (so ours never ends before one of Calendly's that started with that booking) and in the
   * calendar window in UTC (so a calendar-aligned Calendly never sees more than the limit in one of
   * its windows, which windows that start with their first booking alone allow when bookings are
   * spread out). A booking must fit both.
   *
   * @param window the window that started with its first booking
   * @param calendar the count per calendar window
   */
  public record BookingCount(Window window, CalendarCount calendar) {

    public static final BookingCount EMPTY = new BookingCount(Window.EMPTY, CalendarCount.EMPTY);

    public BookingCount {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(calendar, "calendar");
    }

    BookingCount plusOneAt(long time, long length) {
      return new BookingCount(window.plusOneAt(time, length), calendar.plusOneAt(time, length));
    }
  }

  /**
   * Calls in one calendar window of a fixed length.
   *
   * @param index which window: its start divided by its length
   * @param used calls counted in it
   * @param previousUsed calls counted in the window before it
   */
  public record CalendarCount(long index, int used, int previousUsed) {

    public static final CalendarCount EMPTY = new CalendarCount(Long.MIN_VALUE, 0, 0);

    CalendarCount plusOneAt(long time, long length) {
      long current = Math.floorDiv(time, length);
      if (current == index) {
        return new CalendarCount(index, used + 1, previousUsed);
      }
      return new CalendarCount(current, 1, current == index + 1 ? used : 0);
    }

    int usedIn(long windowIndex) {
      if (windowIndex == index) {
        return used;
      }
      return windowIndex == index - 1 ? previousUsed : 0;
    }
  }

  /**
   * Calls let through whose response has not been observed, in two generations of one window each:
   * a call not observed within two windows (its connection failed) stops counting instead of
   * holding the budget down for ever.
   *
   * @param current calls let through since {@code rotateAt} minus one window
   * @param previous calls of the generation before
   * @param rotateAt when {@code current} becomes {@code previous}
   */
  public record InFlight(int current, int previous, long rotateAt) {

    public static final InFlight EMPTY = new InFlight(0, 0, NONE);

    int total() {
      return current + previous;
    }

    InFlight rotated(long now, long generation) {
      if (rotateAt != NONE && now < rotateAt) {
        return this;
      }
      if (rotateAt != NONE && now < rotateAt + generation) {
        return new InFlight(0, current, rotateAt + generation);
      }
      return new InFlight(0, 0, now + generation);
    }

    InFlight plusOne() {
      return new InFlight(current + 1, previous, rotateAt);
    }

    /** One response arrived; the oldest generation is assumed to have sent it. */
    InFlight minusOne() {
      if (previous > 0) {
        return new InFlight(current, previous - 1, rotateAt);
      }
      return current > 0 ? new InFlight(current - 1, previous, rotateAt) : this;
    }
  }
}
