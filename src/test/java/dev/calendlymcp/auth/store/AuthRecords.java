package dev.calendlymcp.auth.store;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.RefreshToken;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Records for store tests, filled with values a store could get wrong (nanoseconds, nulls, empty sets). */
final class AuthRecords {

  /** Nanoseconds on purpose: a store must give instants back exactly. */
  static final Instant T0 = Instant.parse("2026-03-01T09:30:00.123456789Z");

  static final URI RESOURCE = URI.create("https://mcp.example.com/mcp");
  static final URI REDIRECT = URI.create("http://127.0.0.1:33418/callback?x=1");

  private AuthRecords() {}

  static OAuthClient registeredClient(String clientId) {
    return new OAuthClient(
        clientId,
        "Claude Code",
        List.of(REDIRECT, URI.create("http://localhost:33418/callback")),
        Optional.empty(),
        "{\"client_name\":\"Claude Code\",\"token_endpoint_auth_method\":\"none\"}",
        OAuthClient.Source.REGISTERED,
        T0,
        Optional.empty());
  }

  static OAuthClient metadataClient(String clientId) {
    return new OAuthClient(
        clientId,
        "Some Agent",
        List.of(URI.create("https://agent.example.com/cb")),
        Optional.of(Hashes.sha256("client-secret")),
        "{}",
        OAuthClient.Source.METADATA_DOCUMENT,
        T0,
        Optional.of(T0.plus(Duration.ofHours(1))));
  }

  static PendingAuthorization pending(String id, Instant expiresAt) {
    return new PendingAuthorization(
        id,
        "client-1",
        REDIRECT,
        "client-state-" + id,
        "challenge-" + id,
        Set.of("calendly:read", "calendly:write"),
        RESOURCE,
        new PendingAuthorization.UpstreamVerifier("verifier-" + id),
        Hashes.sha256("browser-" + id),
        true,
        expiresAt);
  }

  static CalendlyTokens calendly(String accessToken) {
    return new CalendlyTokens(AccessToken.of(accessToken), RefreshToken.of("refresh-of-" + accessToken), T0.plus(Duration.ofHours(2)));
  }

  static Grant grant(String grantId, String userUri, String accessToken) {
    return new Grant(
        grantId,
        "client-1",
        userUri,
        "https://api.calendly.com/organizations/ORG",
        Set.of("calendly:read"),
        RESOURCE,
        calendly(accessToken),
        T0,
        Optional.empty());
  }

  static Grant grant(String grantId) {
    return grant(grantId, "https://api.calendly.com/users/U1", "calendly-access-" + grantId);
  }

  static AuthorizationCode code(String code, String grantId, Instant expiresAt) {
    return new AuthorizationCode(Hashes.sha256(code), grantId, "client-1", REDIRECT, "challenge", RESOURCE, expiresAt);
  }

  static AuthorizationCode code(String code, String grantId) {
    return code(code, grantId, T0.plusSeconds(60));
  }

  static RefreshTokenRecord refresh(String token, String grantId) {
    return new RefreshTokenRecord(Hashes.sha256(token), grantId, T0, T0.plus(Duration.ofDays(30)), Optional.empty());
  }

  static RefreshTokenRecord refresh(String token, String grantId, Instant expiresAt) {
    return new RefreshTokenRecord(Hashes.sha256(token), grantId, T0, expiresAt, Optional.empty());
  }

  static Consent consent(String userUri, String clientId, Set<String> scopes) {
    return new Consent(userUri, clientId, scopes, T0);
  }

  static SigningKey signingKey(String kid, Instant createdAt, boolean active) {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
      return new SigningKey(key, createdAt, active, createdAt.plus(Duration.ofDays(90)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
