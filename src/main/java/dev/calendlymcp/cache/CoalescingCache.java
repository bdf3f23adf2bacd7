package dev.calendlymcp.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A read-through cache for upstream calls that also coalesces: while a load for a key is in
 * flight, every other caller of the same key joins it instead of sending its own request, even
 * when the key's time to live is zero. Entries live for the TTL their key carries; failed loads
 * are never kept. A load is cancelled only when every caller waiting for it has cancelled, so one
 * impatient caller never takes the answer away from the others. Keys are scoped (e.g. by token
 * fingerprint) and grouped (e.g. by endpoint), so a write can drop exactly the groups it made
 * stale.
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

  private final Cache<Key, Object> answers;
  private final ConcurrentMap<Key, SharedLoad> inFlight = new ConcurrentHashMap<>();
  private final Counter hits;
  private final Counter joined;
  private final Counter misses;

  private CoalescingCache(long maximumSize, Ticker ticker, MeterRegistry meters) {
    this.answers =
        Caffeine.newBuilder().maximumSize(maximumSize).ticker(ticker).expireAfter(new PerKeyTtl()).build();
    this.hits = meters.counter("calendly.cache.requests", "result", "hit");
    this.joined = meters.counter("calendly.cache.requests", "result", "joined");
    this.misses = meters.counter("calendly.cache.requests", "result", "miss");
  }

  public static CoalescingCache create(long maximumSize) {
    return new CoalescingCache(maximumSize, Ticker.systemTicker(), new SimpleMeterRegistry());
  }

  public static CoalescingCache create(long maximumSize, Ticker ticker, MeterRegistry meters) {
    return new CoalescingCache(maximumSize, ticker, meters);
  }

  /** The cached answer for {@code key}, the load already in flight for it, or a new load. */
  @SuppressWarnings("unchecked") // every value stored under a key comes from that key's own loader type
  public <T> Mono<T> get(Key key, Supplier<Mono<T>> loader) {
    return Mono.defer(
        () -> {
          Object cached = answers.getIfPresent(key);
          if (cached != null) {
            hits.increment();
            return Mono.just((T) cached);
          }
          while (true) {
            boolean[] created = {false};
            SharedLoad load =
                inFlight.computeIfAbsent(
                    key,
                    k -> {
                      created[0] = true;
                      return new SharedLoad(k, Mono.defer(loader).map(Object.class::cast));
                    });
            if (load.join()) {
              (created[0] ? misses : joined).increment();
              return load.result().doOnCancel(load::leave).map(value -> (T) value);
            }
            // every caller of that load cancelled a moment ago; start afresh
            inFlight.remove(key, load);
          }
        });
  }

  /**
   * One upstream load and the callers waiting for it. Reference-counted by hand: Reactor's
   * publish/refCount does not reliably cancel its source when the last subscriber leaves.
   */
  private final class SharedLoad {
    private final Key key;
    private final Mono<Object> source;
    private final Sinks.One<Object> result = Sinks.one();
    private int waiting;
    private boolean started;
    private boolean abandoned;
    private Disposable upstream;

    SharedLoad(Key key, Mono<Object> source) {
      this.key = key;
      this.source = source;
    }

    /** False once every caller has left and the load was cancelled. */
    synchronized boolean join() {
      if (abandoned) {
        return false;
      }
      waiting++;
      if (!started) {
        started = true;
        upstream = source.subscribe(this::succeed, this::fail, this::finishEmpty);
      }
      return true;
    }

    synchronized void leave() {
      waiting--;
      if (waiting == 0 && !abandoned) {
        abandoned = true;
        inFlight.remove(key, this);
        if (upstream != null) {
          upstream.dispose();
        }
      }
    }

    Mono<Object> result() {
      return result.asMono();
    }

    private void succeed(Object value) {
      if (!key.ttl().isZero()) {
        answers.put(key, value);
      }
      inFlight.remove(key, this);
      result.tryEmitValue(value);
    }

    private void fail(Throwable error) {
      inFlight.remove(key, this);
      result.tryEmitError(error);
    }

    private void finishEmpty() {
      inFlight.remove(key, this);
      result.tryEmitEmpty();
    }
  }

  /** Drops every entry of {@code scope} in one of {@code groups}; loads in flight finish but are not joined. */
  public void invalidate(String scope, Set<String> groups) {
    answers.asMap().keySet().removeIf(k -> k.scope().equals(scope) && groups.contains(k.group()));
    inFlight.keySet().removeIf(k -> k.scope().equals(scope) && groups.contains(k.group()));
  }

  /** Drops every entry in one of {@code groups}, whatever its scope. */
  public void invalidateGroups(Set<String> groups) {
    answers.asMap().keySet().removeIf(k -> groups.contains(k.group()));
    inFlight.keySet().removeIf(k -> groups.contains(k.group()));
  }

  /** Drops one entry, so that the next read of it goes upstream. */
  public void invalidate(Key key) {
    answers.invalidate(key);
    inFlight.remove(key);
  }

  public long estimatedSize() {
    return answers.estimatedSize();
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
