package dev.calendlymcp.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * A read-through cache for upstream calls that also coalesces: while a load for a key is in
 * flight, every other caller of the same key joins it instead of sending its own request, even
 * when the key's time to live is zero. Entries live for the TTL their key carries; failed loads
 * are never kept. Keys are scoped (e.g. by token fingerprint) and grouped (e.g. by endpoint), so
 * a write can drop exactly the groups it made stale.
 */
public final class CoalescingCache {

  /**
   * @param scope whose data this is (e.g. a token fingerprint); never a secret
   * @param group what kind of data (e.g. an endpoint name), the unit of invalidation
   * @param request what exactly was asked (e.g. path and query)
   * @param ttl how long a successful answer may be reused; zero = only while in flight
   */
  public record Key(String scope, String group, String request, Duration ttl) {
    public Key {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(request, "request");
      if (ttl == null || ttl.isNegative()) {
        throw new IllegalArgumentException("ttl must be zero or positive");
      }
    }
  }

  private final AsyncCache<Key, Object> cache;
  private final Counter hits;
  private final Counter misses;

  private CoalescingCache(long maximumSize, Ticker ticker, MeterRegistry meters) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .ticker(ticker)
            .expireAfter(new PerKeyTtl())
            .buildAsync();
    this.hits = meters.counter("calendly.cache.requests", "result", "hit");
    this.misses = meters.counter("calendly.cache.requests", "result", "miss");
  }

  public static CoalescingCache create(long maximumSize) {
    return new CoalescingCache(maximumSize, Ticker.systemTicker(), new SimpleMeterRegistry());
  }

  public static CoalescingCache create(long maximumSize, Ticker ticker, MeterRegistry meters) {
    return new CoalescingCache(maximumSize, ticker, meters);
  }

  /**
   * The cached or in-flight answer for {@code key}, or a new load from {@code loader}. A
   * subscriber that cancels does not cancel the shared load, so the callers who stay still get it.
   */
  @SuppressWarnings("unchecked") // every value stored under a key comes from that key's own loader type
  public <T> Mono<T> get(Key key, Supplier<Mono<T>> loader) {
    return Mono.defer(
        () -> {
          boolean[] loaded = {false};
          CompletableFuture<Object> future =
              cache.get(
                  key,
                  (k, executor) -> {
                    loaded[0] = true;
                    return loader.get().map(Object.class::cast).toFuture();
                  });
          (loaded[0] ? misses : hits).increment();
          return Mono.fromFuture(future, true).map(value -> (T) value);
        });
  }

  /** Drops every entry of {@code scope} in one of {@code groups}; in-flight loads finish but are not kept. */
  public void invalidate(String scope, Set<String> groups) {
    cache.asMap().keySet().removeIf(k -> k.scope().equals(scope) && groups.contains(k.group()));
  }

  /** Drops every entry in one of {@code groups}, whatever its scope. */
  public void invalidateGroups(Set<String> groups) {
    cache.asMap().keySet().removeIf(k -> groups.contains(k.group()));
  }

  public long estimatedSize() {
    return cache.synchronous().estimatedSize();
  }

  private static final class PerKeyTtl implements Expiry<Key, Object> {
    @Override
    public long expireAfterCreate(Key key, Object value, long currentTime) {
      return key.ttl().toNanos();
    }

    @Override
    public long expireAfterUpdate(Key key, Object value, long currentTime, long currentDuration) {
      return key.ttl().toNanos();
    }

    @Override
    public long expireAfterRead(Key key, Object value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
