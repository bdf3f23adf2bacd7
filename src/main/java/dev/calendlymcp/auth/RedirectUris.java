package dev.calendlymcp.auth;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which redirect URIs a client may register: https anywhere, plain http only back to this machine
 * (RFC 8252 §7.3, native apps on a loopback port of their choosing), and never with a fragment or
 * credentials in it.
 */
final class RedirectUris {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  private RedirectUris() {}

  /** Empty when acceptable, else what is wrong with it. */
  static Optional<String> problem(URI uri) {
    if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
      return Optional.of("a redirect URI must be an absolute URL with a host");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("a redirect URI must not have a #fragment");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("a redirect URI must not carry credentials");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if ("https".equals(scheme)) {
      return Optional.empty();
    }
    if ("http".equals(scheme) && isLoopback(uri)) {
      return Optional.empty();
    }
    return Optional.of("a redirect URI must be https, or http on 127.0.0.1, [::1] or localhost; got " + uri);
  }

  static boolean isLoopback(URI uri) {
    return uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
  }
}
