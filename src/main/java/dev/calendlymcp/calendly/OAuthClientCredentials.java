package dev.calendlymcp.calendly;


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
    if (!Secret.isVisibleAscii(clientId)) {
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

  /** An OAuth client secret; never part of {@link #toString()}. */
  public static final class ClientSecret extends Secret {

    private ClientSecret(String value) {
      super(value, "client_secret");
    }

    public static ClientSecret of(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("client_secret must not be blank; use a public client for PKCE-only apps");
      }
      return new ClientSecret(value);
    }
  }
}
