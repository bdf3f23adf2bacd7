package dev.calendlymcp.calendly;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.cache.CoalescingCache;
import dev.calendlymcp.calendly.model.Organization;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.ratelimit.BookingTier;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.ratelimit.CallKind;
import dev.calendlymcp.ratelimit.RateLimiter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;

/**
 * The REST plumbing every endpoint group shares. One call goes: deadline from the Reactor context
 * → cache (reads: a fresh answer or a load already in flight is reused) → retries (only what is
 * safe to resend) → rate budget of the token's user (waits in a fair queue, or fails at once when
 * the wait would pass the deadline) → HTTP with the bearer token → what the response said about
 * the budget → envelope unwrapped or error mapped. Endpoint groups only say which call, which
 * parameters and which record.
 */
final class RestCalls {

  private static final Logger log = LoggerFactory.getLogger(RestCalls.class);

  private static final JavaType USER_ENVELOPE = CalendlyJson.type(ResourceEnvelope.class, User.class);

  private final CalendlyHttp http;
  private final TokenSource tokens;
  private final ClientOptions options;
  private final Retrying retrying;

  /**
   * Plan lookups before a booking, by budget: bookings that arrive together share one, and one that
   * Calendly refused (a token without {@code organizations:read}, say) is not repeated before every
   * booking for an hour. A lookup that taught the limiter the plan is dropped, so that a budget the limiter
   * has since forgotten (idle expiry) learns it again.
   */
  private final Cache<BudgetKey, Mono<Void>> planLookups =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

  RestCalls(CalendlyHttp http, TokenSource tokens, ClientOptions options) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.options = Objects.requireNonNull(options, "options");
    this.retrying = new Retrying(options.retry(), options.scheduler());
  }

  /** {@code {"resource": T}} from a call without a body. */
  <T> Mono<T> resource(Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, Class<T> type) {
    JavaType envelope = CalendlyJson.type(ResourceEnvelope.class, type);
    return this.<ResourceEnvelope<T>>exchange(endpoint, pathParams, query, null, envelope)
        .map(e -> requireResource(endpoint, e));
  }

  /** {@code {"resource": T}} from a call with a JSON body. */
  <T> Mono<T> resource(Endpoint endpoint, List<String> pathParams, Object body, Class<T> type) {
    JavaType envelope = CalendlyJson.type(ResourceEnvelope.class, type);
    return this.<ResourceEnvelope<T>>exchange(endpoint, pathParams, new OutboundRequest.Query(), body, envelope)
        .map(e -> requireResource(endpoint, e));
  }

  /** One page of {@code {"collection": [T], "pagination": …}}. */
  <T> Mono<Page<T>> page(
      Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, PageRequest page, Class<T> type) {
    if (page != null) {
      page.addTo(query);
    }
    JavaType pageType = CalendlyJson.type(Page.class, type);
    return exchange(endpoint, pathParams, query, null, pageType);
  }

  /** Every item of a paginated collection, fetched page by page as the subscriber asks. */
  <T> Flux<T> all(
      Endpoint endpoint,
      List<String> pathParams,
      Supplier<OutboundRequest.Query> query,
      int pageSize,
      Class<T> type) {
    return Flux.defer(
        () ->
            Paginator.items(
                PageRequest.first(pageSize),
                request -> page(endpoint, pathParams, query.get(), request, type)));
  }

  /**
   * The items of a call with a query and a JSON body whose answer is {@code {"collection": [T]}} or,
   * as some of Calendly's newer writes answer, {@code {"resource": T}}.
   */
  <T> Mono<List<T>> items(Endpoint endpoint, OutboundRequest.Query query, Object body, Class<T> type) {
    JavaType envelope = CalendlyJson.type(ItemsEnvelope.class, type);
    return this.<ItemsEnvelope<T>>exchange(endpoint, List.of(), query, body, envelope)
        .map(
            e -> {
              if (e.collection() != null) {
                return List.copyOf(e.collection());
              }
              if (e.resource() != null) {
                return List.of(e.resource());
              }
              throw new CalendlyException.MalformedResponse(
                  endpoint, 200, "neither \"collection\" nor \"resource\" in the body", null);
            });
  }

  /** A body that is not in Calendly's usual envelope, read whole. */
  <T> Mono<T> plain(Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, Class<T> type) {
    return exchange(endpoint, pathParams, query, null, CalendlyJson.type(type));
  }

  /** A body that is not in Calendly's usual envelope, read whole, from a call with a JSON body. */
  <T> Mono<T> plainWithBody(Endpoint endpoint, List<String> pathParams, Object body, Class<T> type) {
    return exchange(endpoint, pathParams, new OutboundRequest.Query(), body, CalendlyJson.type(type));
  }

  /** A call whose success has no body worth reading (204, or 202 {@code {}}). */
  Mono<Void> noContent(Endpoint endpoint, List<String> pathParams, Object body) {
    return this.<Object>call(endpoint, pathParams, new OutboundRequest.Query(), body, response -> response).then();
  }

  private <T> Mono<T> exchange(
      Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, Object body, JavaType type) {
    return call(
        endpoint,
        pathParams,
        query,
        body,
        response -> CalendlyJson.<T>read(endpoint, response.status(), response.body(), type));
  }

  private <T> Mono<T> call(
      Endpoint endpoint,
      List<String> pathParams,
      OutboundRequest.Query query,
      Object body,
      Function<CalendlyHttp.RawResponse, T> decode) {
    return Mono.deferContextual(
        context -> {
          String pathAndQuery = OutboundRequest.pathAndQuery(endpoint, pathParams, query.entries());
          byte[] bytes = body == null ? null : CalendlyJson.write(body);
          Instant deadline = Deadline.orDefault(context, now(), options.retry().defaultTimeout());
          return tokens
              .token()
              .switchIfEmpty(Mono.error(() -> new IllegalStateException("no Calendly access token is configured")))
              .flatMap(
                  token -> {
                    Mono<T> sent =
                        retrying.apply(
                            attempt(endpoint, pathAndQuery, bytes, token, deadline).map(decode),
                            endpoint,
                            deadline);
                    if (endpoint.isWrite()) {
                      return sent.doOnSuccess(ignored -> forgetStaleReads(endpoint));
                    }
                    return cached(endpoint, pathAndQuery, token, sent.contextWrite(context), CacheMode.isBypass(context));
                  });
        });
  }

  private Mono<CalendlyHttp.RawResponse> attempt(
      Endpoint endpoint, String pathAndQuery, byte[] body, AccessToken token, Instant deadline) {
    Mono<CalendlyHttp.RawResponse> direct = sendWithBearer(endpoint, pathAndQuery, body, token);
    Mono<CalendlyHttp.RawResponse> send;
    if (options.limiter() == null) {
      send = direct;
    } else if (endpoint == Endpoint.GET_CURRENT_USER) {
      // The call that names the owner needs no lookup of its own: it runs on whatever budget is
      // known and then teaches the owner's budget what its response says.
      BudgetKey budget = options.budgetKeys().knownKeyFor(token.fingerprint());
      send =
          metered(budget, CallKind.READ, direct, deadline)
              .flatMap(
                  response ->
                      Mono.justOrEmpty(ownerOf(response))
                          .filter(owner -> !BudgetKey.ofUser(owner.toString()).equals(budget))
                          .flatMap(owner -> chargeToOwner(owner, response, deadline))
                          .doOnNext(owner -> options.budgetKeys().learnOwner(token.fingerprint(), owner))
                          .thenReturn(response));
    } else {
      CallKind kind = kindOf(endpoint);
      send =
          options
              .budgetKeys()
              .keyFor(token.fingerprint(), own -> lookUpOwner(token, own, deadline))
              .flatMap(
                  budget ->
                      (kind == CallKind.BOOKING ? planKnown(budget) : Mono.<Void>empty())
                          .then(metered(budget, kind, direct, deadline)));
    }
    return send.flatMap(
        response ->
            response.isSuccess() ? Mono.just(response) : Mono.error(CalendlyJson.error(endpoint, response)));
  }

  private Mono<CalendlyHttp.RawResponse> sendWithBearer(
      Endpoint endpoint, String pathAndQuery, byte[] body, AccessToken token) {
    return Mono.deferContextual(context -> {
      UpstreamCalls.sending(context);
      return http.send(
          new OutboundRequest(
              endpoint,
              pathAndQuery,
              Map.of("Authorization", "Bearer " + token.reveal()),
              body,
              "application/json",
              token.fingerprint()));
    });
  }

  private Mono<CalendlyHttp.RawResponse> metered(
      BudgetKey budget, CallKind kind, Mono<CalendlyHttp.RawResponse> request, Instant deadline) {
    return Mono.deferContextual(
            context -> {
              RateLimitWaits.from(context).ifPresent(listener -> announceWait(budget, listener));
              return options.limiter().acquire(budget, kind, deadline);
            })
        .then(request)
        .doOnNext(response -> observe(budget, kind, response));
  }

  /**
   * Tells a waiting caller roughly how long it will wait: until the running window ends (or
   * Calendly's pause), plus a window for every full window's worth of calls queued ahead of it.
   */
  private void announceWait(BudgetKey budget, Consumer<Duration> listener) {
    BudgetSnapshot budgetNow = options.limiter().snapshot(budget);
    if (budgetNow.remaining() > budgetNow.queued()) {
      return;
    }
    Instant free =
        budgetNow.pausedUntil()
            .filter(pause -> budgetNow.resetsAt().map(pause::isAfter).orElse(true))
            .or(budgetNow::resetsAt)
            .orElse(budgetNow.takenAt());
    long windowsAhead = budgetNow.limit() == 0 ? 0 : (budgetNow.queued() - budgetNow.remaining()) / budgetNow.limit();
    Duration wait = Duration.between(budgetNow.takenAt(), free).plus(Duration.ofMinutes(windowsAhead));
    if (wait.compareTo(RateLimitWaits.WORTH_TELLING) > 0) {
      listener.accept(wait);
    }
  }

  /**
   * {@code GET /users/me} on the token's own budget before the token's first other call, so that
   * every token of a user shares the user's budget from the start.
   */
  private Mono<URI> lookUpOwner(AccessToken token, BudgetKey own, Instant deadline) {
    Endpoint me = Endpoint.GET_CURRENT_USER;
    Mono<CalendlyHttp.RawResponse> request = sendWithBearer(me, me.pathTemplate(), null, token);
    return metered(own, CallKind.READ, request, deadline)
        .flatMap(
            response ->
                Mono.justOrEmpty(ownerOf(response)).flatMap(owner -> chargeToOwner(owner, response, deadline)));
  }

  /** The user a successful {@code /users/me} answer names. */
  private static Optional<URI> ownerOf(CalendlyHttp.RawResponse response) {
    if (!response.isSuccess()) {
      return Optional.empty();
    }
    ResourceEnvelope<User> envelope =
        CalendlyJson.read(Endpoint.GET_CURRENT_USER, response.status(), response.body(), USER_ENVELOPE);
    return Optional.ofNullable(envelope.resource()).map(User::uri);
  }

  /**
   * A {@code /users/me} that ran before its owner was known was still one call on the owner's
   * budget at Calendly: count it there too (waiting for a slot like any call would) and let the
   * owner's budget learn what its answer said.
   */
  private Mono<URI> chargeToOwner(URI owner, CalendlyHttp.RawResponse response, Instant deadline) {
    BudgetKey user = BudgetKey.ofUser(owner.toString());
    return options
        .limiter()
        .acquire(user, CallKind.READ, deadline)
        .doOnNext(permit -> observe(user, CallKind.READ, response))
        .thenReturn(owner)
        .onErrorReturn(owner);
  }

  private void observe(BudgetKey budget, CallKind kind, CalendlyHttp.RawResponse response) {
    RateLimitHeaders headers = RateLimitHeaders.parse(response.headers()::get);
    options
        .limiter()
        .observe(budget, kind, response.status(), headers.limit(), headers.remaining(), headers.reset(), headers.retryAfter());
  }

  /**
   * Tells the rate limiter the plan and stage of the token's organization, as {@code GET
   * /organizations/{uuid}} reports them, so that bookings get the windows Calendly applies to that
   * plan (see {@link BookingTier#ofPlan}); Calendly's reported limit (500 on every paid plan) cannot
   * tell Enterprise apart. Follows a call that has named the token's owner, so the plan lands on
   * the owner's budget. A plan it does not know changes nothing.
   */
  Mono<Void> learnPlan(String plan, String stage) {
    RateLimiter limiter = options.limiter();
    Optional<BookingTier> tier = BookingTier.ofPlan(plan, stage);
    if (limiter == null || tier.isEmpty()) {
      return Mono.empty();
    }
    return tokens
        .token()
        .doOnNext(token -> limiter.setBookingTier(options.budgetKeys().knownKeyFor(token.fingerprint()), tier.get()))
        .then();
  }

  /**
   * Before a budget's first booking, the plan of its user's organization: Calendly's booking windows
   * differ by plan (10 a minute on Standard and Teams, 500 on Enterprise) while the limit it
   * reports, 500 on every paid plan, cannot tell them apart, so without the plan an Enterprise
   * user's eleventh booking of a minute waited for the next minute. Costs a {@code GET /users/me}
   * (often cached) and a {@code GET /organizations/{uuid}} once per user; a lookup that fails leaves
   * the default windows and never fails the booking.
   */
  private Mono<Void> planKnown(BudgetKey budget) {
    if (options.limiter().snapshot(budget).bookingTierSet()) {
      return Mono.empty();
    }
    return planLookups.get(budget, key -> lookUpPlan(key).cache());
  }

  private Mono<Void> lookUpPlan(BudgetKey budget) {
    RateLimiter limiter = options.limiter();
    return resource(Endpoint.GET_CURRENT_USER, List.of(), new OutboundRequest.Query(), User.class)
        .flatMap(me -> Mono.justOrEmpty(me.currentOrganization()))
        .flatMap(
            organization ->
                resource(
                    Endpoint.GET_ORGANIZATION,
                    List.of(CalendlyIds.uuid(organization.toString(), "organization")),
                    new OutboundRequest.Query(),
                    Organization.class))
        .doOnNext(
            organization ->
                BookingTier.ofPlan(organization.plan(), organization.stage())
                    .ifPresent(tier -> limiter.setBookingTier(budget, tier)))
        .then()
        .doOnSuccess(
            done -> {
              if (limiter.snapshot(budget).bookingTierSet()) {
                planLookups.invalidate(budget);
              }
            })
        .onErrorResume(
            error -> {
              // Only an answer that will not change (no scope, no such organization) is kept for the
              // hour; after a timeout, a wait or a server error the next booking asks again.
              if (!(error instanceof CalendlyException.PermissionDenied
                  || error instanceof CalendlyException.NotFound)) {
                planLookups.invalidate(budget);
              }
              log.debug(
                  "could not read the organization's plan before a booking ({}); the default booking windows apply",
                  error.getClass().getSimpleName());
              return Mono.empty();
            });
  }

  private <T> Mono<T> cached(
      Endpoint endpoint, String pathAndQuery, AccessToken token, Mono<T> load, boolean bypass) {
    CoalescingCache cache = options.cache();
    if (cache == null) {
      return load;
    }
    CoalescingCache.Key key =
        new CoalescingCache.Key(token.fingerprint(), endpoint.name(), pathAndQuery, options.cachePolicy().ttl(endpoint));
    if (bypass) {
      cache.invalidate(key);
    }
    return cache.get(key, () -> load);
  }

  private void forgetStaleReads(Endpoint write) {
    Set<String> stale = options.cachePolicy().staleAfter(write);
    if (options.cache() != null && !stale.isEmpty()) {
      // Across every token: another session of the same host would otherwise offer a slot this
      // server just booked.
      options.cache().invalidateGroups(stale);
    }
  }

  static CallKind kindOf(Endpoint endpoint) {
    if (endpoint.isBooking()) {
      return CallKind.BOOKING;
    }
    if (endpoint == Endpoint.OAUTH_TOKEN) {
      return CallKind.OAUTH_TOKEN;
    }
    return endpoint.isWrite() ? CallKind.WRITE : CallKind.READ;
  }

  private Instant now() {
    return Instant.ofEpochMilli(options.scheduler().now(TimeUnit.MILLISECONDS));
  }

  private static <T> T requireResource(Endpoint endpoint, ResourceEnvelope<T> envelope) {
    if (envelope.resource() == null) {
      throw new CalendlyException.MalformedResponse(endpoint, 200, "no \"resource\" in the body", null);
    }
    return envelope.resource();
  }

  record ResourceEnvelope<T>(T resource) {}

  record ItemsEnvelope<T>(List<T> collection, T resource) {}
}
