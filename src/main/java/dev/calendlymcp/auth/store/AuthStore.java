package dev.calendlymcp.auth.store;

import java.time.Instant;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything the authorization server must remember: registered clients, logins in progress,
 * grants with their Calendly tokens, our codes and refresh tokens, consents, browser sessions and
 * signing keys. Implementations must make every method atomic on its own (a crash leaves either
 * the whole write or none of it) and must keep Calendly tokens and private keys encrypted at rest;
 * callers hand over plain values. Secrets we issue (codes, refresh tokens, browser session ids) are
 * only ever stored and looked up by their hash ({@link Hashes#sha256}).
 *
 * <p>Methods do I/O and return cold publishers; implementations on blocking drivers move the work
 * off the caller's thread. An empty {@code Mono} means "no such record". This interface is the
 * seam for a shared store (Redis) when the server scales out.
 */
public interface AuthStore extends AutoCloseable {

  // Clients (dynamic registration and client ID metadata documents)

  /** Inserts or replaces the client with that id. */
  Mono<Void> saveClient(OAuthClient client);

  Mono<OAuthClient> findClient(String clientId);

  // Logins in progress: from our /authorize, through Calendly, to our /oauth/callback

  Mono<Void> savePending(PendingAuthorization pending);

  /** The login, left in place, so it can be checked before it is taken. Expired ones are not returned. */
  Mono<PendingAuthorization> findPending(String id, Instant now);

  /** Removes and returns it: a callback can be used once. Expired ones are not returned. */
  Mono<PendingAuthorization> takePending(String id, Instant now);

  // Grants and our authorization codes

  /** Stores a new grant and the code that will hand it to the client, in one transaction. */
  Mono<Void> createGrant(Grant grant, AuthorizationCode code);

  /**
   * Marks the code used and returns it, if it exists, is unused and has not expired. A code
   * presented a second time revokes its grant (RFC 6749 §4.1.2) and yields empty.
   */
  Mono<AuthorizationCode> consumeCode(String codeHash, Instant now);

  /**
   * The code, used or not, expired or not, left as it is: a token request is checked against it
   * (client, redirect URI, PKCE) before {@link #consumeCode} spends it, so a request that fails
   * those checks neither uses the code up nor counts as presenting it twice.
   */
  Mono<AuthorizationCode> findCode(String codeHash);

  /** The grant, revoked or not; callers check {@link Grant#isActive()}. */
  Mono<Grant> findGrant(String grantId);

  /** Replaces the grant's Calendly tokens after a refresh. */
  Mono<Void> updateCalendlyTokens(String grantId, CalendlyTokens tokens);

  /** Revokes the grant and every refresh token of it. Revoking twice is harmless. */
  Mono<Void> revokeGrant(String grantId, Instant now);

  /** Active grants of one user, e.g. to revoke a client's when its consent is withdrawn. */
  Flux<Grant> grantsOf(String userUri);

  // Our refresh tokens (opaque, rotated on each use)

  Mono<Void> saveRefreshToken(RefreshTokenRecord token);

  /**
   * Trades a presented refresh token for {@code next} in one transaction: if the presented one is
   * current (unused, unexpired, grant active) it is marked used and {@code next} stored; if it was
   * already used, the whole grant is revoked (reuse detection). {@code next.grantId()} is ignored
   * and set to the presented token's grant.
   */
  Mono<RefreshRotation> rotateRefreshToken(String presentedHash, RefreshTokenRecord next, Instant now);

  /** The refresh token's record, used or not. */
  Mono<RefreshTokenRecord> findRefreshToken(String tokenHash);

  // Consents and browser sessions at our authorization server

  Mono<Void> saveConsent(Consent consent);

  Mono<Consent> findConsent(String userUri, String clientId);

  Flux<Consent> consentsOf(String userUri);

  /** Withdraws the consent; the caller revokes the client's grants for that user. */
  Mono<Void> deleteConsent(String userUri, String clientId);

  Mono<Void> saveBrowserSession(BrowserSession session);

  /** Expired sessions are not returned. */
  Mono<BrowserSession> findBrowserSession(String idHash, Instant now);

  // Keys that sign our access tokens

  Mono<Void> saveSigningKey(SigningKey key);

  /** Every key, newest first; the first active one signs, all unexpired ones verify. */
  Flux<SigningKey> signingKeys();

  // Calendly webhook subscriptions this server made, one per account

  /** Saves or replaces the account's webhook; the signing key is encrypted at rest. */
  Mono<Void> saveWebhook(CalendlyWebhook webhook);

  Mono<CalendlyWebhook> findWebhook(String account);

  /** Every webhook, oldest first: the keys a delivery may be signed with. */
  Flux<CalendlyWebhook> webhooks();

  /** Forgets the account's webhook; nothing if there is none. */
  Mono<Void> deleteWebhook(String account);

  // Housekeeping

  /**
   * Forgets, as of {@code now}, what can no longer be used: expired logins in progress, codes,
   * browser sessions and refresh tokens, and retired keys; grants that ended more than the
   * {@link PurgePolicy#endedGrantRetention} ago, with their codes and refresh tokens; and clients
   * holding no grant and no login in progress that registered more than the {@link
   * PurgePolicy#unusedClientLifetime} ago, with their consents. An active grant left with no code or
   * refresh token that could still be used (all expired) ends here, revoked as of {@code now}.
   */
  Mono<Void> purgeExpired(Instant now);

  /** Releases files and connections. */
  @Override
  void close();
}
