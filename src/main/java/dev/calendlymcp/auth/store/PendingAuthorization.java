package dev.calendlymcp.auth.store;

import dev.calendlymcp.calendly.Secret;
import dev.calendlymcp.policy.Policy;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A login between our {@code /authorize} (after consent) and Calendly's redirect to our {@code
 * /oauth/callback}: what the MCP client asked for, and the PKCE verifier of our own request to
 * Calendly.
 *
 * @param id the random {@code state} we sent to Calendly; the callback looks the login up by it
 * @param clientId the MCP client's id
 * @param redirectUri where to send the MCP client's code
 * @param clientState the MCP client's {@code state}, returned unchanged
 * @param codeChallenge the MCP client's S256 code challenge
 * @param scopes the scopes the client was granted on the consent page
 * @param resource the RFC 8707 resource the client asked for (this server's MCP URL)
 * @param upstreamVerifier our PKCE code verifier for Calendly's token endpoint
 * @param browserHash the hash of the login cookie of the browser that started the login: the
 *     callback is honoured only in that browser, so a sign-in cannot be finished by someone else
 * @param consentGiven whether the user approved our consent page for this login; false when a
 *     remembered consent or auto-approve skipped the page
 * @param expiresAt when the login is abandoned
 * @param policy the policy the user chose on our consent page, saved with the consent once the
 *     callback knows who the user is; empty when the page was skipped
 */
public record PendingAuthorization(
    String id,
    String clientId,
    URI redirectUri,
    String clientState,
    String codeChallenge,
    Set<String> scopes,
    URI resource,
    UpstreamVerifier upstreamVerifier,
    String browserHash,
    boolean consentGiven,
    Instant expiresAt,
    Optional<Policy> policy) {

  public PendingAuthorization {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(redirectUri, "redirectUri");
    Objects.requireNonNull(codeChallenge, "codeChallenge");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(upstreamVerifier, "upstreamVerifier");
    Objects.requireNonNull(browserHash, "browserHash");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(policy, "policy");
  }

  /** A login whose consent page chose no policy (skipped, or approved before policies existed). */
  public PendingAuthorization(String id, String clientId, URI redirectUri, String clientState, String codeChallenge,
      Set<String> scopes, URI resource, UpstreamVerifier upstreamVerifier, String browserHash, boolean consentGiven,
      Instant expiresAt) {
    this(id, clientId, redirectUri, clientState, codeChallenge, scopes, resource, upstreamVerifier, browserHash,
        consentGiven, expiresAt, Optional.empty());
  }

  /** Our PKCE verifier for Calendly: a secret, so it never prints. */
  public static final class UpstreamVerifier extends Secret {
    public UpstreamVerifier(String value) {
      super(value, "a PKCE code verifier");
    }
  }
}
