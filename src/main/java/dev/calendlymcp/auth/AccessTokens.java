package dev.calendlymcp.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.calendlymcp.auth.store.Grant;
import dev.calendlymcp.auth.store.Hashes;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Our access tokens: JWTs (RFC 9068 profile, {@code typ at+jwt}) signed ES256 with a {@code kid},
 * for one audience, this server's MCP endpoint. They carry the grant id; whether the grant is
 * still active is checked separately, so revocation does not wait for expiry.
 */
final class AccessTokens {

  static final JOSEObjectType TYPE = new JOSEObjectType("at+jwt");

  /** What a verified token says. */
  record Claims(String grantId, String clientId, String subject, Set<String> scopes, Instant expiresAt) {}

  /** Why a token was refused; the message is safe to send back. */
  static final class InvalidToken extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidToken(String message) {
      super(message, null, false, false);
    }
  }

  private final AuthSettings settings;
  private final SigningKeys keys;

  /**
   * Tokens whose signature and claims checked out, by their SHA-256 (the heap holds no token).
   * An ES256 verification costs about a millisecond of CPU, fifteen times a cached tool call, and
   * a client sends the same token with every request for its lifetime. What a token says cannot
   * change, so a hit only needs the time checked again (the token's expiry and its key's
   * retirement); revocation is checked per request elsewhere.
   */
  private final Cache<String, Verified> verified;

  /** A verified token's claims and the key that signed it. */
  private record Verified(Claims claims, String kid) {}

  AccessTokens(AuthSettings settings, SigningKeys keys) {
    this.settings = settings;
    this.keys = keys;
    this.verified = Caffeine.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(settings.accessTokenLifetime())
        .build();
  }

  Duration lifetime() {
    return settings.accessTokenLifetime();
  }

  Mono<String> issue(Grant grant, Set<String> scopes) {
    return keys.active().map(key -> {
      Instant now = settings.clock().instant();
      JWTClaimsSet claims = new JWTClaimsSet.Builder()
          .issuer(settings.issuer())
          .audience(settings.resource().toString())
          .subject(grant.userUri())
          .claim("client_id", grant.clientId())
          .claim("gid", grant.grantId())
          .claim("scope", String.join(" ", scopes))
          .issueTime(Date.from(now))
          .expirationTime(Date.from(now.plus(settings.accessTokenLifetime())))
          .jwtID(UUID.randomUUID().toString())
          .build();
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(TYPE).build(), claims);
      try {
        jwt.sign(new ECDSASigner(key.key()));
      } catch (JOSEException e) {
        throw new IllegalStateException("signing an access token failed", e);
      }
      return jwt.serialize();
    });
  }

  /**
   * Checks signature, issuer, audience and expiry.
   *
   * @param ignoreExpiry for revocation, where an expired token still names the grant to end
   */
  Mono<Claims> verify(String token, boolean ignoreExpiry) {
    String hash = Hashes.sha256(token);
    Verified known = verified.getIfPresent(hash);
    if (known == null || !ignoreExpiry && !known.claims().expiresAt().isAfter(settings.clock().instant())) {
      return verifySignature(token, ignoreExpiry, hash);
    }
    // The key may have retired since (keys are in memory, so this costs a list scan).
    return keys.verifying(known.kid()).flatMap(key -> key.isPresent()
        ? Mono.just(known.claims())
        : verifySignature(token, ignoreExpiry, hash));
  }

  private Mono<Claims> verifySignature(String token, boolean ignoreExpiry, String hash) {
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(token);
    } catch (ParseException e) {
      return Mono.error(new InvalidToken("The access token is not a JWT issued by this server."));
    }
    JWSHeader header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null || !TYPE.equals(header.getType())) {
      return Mono.error(new InvalidToken("The access token is not one this server issues."));
    }
    return keys.verifying(header.getKeyID()).map(found -> {
      if (found.isEmpty()) {
        throw new InvalidToken("The access token was signed with a key this server does not know.");
      }
      try {
        if (!jwt.verify(new ECDSAVerifier(found.get().key().toECPublicKey()))) {
          throw new InvalidToken("The access token's signature is invalid.");
        }
        Claims claims = claims(jwt.getJWTClaimsSet(), ignoreExpiry);
        verified.put(hash, new Verified(claims, header.getKeyID()));
        return claims;
      } catch (JOSEException | ParseException e) {
        throw new InvalidToken("The access token's signature is invalid.");
      }
    });
  }

  private Claims claims(JWTClaimsSet claims, boolean ignoreExpiry) throws ParseException {
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new InvalidToken("The access token was issued by another server.");
    }
    if (claims.getAudience() == null || !claims.getAudience().contains(settings.resource().toString())) {
      throw new InvalidToken("The access token is for another resource, not " + settings.resource() + ".");
    }
    Date expiry = claims.getExpirationTime();
    if (expiry == null || !ignoreExpiry && !expiry.toInstant().isAfter(settings.clock().instant())) {
      throw new InvalidToken("The access token has expired.");
    }
    String grantId = claims.getStringClaim("gid");
    String clientId = claims.getStringClaim("client_id");
    if (grantId == null || clientId == null || claims.getSubject() == null) {
      throw new InvalidToken("The access token lacks the claims this server issues.");
    }
    String scope = claims.getStringClaim("scope");
    Set<String> scopes = scope == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
    return new Claims(grantId, clientId, claims.getSubject(), scopes, expiry.toInstant());
  }
}
