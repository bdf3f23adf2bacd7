package dev.calendlymcp.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Double-submit CSRF protection for our forms: one random secret per browser ({@link
 * BrowserSecret}), in a {@code __Host-} cookie and repeated in each form. The secret is made once
 * and reused by every page, so two consent tabs (two agents connected at once) and the {@code
 * /consents} page never invalidate each other's forms; each page is refreshed with the cookie's
 * lifetime renewed.
 */
final class BrowserCsrf {

  static final String COOKIE = "__Host-calendly-mcp-csrf";
  static final String FIELD = "csrf_token";

  private static final BrowserSecret SECRET = new BrowserSecret(COOKIE, AuthSettings.LOGIN_LIFETIME);

  private BrowserCsrf() {}

  /** This browser's secret, made now if it has none (or a malformed one); sets the cookie. */
  static String issue(HttpServerRequest request, HttpServerResponse response) {
    return SECRET.issue(request, response);
  }

  /** Whether the form's token is this browser's secret (constant-time). */
  static boolean matches(HttpServerRequest request, Optional<String> formToken) {
    Optional<String> cookie = Web.cookie(request, COOKIE);
    return formToken.isPresent() && cookie.isPresent() && MessageDigest.isEqual(
        formToken.get().getBytes(StandardCharsets.UTF_8), cookie.get().getBytes(StandardCharsets.UTF_8));
  }
}
