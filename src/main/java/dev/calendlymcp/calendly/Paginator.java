package dev.calendlymcp.calendly;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * Turns a page fetcher into a lazy stream: a page is requested from Calendly only when the
 * subscriber has asked for more items than the pages fetched so far hold, so {@code take(5)} on a
 * collection of thousands costs one request. (Reactor's concat/expand operators subscribe to the
 * next page as soon as the previous completes, which would fetch one page too many.)
 */
final class Paginator {

  private Paginator() {}

  static <T> Flux<T> items(PageRequest first, Function<PageRequest, Mono<Page<T>>> fetch) {
    return pages(first, fetch).concatMapIterable(Page::collection, 1);
  }

  static <T> Flux<Page<T>> pages(PageRequest first, Function<PageRequest, Mono<Page<T>>> fetch) {
    return Flux.create(sink -> new Pump<>(sink, first, fetch).start());
  }

  private static final class Pump<T> {
    private final FluxSink<Page<T>> sink;
    private final Function<PageRequest, Mono<Page<T>>> fetch;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile PageRequest next;
    private volatile Disposable current;

    Pump(FluxSink<Page<T>> sink, PageRequest first, Function<PageRequest, Mono<Page<T>>> fetch) {
      this.sink = sink;
      this.fetch = fetch;
      this.next = first;
    }

    void start() {
      sink.onRequest(n -> drain());
      sink.onDispose(
          () -> {
            Disposable inProgress = current;
            if (inProgress != null) {
              inProgress.dispose();
            }
          });
    }

    /** Serialises decisions so that two concurrent triggers never fetch the same page twice. */
    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      do {
        PageRequest request = next;
        if (request != null
            && !sink.isCancelled()
            && sink.requestedFromDownstream() > 0
            && inFlight.compareAndSet(false, true)) {
          current =
              fetch
                  .apply(request)
                  .map(Optional::of)
                  .defaultIfEmpty(Optional.empty())
                  .subscribe(page -> page.ifPresentOrElse(p -> onPage(request, p), sink::complete), sink::error);
        }
      } while (wip.decrementAndGet() != 0);
    }

    private void onPage(PageRequest request, Page<T> page) {
      next = page.nextPageToken().map(request::next).orElse(null);
      sink.next(page);
      inFlight.set(false);
      if (next == null) {
        sink.complete();
      } else {
        drain();
      }
    }
  }
}
