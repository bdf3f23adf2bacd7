package dev.calendlymcp.webhooks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.CalendlyWebhook;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.NewWebhookSubscription;
import dev.calendlymcp.calendly.WebhookEvent;
import dev.calendlymcp.calendly.WebhookQuery;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.calendly.model.WebhookSubscription;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Makes, reuses and deletes the one Calendly webhook subscription of each account, pointed at
 * {@code <public-url>/webhooks/calendly} and signed with a key we generate; the store keeps the key
 * encrypted, since Calendly never shows it again.
 *
 * <p>A subscription is user-scoped even for admins: an organization-scoped one would deliver every
 * teammate's bookings, which are not this account's resources, and it cannot carry meeting recaps
 * (user scope only). The events asked for are the invitee, event type, meeting recap and contact
 * events; the last two need a plan with the feature, so a 403 retries with the invitee and event
 * type events alone, and a second 403 (role, scope or plan) gives up: the caller polls instead.
 */
public final class WebhookRegistrar implements WebhookSigningKeys {

  /** Where Calendly delivers, under the public URL. */
  public static final String PATH = "/webhooks/calendly";

  private static final Logger log = LoggerFactory.getLogger(WebhookRegistrar.class);

  private static final List<WebhookEvent> CORE = List.of(
      WebhookEvent.INVITEE_CREATED, WebhookEvent.INVITEE_CANCELED,
      WebhookEvent.INVITEE_NO_SHOW_CREATED, WebhookEvent.INVITEE_NO_SHOW_DELETED,
      WebhookEvent.EVENT_TYPE_CREATED, WebhookEvent.EVENT_TYPE_UPDATED, WebhookEvent.EVENT_TYPE_DELETED);

  private static final List<WebhookEvent> PAID_FEATURES = List.of(
      WebhookEvent.MEETING_RECAP_CREATED, WebhookEvent.MEETING_RECAP_UPDATED, WebhookEvent.MEETING_RECAP_DELETED,
      WebhookEvent.CONTACT_CREATED, WebhookEvent.CONTACT_UPDATED, WebhookEvent.CONTACT_DELETED);

  /** What to ask for, most first: each later set is what remains after a 403. */
  static final List<List<WebhookEvent>> EVENT_SETS =
      List.of(Stream.concat(CORE.stream(), PAID_FEATURES.stream()).toList(), CORE);

  private static final Duration STORE_READ = Duration.ofSeconds(30);

  private final AuthStore store;
  private final URI callback;
  private final Clock clock;
  private final SecureRandom random;
  /** The stored keys by account, kept in memory: the receiver asks on every delivery, on an event loop. */
  private final Map<String, WebhookSigningKey> keys = new ConcurrentHashMap<>();
  /**
   * Keys of subscriptions given up, for as long as Calendly retries a delivery (a day): their
   * deliveries get 410 so Calendly deletes a subscription it may not have been told about. Held in
   * memory only; after a restart such a delivery fails verification (401) until Calendly gives up.
   */
  private final Cache<WebhookSigningKey, Boolean> retired =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofDays(1)).maximumSize(10_000).build();

  /** @param publicUrl the server's root as Calendly reaches it (the {@code --public-url}) */
  public WebhookRegistrar(AuthStore store, URI publicUrl, Clock clock, SecureRandom random) {
    this.store = Objects.requireNonNull(store, "store");
    this.callback = callbackOf(Objects.requireNonNull(publicUrl, "publicUrl"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    // The subscriptions kept before a restart still deliver: their keys must admit deliveries from
    // the first one on. Read once, at start-up, on the thread that wires the server.
    for (CalendlyWebhook webhook : store.webhooks().collectList().block(STORE_READ)) {
      keys.put(webhook.account(), new WebhookSigningKey(webhook.signingKey()));
    }
  }

  static URI callbackOf(URI publicUrl) {
    String root = publicUrl.toString();
    return URI.create((root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + PATH);
  }

  public URI callback() {
    return callback;
  }

  /**
   * The account's subscription: the stored one while Calendly still delivers it to us, else a new
   * one. Fails with Calendly's error when none can be made (the caller then polls).
   */
  public Mono<CalendlyWebhook> ensure(String account, CalendlyClient client) {
    return store.findWebhook(account)
        .flatMap(saved -> stillDelivering(saved, client))
        .switchIfEmpty(Mono.defer(() -> client.users().me().flatMap(me -> create(account, client, me, 0, true))));
  }

  /** The saved subscription if Calendly still delivers it here; otherwise it is deleted and forgotten. */
  private Mono<CalendlyWebhook> stillDelivering(CalendlyWebhook saved, CalendlyClient client) {
    return client.webhooks().get(saved.subscription().toString())
        .flatMap(found -> {
          if (found.state() == WebhookSubscription.State.ACTIVE && callback.equals(found.callbackUrl())
              && callback.equals(saved.callbackUrl())) {
            return Mono.just(saved);
          }
          // Disabled after failed deliveries, or made for another public URL: start afresh.
          return client.webhooks().delete(saved.subscription().toString())
              .onErrorResume(CalendlyException.NotFound.class, e -> Mono.empty())
              .then(forget(saved.account()))
              .then(Mono.empty());
        })
        .onErrorResume(CalendlyException.NotFound.class, e -> forget(saved.account()).then(Mono.empty()));
  }

  private Mono<CalendlyWebhook> create(String account, CalendlyClient client, User me, int set, boolean mayClearConflict) {
    String key = newKey();
    List<String> events = EVENT_SETS.get(set).stream().map(WebhookEvent::wireName).toList();
    NewWebhookSubscription wanted = NewWebhookSubscription.forUser(
        callback.toString(), events, me.currentOrganization().toString(), me.uri().toString()).withSigningKey(key);
    return client.webhooks().create(wanted)
        .flatMap(made -> {
          CalendlyWebhook webhook = new CalendlyWebhook(account, made.uri(), callback, key, clock.instant());
          log.info("Calendly webhook subscription {} made for {} ({} events)", made.uri(), account, events.size());
          return store.saveWebhook(webhook)
              .doOnSuccess(saved -> keys.put(account, new WebhookSigningKey(key)))
              .thenReturn(webhook);
        })
        // A subscription of ours whose key we lost (a store wiped or another server's): it cannot
        // be verified, so it goes, once, and ours takes its place.
        .onErrorResume(CalendlyException.Conflict.class, e -> mayClearConflict
            ? clearOurs(client, me).then(Mono.defer(() -> create(account, client, me, set, false)))
            : Mono.error(e))
        .onErrorResume(CalendlyException.PermissionDenied.class, e -> set + 1 < EVENT_SETS.size()
            ? create(account, client, me, set + 1, mayClearConflict)
            : Mono.error(e));
  }

  private Mono<Void> clearOurs(CalendlyClient client, User me) {
    return client.webhooks()
        .listAll(WebhookQuery.ofUser(me.currentOrganization().toString(), me.uri().toString()))
        .filter(subscription -> callback.equals(subscription.callbackUrl()))
        .concatMap(subscription -> client.webhooks().delete(subscription.uri().toString())
            .onErrorResume(CalendlyException.NotFound.class, e -> Mono.empty()))
        .then();
  }

  /**
   * Deletes the account's subscription at Calendly, then forgets it here. Forgets it even when
   * Calendly cannot be told: a subscription we cannot verify is useless, and a delivery for an
   * account we no longer know is answered 410, which makes Calendly delete it.
   */
  public Mono<Void> remove(String account, CalendlyClient client) {
    return store.findWebhook(account)
        .flatMap(saved -> client.webhooks().delete(saved.subscription().toString())
            .onErrorResume(e -> {
              log.info("Could not delete Calendly webhook subscription {}: {}", saved.subscription(),
                  e.getClass().getSimpleName());
              return Mono.empty();
            }))
        .then(forget(account));
  }

  /** Forgets the account's subscription without telling Calendly (its tokens no longer work). */
  public Mono<Void> forget(String account) {
    return Mono.defer(() -> {
      WebhookSigningKey removed = keys.remove(account);
      if (removed != null) {
        retired.put(removed, Boolean.TRUE);
      }
      return store.deleteWebhook(account);
    });
  }

  @Override
  public List<WebhookSigningKey> candidates() {
    return List.copyOf(keys.values());
  }

  @Override
  public List<WebhookSigningKey> retired() {
    return List.copyOf(retired.asMap().keySet());
  }

  /** 256 random bits, hex: as strong as the HMAC-SHA256 it keys, and within Calendly's 255 characters. */
  private String newKey() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
