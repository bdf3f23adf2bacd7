package dev.calendlymcp.webhooks;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.changes.ChangeFeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where each watched account's changes come from on the HTTP server: a Calendly webhook
 * subscription when Calendly can reach us (a public URL, and a plan and role that allow it), else a
 * {@link ChangePoller} on that account's connection. A source starts when the first session of the
 * account subscribes and stops (the subscription deleted, the poller halted) when the last one
 * unsubscribes or ends, or when the account's last grant ends.
 *
 * <p>All of it runs off the request path: {@link #changed} only schedules work. Each account's work
 * runs one step at a time and always moves towards what is wanted now, so a burst of subscribes and
 * unsubscribes costs at most one creation and one deletion at Calendly.
 */
public final class ChangeSources implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChangeSources.class);

  /** After Calendly refused a webhook subscription, how long the account polls before asking again. */
  static final Duration RETRY_WEBHOOKS_AFTER = Duration.ofHours(1);

  /**
   * What a source needs of an account's Calendly connection.
   *
   * @param client the account's client (the newest session's connection)
   * @param requestsPerMinute the account's rate budget as currently known
   */
  public record Connection(Supplier<CalendlyClient> client, IntSupplier requestsPerMinute) {
    public Connection {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
    }
  }

  /** How an account's changes arrive now. */
  public enum Mode {
    NONE,
    WEBHOOK,
    POLLING
  }

  private static final class Account {
    final AtomicBoolean running = new AtomicBoolean();
    final AtomicBoolean dirty = new AtomicBoolean();
    volatile Connection connection;
    volatile Mode mode = Mode.NONE;
    volatile ChangePoller poller;
    volatile Instant webhooksRefusedUntil = Instant.MIN;
    /** Set when the account's last grant ended: its connection is dead until a new one arrives. */
    volatile boolean ended;
  }

  private final Optional<WebhookRegistrar> webhooks;
  private final ChangeFeed feed;
  private final Predicate<String> watched;
  private final double pollingShare;
  private final Scheduler scheduler;
  private final Clock clock;
  private final Map<String, Account> accounts = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param webhooks makes the accounts' webhook subscriptions; empty where Calendly cannot reach us
   * @param watched whether any session of an account subscribes to anything now
   * @param pollingShare the part of an account's rate budget its poller may use
   * @param scheduler the pollers' timer
   */
  public ChangeSources(Optional<WebhookRegistrar> webhooks, ChangeFeed feed, Predicate<String> watched,
      double pollingShare, Scheduler scheduler, Clock clock) {
    this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.watched = Objects.requireNonNull(watched, "watched");
    this.pollingShare = pollingShare;
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Who watches {@code account} may have changed; {@code connection} is the connection of the
   * session that changed it, when that session is still alive.
   */
  public void changed(String account, Optional<Connection> connection) {
    Account state = accounts.computeIfAbsent(account, key -> new Account());
    connection.ifPresent(current -> {
      state.connection = current;
      state.ended = false;
    });
    kick(account, state);
  }

  /**
   * The account's last grant ended: its source stops, the webhook subscription is deleted with
   * {@code stillValid} (the ending grant's client, whose tokens are not yet revoked) or, without
   * one, only forgotten here. Completes once that is done.
   */
  public Mono<Void> ended(String account, Optional<CalendlyClient> stillValid) {
    return Mono.defer(() -> {
      Account state = accounts.get(account);
      if (state == null) {
        return webhooks.map(registrar -> forgetOrRemove(registrar, account, stillValid)).orElse(Mono.empty());
      }
      state.ended = true;
      stopPolling(state);
      state.mode = Mode.NONE;
      return webhooks.map(registrar -> forgetOrRemove(registrar, account, stillValid)).orElse(Mono.empty());
    });
  }

  private static Mono<Void> forgetOrRemove(WebhookRegistrar registrar, String account, Optional<CalendlyClient> client) {
    return client.map(valid -> registrar.remove(account, valid)).orElseGet(() -> registrar.forget(account));
  }

  /** How the account's changes arrive now; for tests and diagnostics. */
  public Mode mode(String account) {
    Account state = accounts.get(account);
    return state == null ? Mode.NONE : state.mode;
  }

  /** Whether work for the account is still scheduled or running; for tests. */
  public boolean settled(String account) {
    Account state = accounts.get(account);
    return state == null || (!state.running.get() && !state.dirty.get());
  }

  /** The account's poller while it polls; for tests. */
  public Optional<ChangePoller> poller(String account) {
    Account state = accounts.get(account);
    return state == null ? Optional.empty() : Optional.ofNullable(state.poller);
  }

  /** Runs one step for the account unless one is running; that one then runs another. */
  private void kick(String account, Account state) {
    if (closed) {
      return;
    }
    state.dirty.set(true);
    if (!state.running.compareAndSet(false, true)) {
      return;
    }
    state.dirty.set(false);
    Mono.defer(() -> step(account, state))
        .onErrorResume(e -> {
          log.debug("Change source step for an account failed: {}", e.getClass().getSimpleName());
          return Mono.empty();
        })
        .doFinally(signal -> {
          state.running.set(false);
          if (state.dirty.get()) {
            kick(account, state);
          }
        })
        .subscribe();
  }

  private Mono<Void> step(String account, Account state) {
    boolean wanted = watched.test(account) && !state.ended && state.connection != null && !closed;
    Mode mode = state.mode;
    if (wanted && mode == Mode.NONE) {
      return start(account, state);
    }
    if (wanted && mode == Mode.POLLING && webhooks.isPresent() && clock.instant().isAfter(state.webhooksRefusedUntil)) {
      // Polling only because webhooks were refused a while ago: see whether they work now.
      stopPolling(state);
      state.mode = Mode.NONE;
      return start(account, state);
    }
    if (!wanted && mode == Mode.POLLING) {
      stopPolling(state);
      state.mode = Mode.NONE;
    }
    if (!wanted && mode == Mode.WEBHOOK) {
      state.mode = Mode.NONE;
      Connection connection = state.connection;
      return webhooks.orElseThrow().remove(account, connection.client().get());
    }
    return Mono.empty();
  }

  private Mono<Void> start(String account, Account state) {
    Connection connection = state.connection;
    if (webhooks.isEmpty() || !clock.instant().isAfter(state.webhooksRefusedUntil)) {
      startPolling(account, state);
      return Mono.empty();
    }
    return webhooks.get().ensure(account, connection.client().get())
        .doOnNext(webhook -> state.mode = Mode.WEBHOOK)
        .then()
        .onErrorResume(e -> {
          log.info("Calendly refused a webhook subscription for {} ({}); polling instead for the next {} minutes",
              account, e.getClass().getSimpleName(), RETRY_WEBHOOKS_AFTER.toMinutes());
          state.webhooksRefusedUntil = clock.instant().plus(RETRY_WEBHOOKS_AFTER);
          startPolling(account, state);
          return Mono.empty();
        });
  }

  /** The poller follows the account's newest connection: the one it started with may end first. */
  private void startPolling(String account, Account state) {
    state.poller = new ChangePoller(() -> state.connection.client().get(), account, feed, () -> watched.test(account),
        () -> state.connection.requestsPerMinute().getAsInt(), pollingShare, scheduler, clock).start();
    state.mode = Mode.POLLING;
  }

  private static void stopPolling(Account state) {
    ChangePoller poller = state.poller;
    state.poller = null;
    if (poller != null) {
      poller.close();
    }
  }

  /** Stops every poller; webhook subscriptions stay at Calendly, to be reused after a restart. */
  @Override
  public void close() {
    closed = true;
    accounts.values().forEach(ChangeSources::stopPolling);
  }
}
