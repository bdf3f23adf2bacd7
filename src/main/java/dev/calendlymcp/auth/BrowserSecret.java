package dev.calendlymcp.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A random secret per browser in a {@code __Host-} cookie ({@link Web#hostCookie}). It is made
 * once and then reused, its lifetime renewed, by every page that needs it, so two tabs at work at
 * the same time (two agents being connected) never spoil each other's.
 *
 * @param cookie the cookie's name, starting with {@code __Host-}
 * @param lifetime how long the browser keeps it after it was last issued
 */
record BrowserSecret(String cookie, Duration lifetime) {

  private static final int BYTES = 24;
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{32}");

  /** This browser's secret, made now if it has none (or a malformed one); sets the cookie. */
  String issue(HttpServerRequest request, HttpServerResponse response) {
    String secret = presented(request).orElseGet(() -> Secrets.random(BYTES));
    response.addHeader(HttpHeaderNames.SET_COOKIE, Web.hostCookie(cookie, secret, lifetime));
    return secret;
  }

  /** The secret the request's browser holds, if it holds a well-formed one. */
  Optional<String> presented(HttpServerRequest request) {
    return Web.cookie(request, cookie).filter(value -> WELL_FORMED.matcher(value).matches());
  }
}
