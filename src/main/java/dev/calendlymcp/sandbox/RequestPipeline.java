package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.auth.Authenticator;
import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.faults.FaultDecision;
import dev.calendlymcp.sandbox.faults.Faults;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.QueryParams;
import dev.calendlymcp.sandbox.http.Route;
import dev.calendlymcp.sandbox.http.RouteMatch;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.ratelimit.RateDecision;
import dev.calendlymcp.sandbox.ratelimit.RateLimiter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What happens to every request, in order: route, count, faults (latency on the configured
 * scheduler, then drop or error), bearer authentication, forced 429 burst, per-user rate limit,
 * scope, booking budget, the handler under the store lock, webhook publishing, rate-limit
 * headers, and a malformed-body fault last. Handlers run on a worker scheduler, never on the
 * event loop, because they take the store lock.
 */
final class RequestPipeline {

  private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);
  private static final String BOOKING = "POST /invitees";

  private final Router router;
  private final SandboxStore store;
  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final Faults faults;
  private final SandboxStats stats;
  private final Scheduler latencyScheduler;
  private final Scheduler workers;

  RequestPipeline(
      Router router,
      SandboxStore store,
      Authenticator authenticator,
      RateLimiter rateLimiter,
      Faults faults,
      SandboxStats stats,
      Scheduler latencyScheduler,
      Scheduler workers) {
    this.router = router;
    this.store = store;
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.faults = faults;
    this.stats = stats;
    this.latencyScheduler = latencyScheduler;
    this.workers = workers;
  }

  /** The outcome of a request: an answer, or a dropped connection. */
  private record Outcome(ApiResponse response) {
    static final Outcome DROP = new Outcome(null);
  }

  /** The received request, before routing. */
  private record Incoming(String method, String path, QueryParams query, Map<String, String> headers, byte[] body) {}

  Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    return request.receive().aggregate().asByteArray()
        .defaultIfEmpty(new byte[0])
        .map(body -> incoming(request, body))
        .flatMap(this::process)
        .onErrorResume(
            error -> {
              log.error("sandbox request failed: {} {}", request.method(), request.path(), error);
              return Mono.just(new Outcome(ApiException.internalError().toResponse()));
            })
        .flatMap(outcome -> outcome == Outcome.DROP ? drop(response) : write(response, outcome.response()));
  }

  private static Incoming incoming(HttpServerRequest request, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    request.requestHeaders().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    String uri = request.uri();
    return new Incoming(
        request.method().name(), new QueryStringDecoder(uri).rawPath(), QueryParams.parse(uri), headers, body);
  }

  private Mono<Outcome> process(Incoming incoming) {
    Optional<RouteMatch> found = router.match(incoming.method(), incoming.path());
    if (found.isEmpty()) {
      return Mono.just(new Outcome(ApiException.notFound().toResponse()));
    }
    RouteMatch match = found.get();
    Route route = match.route();
    if (route.kind() == Route.Kind.ADMIN) {
      return Mono.fromCallable(() -> new Outcome(execute(match, incoming, false))).subscribeOn(workers);
    }
    stats.record(route.key());
    FaultDecision decision = faults.decide(route.key());
    Mono<Outcome> work =
        Mono.defer(
            () ->
                switch (decision.action()) {
                  case DROP -> Mono.just(Outcome.DROP);
                  case ERROR -> Mono.just(new Outcome(ApiException.injected(decision.errorStatus()).toResponse()));
                  case PROCEED, MALFORMED -> Mono.fromCallable(
                          () -> new Outcome(execute(match, incoming, decision.action() == FaultDecision.Action.MALFORMED)))
                      .subscribeOn(workers);
                });
    if (decision.delay().isZero()) {
      return work;
    }
    return Mono.delay(decision.delay(), latencyScheduler).then(work);
  }

  private ApiResponse execute(RouteMatch match, Incoming incoming, boolean malformed) {
    Route route = match.route();
    RateDecision rate = null;
    ApiResponse response;
    try {
      Caller caller = null;
      if (route.kind() == Route.Kind.API) {
        caller = authenticator.authenticate(incoming.headers().get("authorization"));
        Optional<Duration> burst = faults.takeBurst();
        rate = rateLimiter.charge(caller.userUuid(), caller.plan()).orElse(null);
        if (burst.isPresent()) {
          throw forcedTooManyRequests(rate, burst.get());
        }
        if (rate != null && !rate.allowed()) {
          throw ApiException.tooManyRequests(
              "Rate limit of " + rate.limit() + " requests per minute exceeded; the limit resets in "
                  + rate.resetSeconds() + " seconds.",
              rate.refusalHeaders(rateLimiter.settings().retryAfter()));
        }
        if (!Scopes.grantsAny(caller.token().scopes(), route.scopes())) {
          throw ApiException.forbidden(
              "The access token does not grant the " + route.scopeNames() + " scope this endpoint needs.");
        }
        if (route.key().equals(BOOKING)) {
          Optional<RateDecision> refused = rateLimiter.chargeBooking(caller.userUuid(), caller.plan());
          if (refused.isPresent()) {
            // The booking window's own figures, not the general window's: a client that learns
            // from this 429 must wait for the window that is actually full.
            RateDecision booking = refused.get();
            throw ApiException.tooManyRequests(
                "The booking rate limit of POST /invitees (" + booking.limit()
                    + " per window) is exceeded; it resets in " + booking.resetSeconds() + " seconds.",
                booking.refusalHeaders(rateLimiter.settings().retryAfter()));
          }
        }
      }
      ApiRequest request =
          new ApiRequest(
              incoming.method(), incoming.path(), incoming.query(), incoming.headers(), incoming.body(),
              match.variables(), caller);
      response =
          switch (route.lock()) {
            case READ -> store.read(() -> route.handler().handle(request));
            case WRITE -> store.write(() -> route.handler().handle(request));
            case NONE -> route.handler().handle(request);
          };
      for (Runnable action : request.committedActions()) {
        try {
          action.run();
        } catch (RuntimeException e) {
          log.warn("a webhook publisher failed; the request itself succeeded", e);
        }
      }
    } catch (ApiException e) {
      response = e.toResponse();
    }
    if (rate != null) {
      Map<String, String> headers = new LinkedHashMap<>(rate.headers());
      headers.putAll(response.headers());
      response = response.withHeaders(headers);
    }
    if (malformed) {
      byte[] body = response.body();
      byte[] truncated = Arrays.copyOf(body, Math.max(1, body.length / 2));
      response = response.withBody(200, truncated)
          .withHeaders(Map.of("Content-Type", "application/json; charset=utf-8"));
    }
    return response;
  }

  /**
   * A forced 429 looks like one of Calendly's: the wait is in {@code X-RateLimit-Reset}, and in
   * {@code Retry-After} only when the settings send it.
   */
  private ApiException forcedTooManyRequests(RateDecision rate, Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    Map<String, String> headers = new LinkedHashMap<>();
    if (rate != null) {
      headers.put("X-RateLimit-Limit", Integer.toString(rate.limit()));
    }
    headers.put("X-RateLimit-Remaining", "0");
    headers.put("X-RateLimit-Reset", Long.toString(seconds));
    if (rateLimiter.settings().retryAfter()) {
      headers.put("Retry-After", Long.toString(seconds));
    }
    return ApiException.tooManyRequests(
        "Rate limit exceeded; the limit resets in " + seconds + " seconds.", headers);
  }

  private static Mono<Void> write(HttpServerResponse response, ApiResponse answer) {
    response.status(answer.status());
    answer.headers().forEach(response::header);
    if (answer.body().length == 0) {
      return response.send();
    }
    response.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(answer.body().length));
    return response.sendByteArray(Mono.just(answer.body())).then();
  }

  private static Mono<Void> drop(HttpServerResponse response) {
    // Closing the channel before anything is written: the client sees the connection end
    // without a status line, as when a proxy or server crashes mid-request.
    return Mono.defer(
        () -> {
          response.withConnection(connection -> connection.channel().close());
          return Mono.<Void>never();
        });
  }
}
