package dev.calendlymcp.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

class CoalescingCacheTest {

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CoalescingCache cache = CoalescingCache.create(1_000, ticker, meters);
  private final AtomicInteger loads = new AtomicInteger();

  private static CoalescingCache.Key key(String request, Duration ttl) {
    return new CoalescingCache.Key("token-a", "GET /event_types", request, ttl);
  }

  private Mono<String> load(String value) {
    return Mono.fromCallable(() -> value + "#" + loads.incrementAndGet());
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void tenConcurrentIdenticalReadsMakeOneLoad() {
    Sinks.One<String> upstream = Sinks.one();
    CoalescingCache.Key key = key("/event_types?user=U", Duration.ZERO);

    List<Mono<String>> readers =
        Flux.range(0, 10)
            .map(i -> cache.get(key, () -> { loads.incrementAndGet(); return upstream.asMono(); }))
            .collectList()
            .block();
    Mono<List<String>> all = Flux.merge(readers).collectList();
    StepVerifier.create(all)
        .then(() -> upstream.tryEmitValue("page"))
        .assertNext(values -> assertThat(values).hasSize(10).containsOnly("page"))
        .verifyComplete();

    assertThat(loads).hasValue(1);
  }

  @Test
  void anAnswerIsReusedWithinItsTtlAndReloadedAfter() {
    CoalescingCache.Key key = key("/users/me", Duration.ofMinutes(5));

    assertThat(cache.get(key, () -> load("me")).block()).isEqualTo("me#1");
    advance(Duration.ofMinutes(4));
    assertThat(cache.get(key, () -> load("me")).block()).isEqualTo("me#1");
    advance(Duration.ofMinutes(2));
    assertThat(cache.get(key, () -> load("me")).block()).isEqualTo("me#2");
    assertThat(meters.counter("calendly.cache.requests", "result", "hit").count()).isEqualTo(1);
    assertThat(meters.counter("calendly.cache.requests", "result", "miss").count()).isEqualTo(2);
  }

  @Test
  void aZeroTtlKeepsNothingOnceTheLoadIsDone() {
    CoalescingCache.Key key = key("/event_type_available_times?x", Duration.ZERO);

    cache.get(key, () -> load("slots")).block();
    cache.get(key, () -> load("slots")).block();

    assertThat(loads).hasValue(2);
  }

  @Test
  void failuresAreNotCached() {
    CoalescingCache.Key key = key("/users/me", Duration.ofMinutes(5));

    StepVerifier.create(cache.get(key, () -> Mono.<String>error(new IllegalStateException("boom"))))
        .verifyErrorMessage("boom");
    assertThat(cache.get(key, () -> load("me")).block()).isEqualTo("me#1");
  }

  @Test
  void invalidationDropsOnlyTheNamedGroupsOfTheScope() {
    CoalescingCache.Key slots = new CoalescingCache.Key("token-a", "slots", "/a", Duration.ofMinutes(1));
    CoalescingCache.Key types = new CoalescingCache.Key("token-a", "types", "/b", Duration.ofMinutes(1));
    CoalescingCache.Key otherScope = new CoalescingCache.Key("token-b", "slots", "/a", Duration.ofMinutes(1));
    cache.get(slots, () -> load("s")).block();
    cache.get(types, () -> load("t")).block();
    cache.get(otherScope, () -> load("o")).block();

    cache.invalidate("token-a", Set.of("slots"));

    assertThat(cache.get(slots, () -> load("s")).block()).isEqualTo("s#4");
    assertThat(cache.get(types, () -> load("t")).block()).isEqualTo("t#2");
    assertThat(cache.get(otherScope, () -> load("o")).block()).isEqualTo("o#3");
  }

  @Test
  void aCancelledReaderDoesNotCancelTheLoadOthersAreWaitingFor() {
    Sinks.One<String> upstream = Sinks.one();
    CoalescingCache.Key key = key("/slow", Duration.ofMinutes(1));
    Mono<String> patient = cache.get(key, upstream::asMono);
    Mono<String> impatient = cache.get(key, () -> load("never"));

    StepVerifier.create(patient)
        .then(() -> StepVerifier.create(impatient).thenCancel().verify())
        .then(() -> upstream.tryEmitValue("late"))
        .expectNext("late")
        .verifyComplete();
    assertThat(loads).hasValue(0);
  }

  @Test
  void whenEveryReaderCancelsTheLoadIsCancelled() {
    java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    CoalescingCache.Key key = key("/slow", Duration.ofMinutes(1));

    StepVerifier.create(cache.get(key, () -> Mono.<String>never().doOnCancel(() -> cancelled.set(true))))
        .thenCancel()
        .verify();

    assertThat(cancelled).isTrue();
    assertThat(cache.get(key, () -> load("fresh")).block()).isEqualTo("fresh#1");
  }
}
