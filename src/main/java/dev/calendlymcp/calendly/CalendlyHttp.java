package dev.calendlymcp.calendly;

import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one HTTP connection pool to Calendly, shared by every client, token and session. It moves
 * bytes and turns network failures into {@link CalendlyException}s; it knows nothing of JSON or
 * tokens beyond the headers it is handed. Create once, {@link #close()} on shutdown.
 */
public final class CalendlyHttp implements AutoCloseable {

  private final CalendlyConfig config;
  private final ConnectionProvider pool;
  private final HttpClient http;
  private final RateLimitListener listener;
  private final Duration overallTimeout;

  private CalendlyHttp(CalendlyConfig config, RateLimitListener listener) {
    this.config = config;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.pool =
        ConnectionProvider.builder("calendly")
            .maxConnections(config.maxConnections())
            .pendingAcquireTimeout(config.connectTimeout().plus(config.responseTimeout()))
            .maxIdleTime(Duration.ofSeconds(50))
            .evictInBackground(Duration.ofSeconds(30))
            .build();
    this.http =
        HttpClient.create(pool)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
            .responseTimeout(config.responseTimeout())
            .compress(true)
            .keepAlive(true)
            .protocol(
                config.http2()
                    ? new HttpProtocol[] {HttpProtocol.H2, HttpProtocol.HTTP11, HttpProtocol.H2C}
                    : new HttpProtocol[] {HttpProtocol.HTTP11})
            .headers(
                h ->
                    h.set(HttpHeaderNames.USER_AGENT, config.userAgent())
                        .set(HttpHeaderNames.ACCEPT, "application/json"));
    // The per-read timeout above catches a silent server; this one also bounds a server that
    // trickles bytes, plus the wait for a pooled connection.
    this.overallTimeout = config.connectTimeout().plus(config.responseTimeout());
  }

  public static CalendlyHttp create(CalendlyConfig config) {
    return new CalendlyHttp(config, RateLimitListener.NONE);
  }

  public static CalendlyHttp create(CalendlyConfig config, RateLimitListener listener) {
    return new CalendlyHttp(config, listener);
  }

  public CalendlyConfig config() {
    return config;
  }

  /** Sends one request and returns the response whatever its status; fails only on I/O. */
  public Mono<RawResponse> send(OutboundRequest request) {
    URI base = request.endpoint().host() == Endpoint.Host.API ? config.apiBaseUrl() : config.authBaseUrl();
    String url = base + request.pathAndQuery();
    HttpMethod method = HttpMethod.valueOf(request.endpoint().method().name());
    // Headers go on the request itself: HttpClient.headers(..) would copy the client's whole
    // configuration on every call and make the pool hash that copy again to find its connections.
    return http.request(method)
        .uri(url)
        .send(
            (outbound, body) -> {
              HttpHeaders headers = outbound.requestHeaders();
              request.headers().forEach(headers::set);
              if (request.body() == null) {
                return body.send(Mono.empty());
              }
              headers.set(HttpHeaderNames.CONTENT_TYPE, request.contentType());
              return body.send(ByteBufFlux.fromString(Mono.just(request.bodyAsString())));
            })
        .responseSingle(
            (response, content) ->
                content
                    .asByteArray()
                    .defaultIfEmpty(new byte[0])
                    .map(bytes -> new RawResponse(response.status().code(), response.responseHeaders(), bytes)))
        .timeout(overallTimeout)
        .doOnNext(response -> notifyListener(request, response))
        .onErrorMap(e -> !(e instanceof CalendlyException), e -> translate(request.endpoint(), e));
  }

  private void notifyListener(OutboundRequest request, RawResponse response) {
    listener.onResponse(
        new RateLimitListener.Observation(
            request.tokenFingerprint(),
            request.endpoint(),
            response.status(),
            RateLimitHeaders.parse(response.headers()::get)));
  }

  private CalendlyException translate(Endpoint endpoint, Throwable e) {
    if (e instanceof ReadTimeoutException || e instanceof TimeoutException) {
      return new CalendlyException.Timeout(
          endpoint, e instanceof TimeoutException ? overallTimeout : config.responseTimeout(), e);
    }
    if (e instanceof ConnectTimeoutException || e instanceof ConnectException) {
      return new CalendlyException.ConnectionFailed(endpoint, false, "connection refused or timed out", e);
    }
    if (e instanceof SSLException) {
      return new CalendlyException.ConnectionFailed(endpoint, false, "TLS handshake failed", e);
    }
    if (e instanceof PrematureCloseException || e instanceof ClosedChannelException) {
      return new CalendlyException.ConnectionFailed(endpoint, true, "connection closed prematurely", e);
    }
    if (e instanceof IOException) {
      return new CalendlyException.ConnectionFailed(endpoint, true, "I/O error: " + e.getClass().getSimpleName(), e);
    }
    if (e.getClass().getName().endsWith("PoolAcquireTimeoutException")) {
      return new CalendlyException.ConnectionFailed(endpoint, false, "no free connection in the pool", e);
    }
    if (e instanceof RuntimeException runtime) {
      return translateUnknown(endpoint, runtime);
    }
    return new CalendlyException.ConnectionFailed(endpoint, true, e.getClass().getSimpleName(), e);
  }

  private static CalendlyException translateUnknown(Endpoint endpoint, RuntimeException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IOException) {
      return new CalendlyException.ConnectionFailed(endpoint, true, "I/O error: " + cause.getClass().getSimpleName(), e);
    }
    return new CalendlyException.ConnectionFailed(endpoint, true, e.getClass().getSimpleName(), e);
  }

  @Override
  public void close() {
    pool.disposeLater().block(Duration.ofSeconds(5));
  }

  /** A response of any status, fully read. */
  public record RawResponse(int status, HttpHeaders headers, byte[] body) {
    public boolean isSuccess() {
      return status >= 200 && status < 300;
    }
  }
}
