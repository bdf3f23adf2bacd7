package dev.calendlymcp.calendly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The Calendly OAuth app this server acts as: a confidential (web) client with a secret, or a
 * public (native) client that proves itself with PKCE only.
 *
 * @param clientId the app's client ID from Calendly's developer portal
 * @param clientSecret the app's secret; null for a public client
 */
public record OAuthClientCredentials(String clientId, ClientSecret clientSecret) {

  public OAuthClientCredentials {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("client_id is required");
    }
    clientId = clientId.strip();
    if (!visibleAscii(clientId)) {
      throw new IllegalArgumentException("client_id may contain only visible ASCII characters");
    }
  }

  /** A web app: authenticates with its client ID and secret. */
  public static OAuthClientCredentials confidential(String clientId, String clientSecret) {
    return new OAuthClientCredentials(clientId, ClientSecret.of(clientSecret));
  }

  /** A native app: sends its client ID and relies on PKCE instead of a secret. */
  public static OAuthClientCredentials publicClient(String clientId) {
    return new OAuthClientCredentials(clientId, null);
  }

  public boolean isPublic() {
    return clientSecret == null;
  }

  private static boolean visibleAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** An OAuth client secret; never part of {@link #toString()}. */
  public static final class ClientSecret {

    private final String value;

    private ClientSecret(String value) {
      this.value = value;
    }

    public static ClientSecret of(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("client_secret must not be blank; use a public client for PKCE-only apps");
      }
      String trimmed = value.strip();
      if (!visibleAscii(trimmed)) {
        throw new IllegalArgumentException(
            "client_secret may contain only visible ASCII characters (check for a stray newline or quote)");
      }
      return new ClientSecret(trimmed);
    }

    /** The secret itself; only for client authentication. */
    public String reveal() {
      return value;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ClientSecret that
          && MessageDigest.isEqual(
              value.getBytes(StandardCharsets.UTF_8), that.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
      return Objects.hash(AccessToken.sha256Prefix(value));
    }

    @Override
    public String toString() {
      return "ClientSecret[redacted]";
    }
  }
}
