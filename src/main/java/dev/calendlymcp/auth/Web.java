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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
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

  /**
   * A form's fields, every value of each (a repeated field is refused by the endpoints that care).
   *
   * @throws Malformed for a body that is not form-encoded (a bad percent escape)
   */
  static Map<String, List<String>> form(String body) {
    return decoded(new QueryStringDecoder(body, StandardCharsets.UTF_8, false));
  }

  /**
   * The request's query parameters.
   *
   * @throws Malformed for a query with characters a URI may not hold raw (quotes, braces, spaces,
   *     anything not ASCII: RFC 3986 §3.4), or that cannot be decoded (a bad percent escape)
   */
  static Map<String, List<String>> query(HttpServerRequest request) {
    String uri = request.uri();
    int mark = uri.indexOf('?');
    if (mark >= 0 && !uri.substring(mark + 1).chars().allMatch(Web::mayStayRawInQuery)) {
      throw new Malformed();
    }
    return decoded(new QueryStringDecoder(uri));
  }

  /** RFC 3986's unreserved, sub-delims, ":", "@", "/", "?" and the "%" of an escape. */
  private static boolean mayStayRawInQuery(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
  }

  private static Map<String, List<String>> decoded(QueryStringDecoder decoder) {
    try {
      return decoder.parameters();
    } catch (IllegalArgumentException e) {
      // Netty's message quotes the whole query or form, codes and tokens included: it must not
      // travel on to any log.
      throw new Malformed();
    }
  }

  /** A query or form that cannot be decoded; carries nothing of it. */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed() {
      super("malformed query or form", null, false, false);
    }
  }

  /**
   * {@code present} with what {@code found} yields, else {@code absent}. An answer is a
   * {@code Mono<Void>}, which completes empty; {@code flatMap(..).switchIfEmpty(..)} would
   * therefore run {@code absent} after every {@code present} too, answering twice.
   */
  static <T> Mono<Void> either(Mono<T> found, Function<T, Mono<Void>> present, Supplier<Mono<Void>> absent) {
    return found.map(Optional::of)
        .defaultIfEmpty(Optional.empty())
        .flatMap(value -> value.isPresent() ? present.apply(value.get()) : absent.get());
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
   * A {@code __Host-} cookie: Secure, path /, no Domain, so only this origin ever gets it back, and
   * HttpOnly, so no script reads it. SameSite=Lax: Calendly's redirect back to our callback is a
   * top-level cross-site GET, which Lax lets the cookie ride on and Strict would not. Browsers
   * accept Secure cookies over https and on localhost / 127.0.0.1; over plain http to any other
   * host they drop them, and no sign-in can complete there.
   */
  static String hostCookie(String name, String value, Duration maxAge) {
    return name + "=" + value + "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" + maxAge.toSeconds();
  }

  /** Tells the browser to drop the {@code __Host-} cookie. */
  static String expiredHostCookie(String name) {
    return hostCookie(name, "", Duration.ZERO);
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
    return html(response, status, html, PAGE_POLICY);
  }

  /**
   * A page whose form is answered with redirects on to {@code formTargets}' origins. Browsers hold
   * every hop of a form submission's redirects to the page's {@code form-action}, so the consent
   * form's answer (on to Calendly's sign-in, then back to the client) would stop at the first hop
   * under {@code 'self'} alone.
   */
  static Mono<Void> html(HttpServerResponse response, int status, String html, List<URI> formTargets) {
    StringBuilder sources = new StringBuilder("form-action 'self'");
    for (URI target : formTargets) {
      origin(target).ifPresent(origin -> sources.append(' ').append(origin));
    }
    return html(response, status, html, PAGE_POLICY.replace("form-action 'self'", sources));
  }

  /** {@code scheme://host[:port]} of an http(s) URL whose parts cannot break out of a CSP source. */
  private static Optional<String> origin(URI target) {
    String scheme = target.getScheme();
    String host = target.getHost();
    if (scheme == null || host == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))
        || !host.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
      return Optional.empty();
    }
    return Optional.of(scheme.toLowerCase(Locale.ROOT) + "://" + host + (target.getPort() >= 0 ? ":" + target.getPort() : ""));
  }

  private static Mono<Void> html(HttpServerResponse response, int status, String html, String policy) {
    return response.status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .header("Content-Security-Policy", policy)
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
