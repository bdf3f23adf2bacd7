package dev.calendlymcp.auth;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Double-submit CSRF protection for our forms: one random secret per browser, in a {@code
 * __Host-} cookie and repeated in each form. The secret is made once and reused by every page, so
 * two consent tabs (two agents connected at once) and the {@code /consents} page never invalidate
 * each other's forms; each page is refreshed with the cookie's lifetime renewed.
 */
final class BrowserCsrf {

  static final String COOKIE = "__Host-calendly-mcp-csrf";
  static final String FIELD = "csrf_token";

  private static final int BYTES = 24;
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{32}");

  private BrowserCsrf() {}

  /** This browser's secret, made now if it has none (or a malformed one); sets the cookie. */
  static String issue(HttpServerRequest request, HttpServerResponse response) {
    String secret = Web.cookie(request, COOKIE).filter(value -> WELL_FORMED.matcher(value).matches())
        .orElseGet(() -> Secrets.random(BYTES));
    response.addHeader(HttpHeaderNames.SET_COOKIE, Web.hostCookie(COOKIE, secret, AuthSettings.LOGIN_LIFETIME));
    return secret;
  }

  /** Whether the form's token is this browser's secret (constant-time). */
  static boolean matches(HttpServerRequest request, Optional<String> formToken) {
    Optional<String> cookie = Web.cookie(request, COOKIE);
    return formToken.isPresent() && cookie.isPresent() && MessageDigest.isEqual(
        formToken.get().getBytes(StandardCharsets.UTF_8), cookie.get().getBytes(StandardCharsets.UTF_8));
  }
}
