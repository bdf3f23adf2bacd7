package dev.calendlymcp.auth.store;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An MCP client known to our authorization server: one registered by RFC 7591 dynamic
 * registration, or one whose {@code client_id} is the https URL of a client ID metadata document
 * we fetched (kept as a cache entry until {@code refreshAfter}).
 *
 * @param clientId our {@code client_id}, or the metadata document's URL
 * @param clientName what the consent page shows; never trusted as an identity
 * @param redirectUris the exact redirect URIs it registered
 * @param secretHash SHA-256 of its client secret for a confidential client; empty for a public
 *     client ({@code token_endpoint_auth_method=none}, the usual MCP client)
 * @param metadataJson the client metadata as registered (RFC 7591 JSON), to answer reads with
 * @param source how we came to know it
 * @param issuedAt when it registered or was first fetched
 * @param refreshAfter for a metadata document, when to fetch it again; empty otherwise
 */
public record OAuthClient(
    String clientId,
    String clientName,
    List<URI> redirectUris,
    Optional<String> secretHash,
    String metadataJson,
    Source source,
    Instant issuedAt,
    Optional<Instant> refreshAfter) {

  public enum Source {
    REGISTERED,
    METADATA_DOCUMENT
  }

  public OAuthClient {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientName, "clientName");
    redirectUris = List.copyOf(redirectUris);
    Objects.requireNonNull(secretHash, "secretHash");
    Objects.requireNonNull(metadataJson, "metadataJson");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(refreshAfter, "refreshAfter");
  }
}
