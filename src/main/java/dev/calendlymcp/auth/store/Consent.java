package dev.calendlymcp.auth.store;

import dev.calendlymcp.policy.Policy;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A user's approval of one MCP client for some scopes, remembered until withdrawn, with the policy
 * the user chose for it on the consent page.
 *
 * @param policy what the client may do, resource by resource; empty for a consent given before the
 *     consent page offered per-resource choices, which keeps the scopes' behaviour
 */
public record Consent(String userUri, String clientId, Set<String> scopes, Instant grantedAt, Optional<Policy> policy) {
  public Consent {
    Objects.requireNonNull(userUri, "userUri");
    Objects.requireNonNull(clientId, "clientId");
    scopes = Set.copyOf(scopes);
    Objects.requireNonNull(grantedAt, "grantedAt");
    Objects.requireNonNull(policy, "policy");
  }

  /** A consent without per-resource choices. */
  public Consent(String userUri, String clientId, Set<String> scopes, Instant grantedAt) {
    this(userUri, clientId, scopes, grantedAt, Optional.empty());
  }

  public Consent withPolicy(Policy chosen) {
    return new Consent(userUri, clientId, scopes, grantedAt, Optional.of(chosen));
  }
}
