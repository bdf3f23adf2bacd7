package dev.calendlymcp.auth;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PlainClientSecret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.calendlymcp.auth.store.Hashes;
import dev.calendlymcp.auth.store.OAuthClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import reactor.core.publisher.Mono;

/**
 * Who is calling the token and revocation endpoints: a public client names itself and proves
 * nothing here (PKCE did that); a confidential one must present its secret, compared by hash in
 * constant time.
 */
final class ClientAuthenticator {

  /** The caller is not a client we know, or its secret is wrong; RFC 6749 {@code invalid_client}. */
  static final class InvalidClient extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidClient(String message) {
      super(message, null, false, false);
    }
  }

  private final Clients clients;

  ClientAuthenticator(Clients clients) {
    this.clients = clients;
  }

  /**
   * @param auth the secret-based authentication the request carried, or null
   * @param publicId the {@code client_id} parameter of a public client, or null
   */
  Mono<OAuthClient> authenticate(ClientAuthentication auth, ClientID publicId) {
    ClientID id = auth != null ? auth.getClientID() : publicId;
    if (id == null) {
      return Mono.error(new InvalidClient("The request names no client: send client_id."));
    }
    return clients.find(id.getValue())
        .onErrorMap(Clients.UnusableClient.class, e -> new InvalidClient("The client's metadata document cannot be used."))
        .switchIfEmpty(Mono.error(() -> new InvalidClient("This client is not registered with this server.")))
        .map(client -> {
          if (client.secretHash().isEmpty()) {
            return client;
          }
          if (!(auth instanceof ClientSecretBasic) && !(auth instanceof ClientSecretPost)) {
            throw new InvalidClient("This client must authenticate with its client secret.");
          }
          String presented = Hashes.sha256(((PlainClientSecret) auth).getClientSecret().getValue());
          if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
              client.secretHash().get().getBytes(StandardCharsets.UTF_8))) {
            throw new InvalidClient("The client secret is wrong.");
          }
          return client;
        });
  }
}
