package dev.calendlymcp.sandbox.webhooks;

import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.model.WebhookSubscription;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Delivers webhook events the way Calendly's Webhooks page says: a signed JSON POST to every
 * matching subscription's callback URL; anything but 2xx (redirects too, which are not followed)
 * is retried with backoff, and the subscription disabled when it keeps failing; a 410 Gone deletes
 * the subscription at once, without a retry.
 *
 * <p>Non-blocking throughout: requests go out on Reactor Netty's event loops, the waits between
 * attempts are scheduled on the sandbox's scheduler (a virtual-time scheduler makes them
 * testable without waiting), and the store is touched only on the sandbox's worker threads,
 * because its lock may block. Every attempt is published on {@link #attempts()}.
 */
public final class WebhookDeliverer implements WebhookPublisher, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);
  private static final int REMEMBERED_ATTEMPTS = 1_000;
  private static final int GONE = 410;

  private final WebhookDeliverySettings settings;
  private final SandboxStore store;
  private final Uris uris;
  private final Clock clock;
  private final Scheduler backoffScheduler;
  private final Scheduler workers;
  private final ConnectionProvider connections;
  private final HttpClient http;
  private final Sinks.Many<DeliveryAttempt> attempts = Sinks.many().replay().limit(REMEMBERED_ATTEMPTS);
  private final Sinks.One<Boolean> closing = Sinks.one();

  /**
   * @param backoffScheduler where the waits between attempts are scheduled
   * @param workers where the store is read and changed (never an event loop)
   */
  public WebhookDeliverer(
      WebhookDeliverySettings settings,
      SandboxStore store,
      Uris uris,
      Clock clock,
      Scheduler backoffScheduler,
      Scheduler workers) {
    this.settings = settings;
    this.store = store;
    this.uris = uris;
    this.clock = clock;
    this.backoffScheduler = backoffScheduler;
    this.workers = workers;
    this.connections = ConnectionProvider.builder("sandbox-webhooks").maxConnections(64).build();
    this.http =
        HttpClient.create(connections)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
            .responseTimeout(settings.readTimeout())
            // Reactor Netty would otherwise resend once on a connection closed early, turning one
            // attempt into two.
            .disableRetry(true)
            .followRedirect(false);
  }

  /** Every delivery attempt, the last thousand replayed to each new subscriber. */
  public Flux<DeliveryAttempt> attempts() {
    return attempts.asFlux();
  }

  @Override
  public void publish(WebhookEvent event) {
    if (!settings.enabled() || event.targets().isEmpty()) {
      return;
    }
    byte[] body = Json.bytes(event.envelope());
    for (WebhookEvent.Target target : event.targets()) {
      attempt(target, event.event(), body, 1)
          .takeUntilOther(closing.asMono())
          .subscribe(
              null,
              error -> log.warn("webhook delivery to {} failed inside the sandbox", target.subscription(), error));
    }
  }

  /** Cancels every delivery in progress and every scheduled retry. */
  @Override
  public void close() {
    closing.tryEmitValue(Boolean.TRUE);
    connections.dispose();
    synchronized (attempts) {
      attempts.tryEmitComplete();
    }
  }

  /** The outcome of one POST. */
  private record Result(int status, String failure) {
    boolean delivered() {
      return failure == null;
    }
  }

  private Mono<Void> attempt(WebhookEvent.Target target, String event, byte[] body, int number) {
    return Mono.fromCallable(() -> isActive(target))
        .subscribeOn(workers)
        .flatMap(
            active -> {
              if (!active) {
                record(target, event, number, new Result(0, "subscription deleted or disabled"),
                    DeliveryAttempt.Outcome.SKIPPED, null);
                return Mono.<Void>empty();
              }
              return post(target, body)
                  .publishOn(workers)
                  .flatMap(result -> settle(target, event, body, number, result));
            });
  }

  private Mono<Result> post(WebhookEvent.Target target, byte[] body) {
    return Mono.defer(
        () -> {
          String signature = WebhookSignatures.header(target.signingKey(), clock.instant().getEpochSecond(), body);
          return http.headers(
                  headers -> headers
                      .set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                      .set(HttpHeaderNames.USER_AGENT, "Calendly-Sandbox-Webhooks")
                      .set(WebhookSignatures.HEADER, signature))
              .post()
              .uri(target.callbackUrl())
              .send(ByteBufFlux.fromInbound(Mono.just(body)))
              .responseSingle(
                  (response, content) -> content.asByteArray()
                      .then(Mono.just(response.status().code())))
              .map(status -> status / 100 == 2 ? new Result(status, null) : new Result(status, "HTTP " + status))
              .onErrorResume(error -> Mono.just(new Result(0, describe(error))));
        });
  }

  private Mono<Void> settle(WebhookEvent.Target target, String event, byte[] body, int number, Result result) {
    if (result.delivered()) {
      update(target, subscription -> subscription.delivered(clock.instant()));
      record(target, event, number, result, DeliveryAttempt.Outcome.DELIVERED, null);
      return Mono.empty();
    }
    if (result.status() == GONE) {
      remove(target);
      record(target, event, number, result, DeliveryAttempt.Outcome.DELETED, null);
      log.info("webhook subscription {} deleted: its receiver answered 410 Gone", target.subscription());
      return Mono.empty();
    }
    if (number >= settings.maxAttempts()) {
      update(target, subscription -> subscription.disabled(clock.instant()));
      record(target, event, number, result, DeliveryAttempt.Outcome.DISABLED, null);
      log.info("webhook subscription {} disabled after {} failed delivery attempts", target.subscription(), number);
      return Mono.empty();
    }
    update(target, subscription -> subscription.retrying(clock.instant()));
    Duration wait = settings.backoffAfter(number);
    log.debug("webhook delivery to {} failed ({}); attempt {} in {}", target.subscription(), result.failure(), number + 1, wait);
    return scheduledWait(wait, () -> record(target, event, number, result, DeliveryAttempt.Outcome.RETRY_SCHEDULED, wait))
        .then(Mono.defer(() -> attempt(target, event, body, number + 1)));
  }

  /**
   * Completes after {@code wait} on the backoff scheduler, running {@code scheduled} once the
   * wait is registered there: whoever hears of the retry can advance a virtual clock past it.
   */
  private Mono<Void> scheduledWait(Duration wait, Runnable scheduled) {
    return Mono.create(
        sink -> {
          Disposable task = backoffScheduler.schedule(sink::success, wait.toNanos(), TimeUnit.NANOSECONDS);
          sink.onDispose(task);
          scheduled.run();
        });
  }

  private boolean isActive(WebhookEvent.Target target) {
    Optional<String> uuid = uris.uuidOf(target.subscription(), "webhook_subscriptions");
    return uuid.isPresent()
        && store.read(() -> store.webhook(uuid.get()).map(WebhookSubscription::isActive).orElse(false));
  }

  private void update(WebhookEvent.Target target, UnaryOperator<WebhookSubscription> change) {
    uris.uuidOf(target.subscription(), "webhook_subscriptions")
        .ifPresent(uuid -> store.write(
            () -> {
              store.webhook(uuid).ifPresent(subscription -> store.putWebhook(change.apply(subscription)));
              return null;
            }));
  }

  private void remove(WebhookEvent.Target target) {
    uris.uuidOf(target.subscription(), "webhook_subscriptions")
        .ifPresent(uuid -> store.write(
            () -> {
              store.removeWebhook(uuid);
              return null;
            }));
  }

  private void record(
      WebhookEvent.Target target, String event, int number, Result result, DeliveryAttempt.Outcome outcome,
      Duration retryIn) {
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            target.subscription(), event, number, clock.instant(), result.status(), result.failure(), outcome, retryIn);
    // The sink is not safe for concurrent emission and deliveries finish on many threads.
    synchronized (attempts) {
      attempts.tryEmitNext(attempt);
    }
  }

  /** The kind of failure, without the URL (which may carry a secret path or query). */
  private static String describe(Throwable error) {
    String type = error.getClass().getSimpleName();
    return type.contains("Timeout") ? "timeout: " + type : "I/O error: " + type;
  }
}
