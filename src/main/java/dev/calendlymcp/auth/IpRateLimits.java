package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-client-IP limits on the authorization server's open endpoints, in fixed one-minute windows
 * aligned to the clock's minutes. They stop one address from registering clients or guessing codes
 * by the thousand; they are not fairness between honest users, so a simple counter is enough.
 *
 * <p>IPv6 clients are counted by their /64: one subscriber usually gets a whole /64, and counting
 * single addresses would let it rotate through them. Memory stays bounded: a window's entry expires
 * a minute after its last call, and at most {@link #MAX_TRACKED} are kept; evicting one under a
 * flood of addresses only forgets that address's count.
 */
public final class IpRateLimits {

  public enum Endpoint {
    REGISTER(20),
    TOKEN(60),
    AUTHORIZE(60);

    private final int defaultPerMinute;

    Endpoint(int defaultPerMinute) {
      this.defaultPerMinute = defaultPerMinute;
    }
  }

  static final int MAX_TRACKED = 100_000;
  private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

  private record Key(Endpoint endpoint, InetAddress client) {}

  /** Calls counted in the window that starts at {@code index} minutes since the epoch. */
  private record Window(long index, int calls) {}

  private final Clock clock;
  private final Map<Endpoint, Integer> perMinute;
  private final Cache<Key, Window> windows;

  /** The default limits: 20 registrations, 60 token and 60 authorize requests a minute. */
  public IpRateLimits(Clock clock) {
    this(clock, Map.of());
  }

  /** @param perMinute limits for the endpoints it names; the others keep their defaults */
  public IpRateLimits(Clock clock, Map<Endpoint, Integer> perMinute) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.perMinute = new EnumMap<>(Endpoint.class);
    for (Endpoint endpoint : Endpoint.values()) {
      int limit = perMinute.getOrDefault(endpoint, endpoint.defaultPerMinute);
      if (limit < 1) {
        throw new IllegalArgumentException("the " + endpoint + " limit must be at least 1 (was " + limit + ")");
      }
      this.perMinute.put(endpoint, limit);
    }
    // Expiry runs on Caffeine's own ticker: entries only need to outlive their window, and a
    // window's index, not the entry's age, decides what counts.
    this.windows =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMillis(WINDOW_MILLIS))
            .maximumSize(MAX_TRACKED)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Counts one call. Empty when allowed; otherwise how long until the window renews (for
   * Retry-After: whole seconds rounded up, at least one).
   */
  public Optional<Duration> check(Endpoint endpoint, InetAddress client) {
    Objects.requireNonNull(endpoint, "endpoint");
    long now = clock.millis();
    long index = Math.floorDiv(now, WINDOW_MILLIS);
    int limit = perMinute.get(endpoint);
    Window window =
        windows
            .asMap()
            .compute(
                new Key(endpoint, counted(client)),
                (key, current) -> {
                  if (current == null || current.index() != index) {
                    return new Window(index, 1);
                  }
                  // Refused calls are counted only up to one past the limit: nothing to overflow.
                  return new Window(index, Math.min(current.calls() + 1, limit + 1));
                });
    if (window.calls() <= limit) {
      return Optional.empty();
    }
    long waitMillis = (index + 1) * WINDOW_MILLIS - now;
    return Optional.of(Duration.ofSeconds(Math.max(1, (waitMillis + 999) / 1000)));
  }

  /** The address itself for IPv4, its /64 for IPv6. */
  private static InetAddress counted(InetAddress client) {
    Objects.requireNonNull(client, "client");
    if (!(client instanceof Inet6Address)) {
      return client;
    }
    byte[] prefix = Arrays.copyOf(client.getAddress(), 16);
    Arrays.fill(prefix, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(prefix);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("sixteen bytes are an IPv6 address", e);
    }
  }
}
