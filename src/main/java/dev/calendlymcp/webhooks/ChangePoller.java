package dev.calendlymcp.webhooks;

import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.ChangeKind;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The fallback where Calendly cannot reach us (stdio, no public URL, the Free plan): now and then
 * it lists the user's upcoming meetings and publishes what changed since the last look. It spends
 * at most a share of the user's rate budget (10 % by default), counting every request it makes,
 * and rests while no session watches the account.
 *
 * <p>Calendly's list has no "changed since" filter, so a poll compares with the previous one: a
 * new meeting is a booking, one that turned canceled (or vanished before it started) a
 * cancellation. A reschedule shows here as a cancellation and a booking; the linked change comes
 * with webhooks.
 */
public final class ChangePoller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChangePoller.class);

  /** The share of the user's rate budget polling may use unless configured otherwise. */
  public static final double DEFAULT_SHARE = 0.10;

  /** Calendly's smallest per-user budget (Free plan), used until the limiter has learnt the real one. */
  public static final int DEFAULT_REQUESTS_PER_MINUTE = 50;

  /** How often an unwatched account is checked for a watcher again; costs nothing at Calendly. */
  static final Duration IDLE_CHECK = Duration.ofSeconds(5);

  /** One page of upcoming meetings per request. */
  static final int PAGE = PageRequest.MAX_COUNT;

  private final Supplier<CalendlyClient> client;
  private final String account;
  private final ChangeFeed feed;
  private final BooleanSupplier watched;
  private final IntSupplier requestsPerMinute;
  private final double share;
  private final Scheduler scheduler;
  private final Clock clock;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong polls = new AtomicLong();
  private final AtomicBoolean polling = new AtomicBoolean();
  private Map<URI, ScheduledEvent> last;
  private URI user;
  private Disposable running;

  /**
   * @param client the user's Calendly client, created on first use
   * @param account the account the changes are published under
   * @param watched whether any session watches the account now
   * @param requestsPerMinute the user's rate budget as currently known
   * @param share the part of it polling may use, in (0, 1]
   * @param scheduler the timer's scheduler (virtual in tests)
   * @param clock the time source matching {@code scheduler}
   */
  public ChangePoller(Supplier<CalendlyClient> client, String account, ChangeFeed feed, BooleanSupplier watched,
      IntSupplier requestsPerMinute, double share, Scheduler scheduler, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.account = Objects.requireNonNull(account, "account");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.watched = Objects.requireNonNull(watched, "watched");
    this.requestsPerMinute = Objects.requireNonNull(requestsPerMinute, "requestsPerMinute");
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], got " + share);
    }
    this.share = share;
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts the timer; the first poll (which only takes a baseline) runs once someone watches. */
  public synchronized ChangePoller start() {
    if (running == null) {
      running = Mono.defer(this::step).repeat().subscribe();
    }
    return this;
  }

  /** The requests spent so far: what the budget share is measured against. */
  public long requests() {
    return requests.get();
  }

  /** Polls completed so far (successful or not). */
  public long polls() {
    return polls.get();
  }

  /** Whether a poll is talking to Calendly right now. */
  public boolean polling() {
    return polling.get();
  }

  /** The pause a poll that made {@code spent} requests must be followed by, to stay within the share. */
  Duration pauseAfter(long spent) {
    int budget = Math.max(1, requestsPerMinute.getAsInt());
    double perMinute = budget * share;
    long millis = (long) Math.ceil(Math.max(1, spent) * 60_000 / perMinute);
    return Duration.ofMillis(millis);
  }

  private Mono<Void> step() {
    if (!watched.getAsBoolean()) {
      // Forget the baseline: changes made while nobody watched are not news to anyone.
      synchronized (this) {
        last = null;
      }
      return Mono.delay(IDLE_CHECK, scheduler).then();
    }
    AtomicLong spent = new AtomicLong();
    polling.set(true);
    return poll(spent)
        .onErrorResume(error -> {
          log.debug("Polling Calendly for changes failed: {}", error.getClass().getSimpleName());
          return Mono.empty();
        })
        .then(Mono.<Void>create(sink -> {
          polls.incrementAndGet();
          Duration pause = pauseAfter(spent.get());
          sink.onDispose(scheduler.schedule(sink::success, pause.toMillis(), TimeUnit.MILLISECONDS));
          // Only once the pause is on the timer: whoever waits for a quiet poller may then move time.
          polling.set(false);
        }));
  }

  private Mono<Void> poll(AtomicLong spent) {
    CalendlyClient calendly = client.get();
    Instant now = clock.instant();
    return user()
        .switchIfEmpty(counted(calendly.users().me(), spent).map(me -> remember(me.uri())))
        .flatMap(uri -> pages(calendly, ScheduledEventQuery.forUser(uri).minStartTime(now).sort("start_time:asc"),
            null, spent, new HashMap<>()))
        .doOnNext(current -> compare(current, now))
        .then();
  }

  private Mono<Map<URI, ScheduledEvent>> pages(CalendlyClient calendly, ScheduledEventQuery query, String token,
      AtomicLong spent, Map<URI, ScheduledEvent> into) {
    return counted(calendly.scheduledEvents().list(query, new PageRequest(PAGE, token)), spent)
        .flatMap((Page<ScheduledEvent> page) -> {
          page.collection().forEach(event -> into.put(event.uri(), event));
          return page.nextPageToken()
              .map(next -> pages(calendly, query, next, spent, into))
              .orElseGet(() -> Mono.just(into));
        });
  }

  /** The user's URI, asked for once: it never changes for a token. */
  private synchronized Mono<URI> user() {
    return Mono.justOrEmpty(user);
  }

  private synchronized URI remember(URI uri) {
    user = uri;
    return uri;
  }

  /** Every poll request goes to Calendly (a cached answer would hide a change) and is counted. */
  private <T> Mono<T> counted(Mono<T> call, AtomicLong spent) {
    return Mono.defer(() -> {
      spent.incrementAndGet();
      requests.incrementAndGet();
      return call;
    }).contextWrite(CacheMode.bypass());
  }

  private synchronized void compare(Map<URI, ScheduledEvent> current, Instant now) {
    Map<URI, ScheduledEvent> before = last;
    last = current;
    if (before == null) {
      return;
    }
    for (ScheduledEvent event : current.values()) {
      if (event.status() == EventStatus.ACTIVE && !before.containsKey(event.uri())) {
        publish(ChangeKind.BOOKED, event.uri(), now);
      }
    }
    for (ScheduledEvent old : before.values()) {
      ScheduledEvent after = current.get(old.uri());
      boolean canceledNow = after != null && old.status() == EventStatus.ACTIVE && after.status() == EventStatus.CANCELED;
      boolean vanishedEarly = after == null && old.status() == EventStatus.ACTIVE && old.startTime().isAfter(now);
      if (canceledNow || vanishedEarly) {
        publish(ChangeKind.CANCELED, old.uri(), now);
      }
    }
  }

  private void publish(ChangeKind kind, URI event, Instant at) {
    feed.publish(account, Change.Draft.of(kind, at, event.toString()));
  }

  @Override
  public synchronized void close() {
    if (running != null) {
      running.dispose();
    }
  }
}
