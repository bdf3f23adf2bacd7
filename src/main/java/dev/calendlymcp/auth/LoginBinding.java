package dev.calendlymcp.auth;

import dev.calendlymcp.auth.store.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Ties each sign-in to the browser that started it, against the confused deputy of the MCP
 * security best practices. Just before the browser is sent on to Calendly (after our consent, or a
 * remembered one) it gets a login cookie, and the pending login keeps the cookie's hash;
 * Calendly's redirect back is honoured only in a browser that presents that cookie. Without it, a
 * Calendly sign-in link made in an attacker's browser, after consent there, could be opened by a
 * victim, whose Calendly account would then be handed to the attacker's client.
 *
 * <p>One secret per browser ({@link BrowserSecret}) rather than one per login, so two sign-ins
 * in two tabs both finish. It never appears in a page, unlike the CSRF secret.
 */
final class LoginBinding {

  static final String COOKIE = "__Host-calendly-mcp-login";

  private static final BrowserSecret SECRET = new BrowserSecret(COOKIE, AuthSettings.LOGIN_LIFETIME);

  private LoginBinding() {}

  /** Sets the browser's login cookie (made now if it has none) and returns the hash the login keeps. */
  static String bind(HttpServerRequest request, HttpServerResponse response) {
    return Hashes.sha256(SECRET.issue(request, response));
  }

  /** Whether the request's browser holds the login cookie whose hash is {@code browserHash} (constant time). */
  static boolean isBound(HttpServerRequest request, String browserHash) {
    return SECRET.presented(request)
        .map(secret -> MessageDigest.isEqual(
            Hashes.sha256(secret).getBytes(StandardCharsets.UTF_8), browserHash.getBytes(StandardCharsets.UTF_8)))
        .orElse(false);
  }
}
