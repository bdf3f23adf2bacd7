package dev.calendlymcp.calendly;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Turns a page fetcher into a lazy stream of items: the next page is requested from Calendly only
 * when the subscriber has asked for more items than the pages fetched so far hold, so {@code
 * take(5)} on a collection of thousands costs one request. (Reactor's concat, expand and
 * flattening operators prefetch the next page as soon as the previous one is consumed, which
 * spends rate budget on pages nobody reads.)
 */
final class Paginator {

  private Paginator() {}

  static <T> Flux<T> items(PageRequest first, Function<PageRequest, Mono<Page<T>>> fetch) {
    return Flux.create(sink -> new Pump<>(sink, first, fetch).start());
  }

  /** All state is touched only inside {@link #drain()}, which one thread runs at a time. */
  private static final class Pump<T> {
    private final FluxSink<T> sink;
    private final Function<PageRequest, Mono<Page<T>>> fetch;
    private final AtomicInteger wip = new AtomicInteger();
    private final Queue<T> buffered = new ArrayDeque<>();
    private PageRequest next;
    private boolean fetching;
    private volatile Page<T> arrived;
    private volatile Disposable inFlight;

    Pump(FluxSink<T> sink, PageRequest first, Function<PageRequest, Mono<Page<T>>> fetch) {
      this.sink = sink;
      this.fetch = fetch;
      this.next = first;
    }

    void start() {
      sink.onRequest(n -> drain());
      sink.onDispose(
          () -> {
            Disposable current = inFlight;
            if (current != null) {
              current.dispose();
            }
          });
    }

    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      do {
        Page<T> page = arrived;
        if (page != null) {
          arrived = null;
          fetching = false;
          buffered.addAll(page.collection());
          next = page.nextPageToken().map(next::next).orElse(null);
        }
        while (!buffered.isEmpty() && sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
          sink.next(buffered.poll());
        }
        if (buffered.isEmpty() && !fetching) {
          if (next == null) {
            sink.complete();
          } else if (sink.requestedFromDownstream() > 0 && !sink.isCancelled()) {
            fetching = true;
            PageRequest request = next;
            inFlight =
                Mono.defer(() -> fetch.apply(request))
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .subscribe(this::onPage, sink::error);
          }
        }
      } while (wip.decrementAndGet() != 0);
    }

    private void onPage(Optional<Page<T>> page) {
      // A fetcher that completes empty ends the collection, like a last page with no items.
      arrived = page.orElseGet(() -> new Page<>(java.util.List.of(), null));
      drain();
    }
  }
}
