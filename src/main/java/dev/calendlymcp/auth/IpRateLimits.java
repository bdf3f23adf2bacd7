package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.calendlymcp.auth.store.Hashes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits on the authorization server's open endpoints, per client address and, where the request
 * names its OAuth client, per client at that address; in fixed windows aligned to the clock's
 * minutes (or UTC days). They stop one address from registering clients or guessing codes by the
 * thousand; they are not fairness between honest users, so a simple counter is enough.
 *
 * <p>{@code /token} and {@code /revoke} count each client apart, so one misbehaving agent behind a
 * shared address (a NAT, or a proxy not declared with {@code --trusted-proxy}) spends only its own
 * budget; a ten times wider budget per address still bounds one that invents client ids. {@code
 * /revoke} has budgets of its own: a flood of token requests never stops an agent from signing out.
 * The client id is whatever the request claims, unchecked: that is enough to keep honest clients
 * apart, and the per-address budget still holds a liar.
 *
 * <p>IPv6 clients are counted by their /64: one subscriber usually gets a whole /64, and counting
 * single addresses would let it rotate through them. Memory stays bounded: a window's entry expires
 * one window after its last call, at most {@link #MAX_TRACKED} are kept, and client ids are kept as
 * digests whatever their length; evicting one under a flood only forgets that count.
 */
public final class IpRateLimits {

  /** How long a window lasts; windows start on the UTC epoch's minutes or days. */
  public enum Period {
    MINUTE(Duration.ofMinutes(1)),
    DAY(Duration.ofDays(1));

    private final Duration length;

    Period(Duration length) {
      this.length = length;
    }
  }

  /** One budget: what it counts, over which window, and how many calls by default. */
  public enum Limit {
    REGISTER_PER_MINUTE(20, Period.MINUTE),
    /** Unused registrations are kept a day: this bounds what one address can make the store hold. */
    REGISTER_PER_DAY(200, Period.DAY),
    AUTHORIZE_PER_MINUTE(60, Period.MINUTE),
    TOKEN_PER_CLIENT(60, Period.MINUTE),
    TOKEN_PER_ADDRESS(600, Period.MINUTE),
    REVOKE_PER_CLIENT(60, Period.MINUTE),
    REVOKE_PER_ADDRESS(600, Period.MINUTE);

    private final int defaultLimit;
    private final Period period;

    Limit(int defaultLimit, Period period) {
      this.defaultLimit = defaultLimit;
      this.period = period;
    }

    public int defaultLimit() {
      return defaultLimit;
    }
  }

  /** The endpoints, with the budgets each request spends. */
  public enum Endpoint {
    REGISTER(List.of(Limit.REGISTER_PER_MINUTE, Limit.REGISTER_PER_DAY), null),
    AUTHORIZE(List.of(Limit.AUTHORIZE_PER_MINUTE), null),
    TOKEN(List.of(Limit.TOKEN_PER_ADDRESS), Limit.TOKEN_PER_CLIENT),
    REVOKE(List.of(Limit.REVOKE_PER_ADDRESS), Limit.REVOKE_PER_CLIENT);

    private final List<Limit> perAddress;
    private final Limit perClient;

    Endpoint(List<Limit> perAddress, Limit perClient) {
      this.perAddress = perAddress;
      this.perClient = perClient;
    }
  }

  static final int MAX_TRACKED = 100_000;

  /** {@code clientKey} is empty for a budget of the whole address. */
  private record Key(Limit limit, InetAddress address, String clientKey) {}

  /** Calls counted in the window that starts at {@code index} windows since the epoch. */
  private record Window(long index, int calls) {}

  private final Clock clock;
  private final Map<Limit, Integer> limits;
  private final Cache<Key, Window> windows;

  /** The default limits of {@link Limit}. */
  public IpRateLimits(Clock clock) {
    this(clock, Map.of());
  }

  /** @param limits the limits it names; the others keep their defaults */
  public IpRateLimits(Clock clock, Map<Limit, Integer> limits) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.limits = new EnumMap<>(Limit.class);
    for (Limit limit : Limit.values()) {
      int value = limits.getOrDefault(limit, limit.defaultLimit);
      if (value < 1) {
        throw new IllegalArgumentException("the " + limit + " limit must be at least 1 (was " + value + ")");
      }
      this.limits.put(limit, value);
    }
    // Expiry runs on Caffeine's own ticker: entries only need to outlive their window, and a
    // window's index, not the entry's age, decides what counts.
    this.windows =
        Caffeine.newBuilder()
            .expireAfter(Expiry.<Key, Window>writing((key, window) -> key.limit().period.length))
            .maximumSize(MAX_TRACKED)
            .executor(Runnable::run)
            .build();
  }

  /**
   * Counts one call from {@code client} against the endpoint's budgets per address, in order,
   * stopping at the first that is spent (so a refused call does not eat the day's budget). Empty
   * when allowed; otherwise how long until that window renews (for Retry-After: whole seconds
   * rounded up, at least one).
   */
  public Optional<Duration> check(Endpoint endpoint, InetAddress client) {
    Objects.requireNonNull(endpoint, "endpoint");
    InetAddress address = counted(client);
    for (Limit limit : endpoint.perAddress) {
      Optional<Duration> wait = count(new Key(limit, address, ""));
      if (wait.isPresent()) {
        return wait;
      }
    }
    return Optional.empty();
  }

  /**
   * Counts one call of the OAuth client the request names ({@code client_id} or HTTP Basic) at
   * {@code client}, once the request has been read; requests that name none share one budget per
   * address.
   *
   * @throws IllegalArgumentException for an endpoint without a budget per client
   */
  public Optional<Duration> checkClient(Endpoint endpoint, InetAddress client, Optional<String> clientId) {
    Objects.requireNonNull(endpoint, "endpoint");
    if (endpoint.perClient == null) {
      throw new IllegalArgumentException(endpoint + " has no budget per client");
    }
    return count(new Key(endpoint.perClient, counted(client), clientId.map(id -> "c:" + Hashes.sha256(id)).orElse("")));
  }

  private Optional<Duration> count(Key key) {
    long now = clock.millis();
    long length = key.limit().period.length.toMillis();
    long index = Math.floorDiv(now, length);
    int limit = limits.get(key.limit());
    Window window =
        windows
            .asMap()
            .compute(
                key,
                (k, current) -> {
                  if (current == null || current.index() != index) {
                    return new Window(index, 1);
                  }
                  // Refused calls are counted only up to one past the limit: nothing to overflow.
                  return new Window(index, Math.min(current.calls() + 1, limit + 1));
                });
    if (window.calls() <= limit) {
      return Optional.empty();
    }
    long waitMillis = (index + 1) * length - now;
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
