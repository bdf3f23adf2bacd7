package dev.calendlymcp.tools;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;

/**
 * What this server has learnt about how long a range each Calendly account accepts in one {@code
 * GET /event_type_available_times} request. Calendly raised the limit from 7 to 31 days in July
 * 2026, but an account (or a Calendly region, or a proxy in between) may still refuse long spans;
 * once refused, the account is searched in short windows straight away instead of paying a refused
 * request on every search. Verdicts are forgotten after a while so that an account that gains the
 * longer span is probed again.
 */
final class AvailabilitySpans {

  /** The span Calendly documents today. */
  static final int LONG_DAYS = 31;
  /** The span Calendly documented before July 2026, which every account accepts. */
  static final int SHORT_DAYS = 7;

  /** What an account is known to accept. */
  enum Verdict {
    /** A window longer than {@link #SHORT_DAYS} was answered. */
    LONG_ACCEPTED,
    /** A window longer than {@link #SHORT_DAYS} was refused as too long. */
    SHORT_ONLY
  }

  private final OnFirstUse<Cache<String, Verdict>> verdicts;

  /**
   * @param rememberFor how long a verdict holds before the account is probed again
   */
  AvailabilitySpans(Duration rememberFor) {
    this.verdicts =
        new OnFirstUse<>(() -> Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(rememberFor).build());
  }

  /** Remembers verdicts for a day. */
  AvailabilitySpans() {
    this(Duration.ofDays(1));
  }

  /**
   * @param account the Calendly user the token acts as (its URI)
   */
  Optional<Verdict> verdict(String account) {
    return Optional.ofNullable(verdicts.get().getIfPresent(account));
  }

  /** The span in days to search {@code account} with. */
  int spanDays(String account) {
    return verdict(account).orElse(Verdict.LONG_ACCEPTED) == Verdict.SHORT_ONLY ? SHORT_DAYS : LONG_DAYS;
  }

  void longAccepted(String account) {
    // A refusal seen by a concurrent search wins: a long window answered meanwhile proves nothing
    // about the next one if Calendly is refusing them now.
    verdicts.get().asMap().putIfAbsent(account, Verdict.LONG_ACCEPTED);
  }

  void shortOnly(String account) {
    verdicts.get().put(account, Verdict.SHORT_ONLY);
  }
}
