package dev.calendlymcp.auth.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the store keeps what no one can use any more, beyond what simply expires (codes,
 * logins, sessions, refresh tokens): see {@link AuthStore#purgeExpired}.
 *
 * @param unusedClientLifetime how long a client that holds no grant (it never completed a sign-in,
 *     or its grants were all purged) is kept after it registered; registration is open to anyone,
 *     so this is what bounds the clients table
 * @param endedGrantRetention how long a grant is kept once it ended (revoked, or left with no code
 *     or refresh token that could still be used), for an operator to see what happened
 */
public record PurgePolicy(Duration unusedClientLifetime, Duration endedGrantRetention) {

  public static final Duration DEFAULT_UNUSED_CLIENT_LIFETIME = Duration.ofHours(24);
  public static final Duration DEFAULT_ENDED_GRANT_RETENTION = Duration.ofDays(7);

  /**
   * How old a grant must be before having no usable code or refresh token ends it: between a code's
   * exchange and the first refresh token being stored, a young grant has neither for a moment.
   */
  static final Duration LAPSE_GRACE = Duration.ofHours(1);

  public PurgePolicy {
    Objects.requireNonNull(unusedClientLifetime, "unusedClientLifetime");
    Objects.requireNonNull(endedGrantRetention, "endedGrantRetention");
    if (unusedClientLifetime.isNegative() || endedGrantRetention.isNegative()) {
      throw new IllegalArgumentException("purge periods must not be negative");
    }
  }

  public static PurgePolicy defaults() {
    return new PurgePolicy(DEFAULT_UNUSED_CLIENT_LIFETIME, DEFAULT_ENDED_GRANT_RETENTION);
  }

  public PurgePolicy withEndedGrantRetention(Duration retention) {
    return new PurgePolicy(unusedClientLifetime, retention);
  }
}
