package dev.calendlymcp.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** The HTTP chores of the OAuth endpoints: bounded bodies, forms, cookies, and the answers' headers. */
final class Web {

  /** Forms and registration documents are small; anything bigger is not a client of ours. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** No page of ours may be framed, scripted or cached. */
  static final String PAGE_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private Web() {}

  /** The body as text, or an error when it is larger than {@link #MAX_BODY_BYTES}. */
  static Mono<String> body(HttpServerRequest request) {
    String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null && parseLong(length) > MAX_BODY_BYTES) {
      return Mono.error(new TooLarge());
    }
    return request.receive().asByteArray()
        .reduceWith(ByteArrayOutputStream::new, (collected, chunk) -> {
          if (collected.size() + chunk.length > MAX_BODY_BYTES) {
            throw new TooLarge();
          }
          collected.writeBytes(chunk);
          return collected;
        })
        .map(collected -> collected.toString(StandardCharsets.UTF_8));
  }

  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request body too large", null, false, false);
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** A form's fields, first value of each (a repeated field is refused by the endpoints that care). */
  static Map<String, List<String>> form(String body) {
    return new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters();
  }

  static Optional<String> first(Map<String, List<String>> fields, String name) {
    List<String> values = fields.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  static Optional<String> cookie(HttpServerRequest request, String name) {
    for (String header : request.requestHeaders().getAll(HttpHeaderNames.COOKIE)) {
      for (Cookie cookie : ServerCookieDecoder.STRICT.decodeAll(header)) {
        if (cookie.name().equals(name)) {
          return Optional.of(cookie.value());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A {@code __Host-} cookie: Secure, path /, no Domain, so only this origin ever gets it back.
   * Browsers accept Secure cookies over https and on localhost; behind anything else over plain
   * http they drop them, and consent is asked every time.
   */
  static String hostCookie(String name, String value, Duration maxAge) {
    return name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" + maxAge.toSeconds();
  }

  static InetAddress clientAddress(HttpServerRequest request) {
    InetSocketAddress remote = request.remoteAddress();
    return remote == null ? InetAddress.getLoopbackAddress() : remote.getAddress();
  }

  static Mono<Void> json(HttpServerResponse response, int status, String json) {
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .header(HttpHeaderNames.PRAGMA, "no-cache")
        .sendString(Mono.just(json))
        .then();
  }

  static Mono<Void> html(HttpServerResponse response, int status, String html) {
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .header("Content-Security-Policy", PAGE_POLICY)
        .header("X-Frame-Options", "DENY")
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .sendString(Mono.just(html))
        .then();
  }

  static Mono<Void> redirect(HttpServerResponse response, URI location) {
    return response.status(302)
        .header(HttpHeaderNames.LOCATION, location.toString())
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .send();
  }

  /** After a form post: the browser fetches {@code location} with GET. */
  static Mono<Void> seeOther(HttpServerResponse response, URI location) {
    return response.status(303).header(HttpHeaderNames.LOCATION, location.toString()).send();
  }

  static Mono<Void> tooMany(HttpServerResponse response, Duration wait) {
    return response.status(429)
        .header(HttpHeaderNames.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())))
        .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .sendString(Mono.just(Json.object("error", "slow_down",
            "error_description", "Too many requests; retry in " + Math.max(1, wait.toSeconds()) + " s.")))
        .then();
  }

  /** Escapes text for HTML element content and quoted attributes. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
