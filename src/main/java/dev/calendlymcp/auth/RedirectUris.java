package dev.calendlymcp.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which redirect URIs a client may have, whether it registered (RFC 7591) or is described by a
 * client ID metadata document: https anywhere, plain http only back to this machine (RFC 8252
 * §7.3, native apps on a loopback port of their choosing), never with a fragment or credentials in
 * it, and as plain ASCII text, since the consent page shows it and the authorization request must
 * repeat it exactly.
 */
final class RedirectUris {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  /** Far beyond any real one; the consent page and the store need not hold more. */
  static final int MAX_LENGTH = 2048;

  private RedirectUris() {}

  /**
   * What is wrong with the first unacceptable {@code redirect_uris} entry of client metadata, read
   * as the JSON text it is, before Nimbus parses the metadata (Nimbus throws, rather than
   * describes, on some characters). A member that is missing or not a list of strings is left to
   * Nimbus to describe.
   */
  static Optional<String> problemIn(Map<String, Object> metadata) {
    if (metadata.get("redirect_uris") instanceof List<?> uris) {
      for (Object uri : uris) {
        if (uri instanceof String text) {
          Optional<String> problem = problem(text);
          if (problem.isPresent()) {
            return problem;
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Empty when acceptable, else what is wrong with it. */
  static Optional<String> problem(String text) {
    if (text.length() > MAX_LENGTH) {
      return Optional.of("a redirect URI must be at most " + MAX_LENGTH + " characters");
    }
    if (!text.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.of("a redirect URI must be ASCII without spaces or control characters (percent-encode the rest)");
    }
    try {
      return problem(new URI(text));
    } catch (URISyntaxException e) {
      return Optional.of("a redirect URI must be a valid URI (quotes, backslashes and braces must be percent-encoded)");
    }
  }

  private static Optional<String> problem(URI uri) {
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

  private static boolean isLoopback(URI uri) {
    return uri.getHost() != null && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT));
  }
}
