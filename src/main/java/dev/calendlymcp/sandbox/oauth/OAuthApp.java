package dev.calendlymcp.sandbox.oauth;

import dev.calendlymcp.sandbox.auth.Scopes;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An OAuth app registered with the sandbox, as a Calendly developer account would register one.
 * {@link #toString()} leaves the client secret out.
 *
 * @param clientId the app's {@code client_id}
 * @param clientSecret the app's {@code client_secret}
 * @param redirectUris the redirect URIs an authorization request may name (exact match)
 * @param anyLoopbackRedirect also accept any {@code http} redirect URI on 127.0.0.1, localhost or
 *     [::1], on any port and path (RFC 8252 §7.3), as native apps and tests need
 * @param scopes what the app may ask for; a write scope covers its read
 */
public record OAuthApp(
    String clientId, String clientSecret, List<String> redirectUris, boolean anyLoopbackRedirect, List<String> scopes) {

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

  public OAuthApp {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    redirectUris = List.copyOf(redirectUris);
    for (String uri : redirectUris) {
      if (!isAbsoluteWithoutFragment(uri)) {
        throw new IllegalArgumentException("redirect URIs must be absolute and without a #fragment, got " + uri);
      }
    }
    if (redirectUris.isEmpty() && !anyLoopbackRedirect) {
      throw new IllegalArgumentException("an OAuth app needs at least one redirect URI");
    }
    scopes = List.copyOf(scopes);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("an OAuth app needs at least one scope");
    }
    for (String scope : scopes) {
      if (!Scopes.isKnown(scope)) {
        throw new IllegalArgumentException("unknown scope: " + scope);
      }
    }
  }

  /** Whether an authorization request may send the user back to {@code redirectUri}. */
  public boolean allowsRedirect(String redirectUri) {
    if (redirectUri == null) {
      return false;
    }
    if (redirectUris.contains(redirectUri)) {
      return true;
    }
    if (!anyLoopbackRedirect || !isAbsoluteWithoutFragment(redirectUri)) {
      return false;
    }
    URI uri = URI.create(redirectUri);
    return uri.getScheme().equalsIgnoreCase("http")
        && uri.getHost() != null
        && LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))
        && uri.getRawUserInfo() == null;
  }

  /** Whether the app may be granted {@code scope}. */
  public boolean allowsScope(String scope) {
    return Scopes.isKnown(scope) && Scopes.grants(scopes, scope);
  }

  private static boolean isAbsoluteWithoutFragment(String text) {
    try {
      URI uri = new URI(text);
      return uri.isAbsolute() && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "OAuthApp[clientId=" + clientId + ", redirectUris=" + redirectUris + ", anyLoopbackRedirect="
        + anyLoopbackRedirect + ", scopes=" + scopes + "]";
  }
}
