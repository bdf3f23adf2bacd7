package dev.calendlymcp.calendly;

import dev.calendlymcp.cache.CoalescingCache;
import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.CallKind;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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

  private static final JavaType USER_ENVELOPE =
      CalendlyJson.type(ResourceEnvelope.class, CalendlyJson.type(User.class));

  private final CalendlyHttp http;
  private final TokenSource tokens;
  private final ClientOptions options;
  private final Retrying retrying;

  RestCalls(CalendlyHttp http, TokenSource tokens, ClientOptions options) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.options = Objects.requireNonNull(options, "options");
    this.retrying = new Retrying(options.retry(), options.scheduler());
  }

  /** {@code {"resource": T}} from a call without a body. */
  <T> Mono<T> resource(Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, Class<T> type) {
    JavaType envelope = CalendlyJson.type(ResourceEnvelope.class, CalendlyJson.type(type));
    return this.<ResourceEnvelope<T>>exchange(endpoint, pathParams, query, null, envelope)
        .map(e -> requireResource(endpoint, e));
  }

  /** {@code {"resource": T}} from a call with a JSON body. */
  <T> Mono<T> resource(Endpoint endpoint, List<String> pathParams, Object body, Class<T> type) {
    JavaType envelope = CalendlyJson.type(ResourceEnvelope.class, CalendlyJson.type(type));
    return this.<ResourceEnvelope<T>>exchange(endpoint, pathParams, new OutboundRequest.Query(), body, envelope)
        .map(e -> requireResource(endpoint, e));
  }

  /** One page of {@code {"collection": [T], "pagination": …}}. */
  <T> Mono<Page<T>> page(
      Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, PageRequest page, Class<T> type) {
    if (page != null) {
      page.addTo(query);
    }
    JavaType pageType = CalendlyJson.type(Page.class, CalendlyJson.type(type));
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
      java.util.function.Function<CalendlyHttp.RawResponse, T> decode) {
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
    Mono<CalendlyHttp.RawResponse> direct =
        http.send(
            new OutboundRequest(
                endpoint,
                pathAndQuery,
                Map.of("Authorization", "Bearer " + token.reveal()),
                body,
                "application/json",
                token.fingerprint()));
    Mono<CalendlyHttp.RawResponse> send;
    if (options.limiter() == null) {
      send = direct;
    } else if (endpoint == Endpoint.GET_CURRENT_USER) {
      // The call that names the owner needs no lookup of its own: it runs on whatever budget is
      // known and then teaches the owner's budget what its response says.
      BudgetKey budget = options.budgetKeys().knownKeyFor(token.fingerprint());
      send =
          metered(budget, CallKind.READ, direct, deadline)
              .doOnNext(response -> learnOwner(token, budget, response));
    } else {
      CallKind kind = kindOf(endpoint);
      send =
          options
              .budgetKeys()
              .keyFor(token.fingerprint(), own -> lookUpOwner(token, own, deadline))
              .flatMap(budget -> metered(budget, kind, direct, deadline));
    }
    return send.flatMap(
        response ->
            response.isSuccess() ? Mono.just(response) : Mono.error(CalendlyJson.error(endpoint, response)));
  }

  private Mono<CalendlyHttp.RawResponse> metered(
      BudgetKey budget, CallKind kind, Mono<CalendlyHttp.RawResponse> request, Instant deadline) {
    return options
        .limiter()
        .acquire(budget, kind, deadline)
        .then(request)
        .doOnNext(response -> observe(budget, kind, response));
  }

  /**
   * {@code GET /users/me} on the token's own budget before the token's first other call, so that
   * every token of a user shares the user's budget from the start.
   */
  private Mono<URI> lookUpOwner(AccessToken token, BudgetKey own, Instant deadline) {
    Endpoint me = Endpoint.GET_CURRENT_USER;
    Mono<CalendlyHttp.RawResponse> request =
        http.send(
            new OutboundRequest(
                me, me.pathTemplate(), Map.of("Authorization", "Bearer " + token.reveal()), null,
                "application/json", token.fingerprint()));
    return metered(own, CallKind.READ, request, deadline)
        .flatMap(response -> Mono.justOrEmpty(learnOwner(token, own, response)));
  }

  /** Reads the owner from a {@code /users/me} answer and lets the owner's budget learn from it. */
  private Optional<URI> learnOwner(AccessToken token, BudgetKey metered, CalendlyHttp.RawResponse response) {
    if (!response.isSuccess()) {
      return Optional.empty();
    }
    ResourceEnvelope<User> envelope =
        CalendlyJson.read(Endpoint.GET_CURRENT_USER, response.status(), response.body(), USER_ENVELOPE);
    Optional<URI> owner = Optional.ofNullable(envelope.resource()).map(User::uri);
    owner.ifPresent(
        uri -> {
          options.budgetKeys().learnOwner(token.fingerprint(), uri);
          BudgetKey user = BudgetKey.ofUser(uri.toString());
          if (!user.equals(metered)) {
            observe(user, CallKind.READ, response);
          }
        });
    return owner;
  }

  private void observe(BudgetKey budget, CallKind kind, CalendlyHttp.RawResponse response) {
    RateLimitHeaders headers = RateLimitHeaders.parse(response.headers()::get);
    options
        .limiter()
        .observe(budget, kind, response.status(), headers.limit(), headers.remaining(), headers.reset(), headers.retryAfter());
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
}
