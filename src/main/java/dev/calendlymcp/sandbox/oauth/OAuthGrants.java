package dev.calendlymcp.sandbox.oauth;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.calendlymcp.sandbox.auth.AccessToken;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.auth.TokenStore;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.model.Ids;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization codes, grants and refresh tokens; access tokens live in the sandbox's {@link
 * TokenStore}, where every API request checks them. A grant is what one approved authorization
 * (one redeemed code) gave one client for one user: its scopes, its access tokens and its
 * current refresh token.
 *
 * <p>Codes work once and for 10 minutes; a second use revokes what the first one issued (RFC 6749
 * §4.1.2). Refresh tokens rotate: each use issues a new one and retires the old, and presenting a
 * retired one revokes the whole grant, because then either the client or an attacker holds a
 * stolen copy (OAuth 2.0 Security BCP §4.14). Access tokens expire after 2 hours.
 *
 * <p>Every operation is one synchronized step, so two requests racing with the same code or
 * refresh token cannot both succeed. It never takes the store's lock.
 */
final class OAuthGrants {

  static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(2);

  private static final String ACCESS_TOKEN_PREFIX = "sbx_oat_";
  private static final String REFRESH_TOKEN_PREFIX = "sbx_ort_";

  /** Charges one issued token to a user; returns the seconds to wait when none is left. */
  @FunctionalInterface
  interface TokenBudget {
    Optional<Long> charge(String userUuid);
  }

  /** Tokens just issued. */
  record Issued(AccessToken accessToken, String refreshToken, List<String> scopes) {
    @Override
    public String toString() {
      return "Issued[user=" + accessToken.userUuid() + ", scopes=" + scopes + "]";
    }
  }

  /** What introspection reports about an active token. */
  record Active(String clientId, String tokenType, List<String> scopes, Instant issuedAt, Instant expiresAt, String userUuid) {}

  /** A client as the token endpoints authenticated it. */
  record Client(OAuthApp app, boolean authenticated) {
    String id() {
      return app.clientId();
    }
  }

  private static final class Code {
    final String clientId;
    final String userUuid;
    final String redirectUri;
    final CodeChallenge challenge;
    final List<String> scopes;
    final Instant expiresAt;
    String grantId;

    Code(String clientId, String userUuid, String redirectUri, CodeChallenge challenge, List<String> scopes, Instant expiresAt) {
      this.clientId = clientId;
      this.userUuid = userUuid;
      this.redirectUri = redirectUri;
      this.challenge = challenge;
      this.scopes = scopes;
      this.expiresAt = expiresAt;
    }
  }

  private static final class Grant {
    final String id;
    final String clientId;
    final String userUuid;
    final List<String> scopes;
    final boolean publicClient;
    final List<String> accessTokens = new ArrayList<>();
    String refreshToken;
    boolean revoked;

    Grant(String id, String clientId, String userUuid, List<String> scopes, boolean publicClient) {
      this.id = id;
      this.clientId = clientId;
      this.userUuid = userUuid;
      this.scopes = scopes;
      this.publicClient = publicClient;
    }
  }

  private record RefreshToken(String grantId, Instant issuedAt) {}

  private final TokenStore tokens;
  private final Ids ids;
  private final Clock clock;
  private final Map<String, Code> codes = new HashMap<>();
  private final Map<String, Grant> grants = new HashMap<>();
  private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
  private final Map<String, String> grantOfAccessToken = new HashMap<>();

  OAuthGrants(TokenStore tokens, Ids ids, Clock clock) {
    this.tokens = tokens;
    this.ids = ids;
    this.clock = clock;
  }

  /** Scopes in Calendly's order (the order of {@link Scopes#ALL}, a read next to its write). */
  static List<String> ordered(Collection<String> scopes) {
    return scopes.stream().distinct().sorted(Comparator.comparingInt(OAuthGrants::rank).thenComparing(s -> s)).toList();
  }

  private static int rank(String scope) {
    int index = Scopes.ALL.indexOf(scope);
    if (index >= 0) {
      return index * 2;
    }
    int write = Scopes.ALL.indexOf(scope.replace(":read", ":write"));
    return write >= 0 ? write * 2 - 1 : Integer.MAX_VALUE;
  }

  /** A new authorization code for an approved request. */
  synchronized String issueCode(
      String clientId, String userUuid, String redirectUri, CodeChallenge challenge, List<String> scopes) {
    Instant now = clock.instant();
    codes.values().removeIf(code -> !now.isBefore(code.expiresAt));
    String value = ids.hex(64);
    codes.put(value, new Code(clientId, userUuid, redirectUri, challenge, List.copyOf(scopes), now.plus(CODE_LIFETIME)));
    return value;
  }

  /** {@code grant_type=authorization_code}. */
  synchronized Issued redeem(Client client, String codeValue, URI redirectUri, CodeVerifier verifier, TokenBudget budget) {
    Code code = codes.get(codeValue);
    Instant now = clock.instant();
    if (code == null) {
      throw OAuthError.invalidGrant("The authorization code is unknown or expired.");
    }
    if (code.grantId != null) {
      revoke(grants.get(code.grantId));
      throw OAuthError.invalidGrant(
          "The authorization code was already used; the tokens issued for it are now revoked.");
    }
    if (!now.isBefore(code.expiresAt)) {
      throw OAuthError.invalidGrant("The authorization code expired (codes work for 10 minutes).");
    }
    if (!code.clientId.equals(client.id())) {
      throw OAuthError.invalidGrant("The authorization code was issued to another client.");
    }
    if (redirectUri == null || !redirectUri.toString().equals(code.redirectUri)) {
      throw OAuthError.invalidGrant("redirect_uri does not match the one of the authorization request.");
    }
    if (code.challenge != null) {
      if (verifier == null) {
        throw OAuthError.invalidGrant("code_verifier is required: the authorization request had a code_challenge.");
      }
      if (!matches(code.challenge, verifier)) {
        throw OAuthError.invalidGrant("code_verifier does not match the code_challenge of the authorization request.");
      }
    } else {
      if (!client.authenticated()) {
        throw OAuthError.invalidClient(
            "Without PKCE the client must authenticate with its client_secret.", false);
      }
      if (verifier != null) {
        throw OAuthError.invalidGrant("code_verifier was sent, but the authorization request had no code_challenge.");
      }
    }
    charge(budget, code.userUuid);
    Grant grant = new Grant(ids.hex(32), client.id(), code.userUuid, code.scopes, !client.authenticated());
    grants.put(grant.id, grant);
    code.grantId = grant.id;
    return issue(grant, grant.scopes);
  }

  /** {@code grant_type=refresh_token}; {@code requested} narrows the new access token's scopes. */
  synchronized Issued refresh(Client client, String refreshToken, List<String> requested, TokenBudget budget) {
    RefreshToken known = refreshTokens.get(refreshToken);
    if (known == null) {
      throw OAuthError.invalidGrant("The refresh token is unknown.");
    }
    Grant grant = grants.get(known.grantId());
    if (!grant.clientId.equals(client.id())) {
      throw OAuthError.invalidGrant("The refresh token was issued to another client.");
    }
    if (!client.authenticated() && !grant.publicClient) {
      throw OAuthError.invalidClient(
          "This refresh token belongs to a confidential client; authenticate with the client_secret.", false);
    }
    if (grant.revoked) {
      throw OAuthError.invalidGrant("The refresh token is revoked.");
    }
    if (!refreshToken.equals(grant.refreshToken)) {
      revoke(grant);
      throw OAuthError.invalidGrant(
          "The refresh token was already used; every token of its grant is now revoked.");
    }
    List<String> scopes = grant.scopes;
    if (requested != null) {
      for (String scope : requested) {
        if (!Scopes.grants(grant.scopes, scope)) {
          throw OAuthError.invalidScope("scope may only narrow the granted scopes; not granted: " + scope);
        }
      }
      scopes = ordered(requested);
    }
    charge(budget, grant.userUuid);
    return issue(grant, scopes);
  }

  /**
   * Revokes {@code token} if {@code client} owns it: a refresh token ends its whole grant, an
   * access token just itself. Unknown tokens and other clients' tokens are ignored (RFC 7009 §2.2:
   * the answer is the same either way).
   */
  synchronized void revoke(Client client, String token) {
    RefreshToken refresh = refreshTokens.get(token);
    String accessGrant = grantOfAccessToken.get(token);
    Grant grant = refresh != null ? grants.get(refresh.grantId()) : accessGrant != null ? grants.get(accessGrant) : null;
    if (grant == null || !grant.clientId.equals(client.id())) {
      return;
    }
    if (!client.authenticated() && !grant.publicClient) {
      throw OAuthError.invalidClient(
          "This token belongs to a confidential client; authenticate with the client_secret.", false);
    }
    if (refresh != null) {
      revoke(grant);
    } else {
      tokens.revoke(token);
    }
  }

  /** What {@code client} may learn about {@code token}; empty when inactive, unknown or not its own. */
  synchronized Optional<Active> introspect(Client client, String token) {
    String accessGrant = grantOfAccessToken.get(token);
    if (accessGrant != null) {
      Grant grant = grants.get(accessGrant);
      AccessToken access = tokens.find(token).orElse(null);
      if (!grant.clientId.equals(client.id())
          || access == null
          || access.revoked()
          || access.isExpiredAt(clock.instant())) {
        return Optional.empty();
      }
      return Optional.of(
          new Active(grant.clientId, "Bearer", ordered(access.scopes()), access.issuedAt(), access.expiresAt(), grant.userUuid));
    }
    RefreshToken refresh = refreshTokens.get(token);
    if (refresh == null) {
      return Optional.empty();
    }
    Grant grant = grants.get(refresh.grantId());
    if (!grant.clientId.equals(client.id()) || grant.revoked || !token.equals(grant.refreshToken)) {
      return Optional.empty();
    }
    return Optional.of(new Active(grant.clientId, "refresh_token", grant.scopes, refresh.issuedAt(), null, grant.userUuid));
  }

  private Issued issue(Grant grant, List<String> scopes) {
    AccessToken access = tokens.issue(ACCESS_TOKEN_PREFIX, grant.userUuid, scopes, ACCESS_TOKEN_LIFETIME);
    grant.accessTokens.add(access.value());
    grantOfAccessToken.put(access.value(), grant.id);
    String refresh = REFRESH_TOKEN_PREFIX + ids.hex(64);
    grant.refreshToken = refresh;
    refreshTokens.put(refresh, new RefreshToken(grant.id, access.issuedAt()));
    return new Issued(access, refresh, scopes);
  }

  private void revoke(Grant grant) {
    grant.revoked = true;
    grant.accessTokens.forEach(tokens::revoke);
  }

  private static void charge(TokenBudget budget, String userUuid) {
    budget.charge(userUuid)
        .ifPresent(wait -> {
          // Calendly's API error shape, not OAuth's: clients treat any 429 as a rate limit and
          // read Retry-After.
          throw ApiException.tooManyRequests(
              "Too many OAuth tokens were issued to this user in the last minute; retry after " + wait + " seconds.",
              Map.of("Retry-After", Long.toString(wait)));
        });
  }

  private static boolean matches(CodeChallenge challenge, CodeVerifier verifier) {
    String computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
    return MessageDigest.isEqual(
        computed.getBytes(StandardCharsets.US_ASCII), challenge.getValue().getBytes(StandardCharsets.US_ASCII));
  }
}
