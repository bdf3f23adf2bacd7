package dev.calendlymcp.calendly;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JavaType;

/**
 * The REST plumbing every endpoint group shares: adds the bearer token, unwraps Calendly's
 * {@code {"resource": …}} and {@code {"collection": …, "pagination": …}} envelopes, and turns
 * error statuses into {@link CalendlyException}s. Endpoint groups only say which call, which
 * parameters and which record.
 */
final class RestCalls {

  private final CalendlyHttp http;
  private final TokenSource tokens;

  RestCalls(CalendlyHttp http, TokenSource tokens) {
    this.http = Objects.requireNonNull(http, "http");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
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
      java.util.function.Supplier<OutboundRequest.Query> query,
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
    return send(endpoint, pathParams, new OutboundRequest.Query(), body).then();
  }

  private <T> Mono<T> exchange(
      Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, Object body, JavaType type) {
    return send(endpoint, pathParams, query, body)
        .map(response -> CalendlyJson.<T>read(endpoint, response.status(), response.body(), type));
  }

  private Mono<CalendlyHttp.RawResponse> send(
      Endpoint endpoint, List<String> pathParams, OutboundRequest.Query query, Object body) {
    String pathAndQuery = OutboundRequest.pathAndQuery(endpoint, pathParams, query.entries());
    byte[] bytes = body == null ? null : CalendlyJson.write(body);
    return tokens
        .token()
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("no Calendly access token is configured")))
        .flatMap(
            token ->
                http.send(
                    new OutboundRequest(
                        endpoint,
                        pathAndQuery,
                        Map.of("Authorization", "Bearer " + token.reveal()),
                        bytes,
                        "application/json",
                        token.fingerprint())))
        .flatMap(
            response ->
                response.isSuccess()
                    ? Mono.just(response)
                    : Mono.error(CalendlyJson.error(endpoint, response)));
  }

  private static <T> T requireResource(Endpoint endpoint, ResourceEnvelope<T> envelope) {
    if (envelope.resource() == null) {
      throw new CalendlyException.MalformedResponse(endpoint, 200, "no \"resource\" in the body", null);
    }
    return envelope.resource();
  }

  record ResourceEnvelope<T>(T resource) {}
}
