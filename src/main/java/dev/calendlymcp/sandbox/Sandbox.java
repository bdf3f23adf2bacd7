package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.api.ActivityLogApi;
import dev.calendlymcp.sandbox.api.AppActionsApi;
import dev.calendlymcp.sandbox.api.ApiContext;
import dev.calendlymcp.sandbox.api.AvailabilityApi;
import dev.calendlymcp.sandbox.api.AvailabilityService;
import dev.calendlymcp.sandbox.api.BookingApi;
import dev.calendlymcp.sandbox.api.ContactsApi;
import dev.calendlymcp.sandbox.api.DataComplianceApi;
import dev.calendlymcp.sandbox.api.EventTypeWritesApi;
import dev.calendlymcp.sandbox.api.EventTypesApi;
import dev.calendlymcp.sandbox.api.LocationsApi;
import dev.calendlymcp.sandbox.api.NoShowsApi;
import dev.calendlymcp.sandbox.api.SharesApi;
import dev.calendlymcp.sandbox.api.UserScheduleWritesApi;
import dev.calendlymcp.sandbox.api.OrganizationsApi;
import dev.calendlymcp.sandbox.api.ReschedulingApi;
import dev.calendlymcp.sandbox.api.GroupsApi;
import dev.calendlymcp.sandbox.api.MeetingRecapsApi;
import dev.calendlymcp.sandbox.api.RoutingFormsApi;
import dev.calendlymcp.sandbox.api.SampleWebhookApi;
import dev.calendlymcp.sandbox.api.ScheduledEventsApi;
import dev.calendlymcp.sandbox.api.SchedulingLinksApi;
import dev.calendlymcp.sandbox.api.UsersApi;
import dev.calendlymcp.sandbox.api.Views;
import dev.calendlymcp.sandbox.api.WebhooksApi;
import dev.calendlymcp.sandbox.auth.AccessToken;
import dev.calendlymcp.sandbox.auth.Authenticator;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.auth.TokenStore;
import dev.calendlymcp.sandbox.faults.Faults;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.ExtraStore;
import dev.calendlymcp.sandbox.model.Ids;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.oauth.OAuthApp;
import dev.calendlymcp.sandbox.oauth.OAuthServer;
import dev.calendlymcp.sandbox.ratelimit.RateLimiter;
import dev.calendlymcp.sandbox.seed.ExtrasSeeder;
import dev.calendlymcp.sandbox.seed.Seeder;
import dev.calendlymcp.sandbox.webhooks.DeliveryAttempt;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverer;
import dev.calendlymcp.sandbox.webhooks.WebhookPublisher;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A running fake Calendly: an HTTP server on 127.0.0.1 serving the 28 endpoints of Calendly's
 * API v2 from an in-memory, seeded model, with Calendly's errors, pagination and rate-limit
 * headers, and faults on demand; plus Calendly's OAuth server ({@code /oauth/*}) and signed,
 * retried webhook deliveries. Start one with {@link #start}, close it when done.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().seed(42).build())) {
 *   SeededUser owner = sandbox.users().get(0);
 *   // GET {sandbox.apiBaseUrl()}/users/me with "Authorization: Bearer " + owner.token()
 * }
 * }</pre>
 *
 * It implements the API contract independently of this project's Calendly client, so tests of the
 * client against it catch the client's mistakes.
 */
public final class Sandbox implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

  /** Keeps the OAuth server's sequence apart from the model's and the token store's. */
  private static final long OAUTH_SALT = 0x0A17L;

  private final DisposableServer server;
  private final Scheduler workers;
  private final String apiBaseUrl;
  private final List<SeededUser> users;
  private final TokenStore tokens;
  private final RateLimiter rateLimiter;
  private final Faults faults;
  private final SandboxStats stats;
  private final SandboxInspector inspector;
  private final Uris uris;
  private final OAuthServer oauth;
  private final WebhookDeliverer deliverer;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Sandbox(
      DisposableServer server,
      Scheduler workers,
      String apiBaseUrl,
      List<SeededUser> users,
      TokenStore tokens,
      RateLimiter rateLimiter,
      Faults faults,
      SandboxStats stats,
      SandboxInspector inspector,
      Uris uris,
      OAuthServer oauth,
      WebhookDeliverer deliverer) {
    this.server = server;
    this.workers = workers;
    this.apiBaseUrl = apiBaseUrl;
    this.users = users;
    this.tokens = tokens;
    this.rateLimiter = rateLimiter;
    this.faults = faults;
    this.stats = stats;
    this.inspector = inspector;
    this.uris = uris;
    this.oauth = oauth;
    this.deliverer = deliverer;
  }

  /** Seeds the model, binds the server and returns once it accepts requests. */
  public static Sandbox start(SandboxConfig config) {
    AtomicReference<RequestPipeline> pipeline = new AtomicReference<>();
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(config.port())
            .handle(
                (request, response) -> {
                  RequestPipeline ready = pipeline.get();
                  return ready != null
                      ? ready.handle(request, response)
                      : response.status(503).send();
                })
            .bindNow(Duration.ofSeconds(10));
    Scheduler workers =
        Schedulers.newBoundedElastic(
            Math.max(4, Runtime.getRuntime().availableProcessors() * 2), 100_000, "sandbox-worker", 60, true);
    WebhookDeliverer deliverer = null;
    try {
      String apiBaseUrl = "http://127.0.0.1:" + server.port();
      Uris uris = new Uris(apiBaseUrl);
      SandboxStore store = new SandboxStore();
      Ids ids = new Ids(config.seed());
      TokenStore tokens = new TokenStore(new Ids(config.seed() ^ 0x5EEDL), config.clock());
      List<Seeder.Member> members =
          new Seeder(config.seed(), config.size(), config.clock().instant(), ids).seed(store, tokens);

      Views views = new Views(uris, store);
      deliverer =
          new WebhookDeliverer(
              config.webhookDelivery(), store, uris, config.clock(), config.scheduler(), workers);
      WebhookPublisher delivery = deliverer;
      WebhookPublisher listener = config.webhookPublisher();
      ApiContext context =
          new ApiContext(
              store, uris, views, config.clock(), ids, new AvailabilityService(store),
              event -> {
                delivery.publish(event);
                listener.publish(event);
              },
              config.maxAvailableTimesSpanDays());
      Router router = new Router();
      EventTypesApi eventTypes = new EventTypesApi(context);
      new UsersApi(context).register(router);
      eventTypes.register(router);
      new ScheduledEventsApi(context).register(router);
      new BookingApi(context, eventTypes).register(router);
      new ReschedulingApi(context).register(router);
      new AvailabilityApi(context, eventTypes).register(router);
      new SchedulingLinksApi(context, eventTypes).register(router);
      new OrganizationsApi(context).register(router);
      new WebhooksApi(context).register(router);
      new EventTypeWritesApi(context, eventTypes).register(router);
      new LocationsApi(context).register(router);
      new NoShowsApi(context).register(router);
      ExtraStore extras = new ExtraStore();
      new ExtrasSeeder(ids, uris, config.clock().instant()).seed(store, extras);
      new SharesApi(context, eventTypes, extras).register(router);
      new UserScheduleWritesApi(context).register(router);
      new DataComplianceApi(context, extras).register(router);
      RoutingFormsApi routingForms = new RoutingFormsApi(context, extras);
      routingForms.register(router);
      new GroupsApi(context, extras).register(router);
      new ActivityLogApi(context, extras).register(router);
      ContactsApi contacts = new ContactsApi(context, extras);
      contacts.register(router);
      MeetingRecapsApi recaps = new MeetingRecapsApi(context, extras);
      recaps.register(router);
      new SampleWebhookApi(context, extras, routingForms, contacts, recaps).register(router);
      new AppActionsApi(context, extras, routingForms, recaps).register(router);

      RateLimiter rateLimiter = new RateLimiter(config.rateLimits(), config.clock());
      OAuthServer oauth =
          new OAuthServer(
              store, tokens, uris, config.clock(), new Ids(config.seed() ^ OAUTH_SALT), rateLimiter,
              config.autoApprove(), members.stream().map(m -> m.user().uuid()).toList(), apiBaseUrl);
      oauth.register(router);
      Faults faults = new Faults(config.seed(), config.faults());
      SandboxStats stats = new SandboxStats();
      new SandboxAdminApi(faults, stats, router).register(router);
      SandboxServices services =
          new SandboxServices(router, store, tokens, uris, views, config.clock(), ids, apiBaseUrl, apiBaseUrl);
      config.modules().forEach(module -> module.install(services));

      pipeline.set(
          new RequestPipeline(
              router, store, new Authenticator(tokens, store, config.clock()), rateLimiter, faults,
              stats, config.scheduler(), workers));
      List<SeededUser> users =
          members.stream()
              .map(m -> new SeededUser(
                  m.user().email(), m.user().name(), uris.user(m.user().uuid()),
                  uris.organization(m.organization().uuid()), m.organization().plan(), m.role(),
                  m.user().timezone(), m.token()))
              .toList();
      log.debug("Calendly sandbox listening on {} with {} seeded users", apiBaseUrl, users.size());
      return new Sandbox(
          server, workers, apiBaseUrl, users, tokens, rateLimiter, faults, stats,
          new SandboxInspector(store, uris), uris, oauth, deliverer);
    } catch (RuntimeException e) {
      if (deliverer != null) {
        deliverer.close();
      }
      server.disposeNow();
      workers.dispose();
      throw e;
    }
  }

  /** The API base URL, e.g. {@code http://127.0.0.1:54321} (no trailing slash). */
  public String apiBaseUrl() {
    return apiBaseUrl;
  }

  /** The OAuth base URL (auth.calendly.com's stand-in): the same server, paths {@code /oauth/*}. */
  public String authBaseUrl() {
    return apiBaseUrl;
  }

  /** The TCP port the sandbox listens on. */
  public int port() {
    return server.port();
  }

  /** The seeded users, by organization, owner first; each with a token carrying every scope. */
  public List<SeededUser> users() {
    return users;
  }

  /** The first seeded user with {@code plan} and {@code role}. */
  public SeededUser user(Plan plan, Role role) {
    return users.stream()
        .filter(u -> u.plan() == plan && u.role() == role)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "no seeded user with plan " + plan.wireName() + " and role " + role.wireName()));
  }

  /** Issues a token for a user that never expires, with just {@code scopes}. */
  public String issueToken(String userUri, Collection<String> scopes) {
    return issueToken(userUri, scopes, null);
  }

  /**
   * Issues a token for a user with just {@code scopes}, valid for {@code lifetime} from the
   * sandbox clock's now (null: never expires; zero or negative: already expired).
   */
  public String issueToken(String userUri, Collection<String> scopes, Duration lifetime) {
    for (String scope : scopes) {
      if (!Scopes.isKnown(scope)) {
        throw new IllegalArgumentException("unknown scope: " + scope);
      }
    }
    String uuid = userUuid(userUri);
    if (inspector.user(userUri).isEmpty()) {
      throw new IllegalArgumentException("no such user: " + userUri);
    }
    AccessToken token = tokens.issue("sbx_tok_", uuid, scopes, lifetime);
    return token.value();
  }

  /** Revokes a token; later requests with it get 401. */
  public void revokeToken(String token) {
    if (!tokens.revoke(token)) {
      throw new IllegalArgumentException("the sandbox never issued that token");
    }
  }

  /** The OAuth app registered at start: every scope, any loopback {@code http} redirect URI. */
  public OAuthApp oauthApp() {
    return oauth.seededApp();
  }

  /**
   * Registers another OAuth app, as a developer would in Calendly: it may redirect only to
   * {@code redirectUris} (exact match) and ask for at most {@code scopes}.
   */
  public OAuthApp registerOAuthApp(List<String> redirectUris, Collection<String> scopes) {
    return oauth.register(redirectUris, scopes);
  }

  /**
   * Every webhook delivery attempt from now on, and the last thousand before: wait on it instead
   * of sleeping, e.g. {@code webhookDeliveries().filter(a -> a.outcome() == DELIVERED).next()}.
   */
  public Flux<DeliveryAttempt> webhookDeliveries() {
    return deliverer.attempts();
  }

  /** Gives a user their own requests-per-minute limit. */
  public void setUserRateLimit(String userUri, int requestsPerMinute) {
    rateLimiter.setUserLimit(userUuid(userUri), requestsPerMinute);
  }

  /** Returns a user to their plan's limit. */
  public void clearUserRateLimit(String userUri) {
    rateLimiter.clearUserLimit(userUuid(userUri));
  }

  /** Sets the requests-per-minute limit of every user on {@code plan}. */
  public void setPlanRateLimit(Plan plan, int requestsPerMinute) {
    rateLimiter.setPlanLimit(plan, requestsPerMinute);
  }

  /** Switches all rate limits (and the rate-limit headers) on or off. */
  public void setRateLimitsEnabled(boolean enabled) {
    rateLimiter.setEnabled(enabled);
  }

  /**
   * Whether the API's 429s also carry {@code Retry-After}. Off by default, as at Calendly, whose
   * 429 says when to retry only in {@code X-RateLimit-Reset}.
   */
  public void setRetryAfterOn429(boolean sent) {
    rateLimiter.setRetryAfter(sent);
  }

  /** Forgets every rate-limit window. */
  public void resetRateLimits() {
    rateLimiter.reset();
  }

  /** The faults in force; change them while the sandbox runs. */
  public Faults faults() {
    return faults;
  }

  /** Request counters per endpoint. */
  public SandboxStats stats() {
    return stats;
  }

  /** Read access to the model, for assertions. */
  public SandboxInspector model() {
    return inspector;
  }

  /** Stops webhook deliveries, the server and its workers; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    deliverer.close();
    server.disposeNow(Duration.ofSeconds(5));
    workers.dispose();
    log.debug("Calendly sandbox on {} stopped", apiBaseUrl);
  }

  private String userUuid(String userUri) {
    return uris.uuidOf(userUri, "users")
        .orElseThrow(() -> new IllegalArgumentException("not a user URI: " + userUri));
  }
}
