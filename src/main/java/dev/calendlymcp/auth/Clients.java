package dev.calendlymcp.auth;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.OAuthClient;
import reactor.core.publisher.Mono;

/**
 * Finds the client a request names: one registered with us, or one whose {@code client_id} is the
 * URL of a client ID metadata document, fetched (and cached) on first use.
 */
final class Clients {

  /** Client ID metadata documents, by URL. */
  interface Documents {
    boolean isDocumentUrl(String clientId);

    /** The client the document describes; an error whose message says what is wrong with it. */
    Mono<OAuthClient> resolve(String clientId);
  }

  /** For a server that accepts registered clients only. */
  static final Documents NO_DOCUMENTS = new Documents() {
    @Override
    public boolean isDocumentUrl(String clientId) {
      return false;
    }

    @Override
    public Mono<OAuthClient> resolve(String clientId) {
      return Mono.empty();
    }
  };

  private final AuthStore store;
  private final Documents documents;

  Clients(AuthStore store, Documents documents) {
    this.store = store;
    this.documents = documents;
  }

  /** Empty for an unknown client; an error for a metadata document that cannot be used. */
  Mono<OAuthClient> find(String clientId) {
    if (clientId == null || clientId.isBlank() || clientId.length() > 2048) {
      return Mono.empty();
    }
    return documents.isDocumentUrl(clientId)
        ? documents.resolve(clientId).onErrorMap(e -> !(e instanceof UnusableClient), e -> new UnusableClient(
            e instanceof InvalidClientMetadataException ? e.getMessage() : InvalidClientMetadataException.WITHHELD))
        : store.findClient(clientId);
  }

  /** A client ID metadata document that could not be fetched or is not acceptable; the message says why. */
  static final class UnusableClient extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnusableClient(String message) {
      super(message == null ? "it could not be fetched" : message, null, false, false);
    }
  }
}
