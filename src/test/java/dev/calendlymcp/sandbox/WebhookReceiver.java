package dev.calendlymcp.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A webhook receiver on an OS-chosen port: records every POST and answers with the statuses it
 * was told to (then 200). A planned status of 0 means never answer, to test timeouts; a planned
 * redirect carries a {@code Location} on this receiver.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One received delivery. */
  record Delivery(String path, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
  /** A planned answer; {@code location} null for a plain status. */
  private record Answer(int status, String location) {}

  private final Queue<Answer> planned = new ConcurrentLinkedQueue<>();
  private final DisposableServer server;

  WebhookReceiver() {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> request.receive().aggregate().asString().defaultIfEmpty("")
                    .flatMap(
                        body -> {
                          Map<String, String> headers = new HashMap<>();
                          request.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                          received.add(new Delivery("/" + request.path(), headers, body));
                          Answer answer = planned.poll();
                          if (answer == null) {
                            return response.status(200).send().then();
                          }
                          if (answer.status() == 0) {
                            return Mono.never();
                          }
                          if (answer.location() != null) {
                            response.header("Location", answer.location());
                          }
                          return response.status(answer.status()).send().then();
                        }))
            .bindNow(Duration.ofSeconds(10));
  }

  /** The URL of {@code path} on this receiver. */
  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  /** Answers the next requests with these statuses, in order. */
  void answer(int... statuses) {
    for (int status : statuses) {
      planned.add(new Answer(status, null));
    }
  }

  /** Answers the next request with {@code status} and a {@code Location} of {@code path} here. */
  void redirect(int status, String path) {
    planned.add(new Answer(status, url(path)));
  }

  /** The next delivery, waiting up to 10 seconds. */
  Delivery next() {
    try {
      Delivery delivery = received.poll(10, TimeUnit.SECONDS);
      if (delivery == null) {
        throw new AssertionError("no webhook delivery arrived within 10 seconds");
      }
      return delivery;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Deliveries received and not yet taken with {@link #next()}. */
  int waiting() {
    return received.size();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }
}
