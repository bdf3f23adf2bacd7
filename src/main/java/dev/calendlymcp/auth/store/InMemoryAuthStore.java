package dev.calendlymcp.auth.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An {@link AuthStore} in this process's memory, for tests and a single server that may forget
 * every login when it stops. One lock guards all of it: each method is then atomic as the contract
 * asks, and none holds the lock for more than a few map operations, so contention is no concern.
 * Nothing here is at rest, so nothing is encrypted.
 */
public final class InMemoryAuthStore implements AuthStore {

  private final PurgePolicy policy;
  private final Object lock = new Object();
  private final Map<String, OAuthClient> clients = new HashMap<>();
  private final Map<String, PendingAuthorization> pendings = new HashMap<>();
  private final Map<String, Grant> grants = new HashMap<>();
  private final Map<String, StoredCode> codes = new HashMap<>();
  private final Map<String, RefreshTokenRecord> refreshTokens = new HashMap<>();
  private final Map<ConsentKey, Consent> consents = new HashMap<>();
  private final Map<String, BrowserSession> sessions = new HashMap<>();
  private final Map<String, SigningKey> signingKeys = new HashMap<>();
  private final Map<String, CalendlyWebhook> webhooks = new HashMap<>();

  public InMemoryAuthStore() {
    this(PurgePolicy.defaults());
  }

  public InMemoryAuthStore(PurgePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The record never says whether a code was used, so the store keeps that beside it. */
  private record StoredCode(AuthorizationCode code, boolean used) {}

  private record ConsentKey(String userUri, String clientId) {}

  @Override
  public Mono<Void> saveClient(OAuthClient client) {
    Objects.requireNonNull(client, "client");
    return write(() -> clients.put(client.clientId(), client));
  }

  @Override
  public Mono<OAuthClient> findClient(String clientId) {
    return read(() -> clients.get(clientId));
  }

  @Override
  public Mono<Void> savePending(PendingAuthorization pending) {
    Objects.requireNonNull(pending, "pending");
    return write(() -> pendings.put(pending.id(), pending));
  }

  @Override
  public Mono<PendingAuthorization> findPending(String id, Instant now) {
    return read(
        () -> {
          PendingAuthorization pending = pendings.get(id);
          return pending != null && now.isBefore(pending.expiresAt()) ? pending : null;
        });
  }

  @Override
  public Mono<PendingAuthorization> takePending(String id, Instant now) {
    return read(
        () -> {
          PendingAuthorization pending = pendings.remove(id);
          return pending != null && now.isBefore(pending.expiresAt()) ? pending : null;
        });
  }

  @Override
  public Mono<Void> createGrant(Grant grant, AuthorizationCode code) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(code, "code");
    if (!code.grantId().equals(grant.grantId())) {
      return Mono.error(new IllegalArgumentException("the code must hand over the grant it is stored with"));
    }
    return write(
        () -> {
          if (grants.containsKey(grant.grantId())) {
            throw new IllegalStateException("a grant with that id already exists");
          }
          if (codes.containsKey(code.codeHash())) {
            throw new IllegalStateException("a code with that hash already exists");
          }
          grants.put(grant.grantId(), grant);
          codes.put(code.codeHash(), new StoredCode(code, false));
        });
  }

  @Override
  public Mono<AuthorizationCode> findCode(String codeHash) {
    return read(
        () -> {
          StoredCode stored = codes.get(codeHash);
          return stored == null ? null : stored.code();
        });
  }

  @Override
  public Mono<AuthorizationCode> consumeCode(String codeHash, Instant now) {
    return read(
        () -> {
          StoredCode stored = codes.get(codeHash);
          if (stored == null) {
            return null;
          }
          if (stored.used()) {
            revoke(stored.code().grantId(), now);
            return null;
          }
          if (!now.isBefore(stored.code().expiresAt())) {
            return null;
          }
          codes.put(codeHash, new StoredCode(stored.code(), true));
          return stored.code();
        });
  }

  @Override
  public Mono<Grant> findGrant(String grantId) {
    return read(() -> grants.get(grantId));
  }

  @Override
  public Mono<Void> updateCalendlyTokens(String grantId, CalendlyTokens tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return write(() -> grants.computeIfPresent(grantId, (id, grant) -> grant.withCalendly(tokens)));
  }

  @Override
  public Mono<Void> revokeGrant(String grantId, Instant now) {
    Objects.requireNonNull(now, "now");
    return write(() -> revoke(grantId, now));
  }

  @Override
  public Flux<Grant> grantsOf(String userUri) {
    return list(
        () ->
            grants.values().stream()
                .filter(grant -> grant.userUri().equals(userUri) && grant.isActive())
                .sorted(Comparator.comparing(Grant::createdAt).thenComparing(Grant::grantId))
                .toList());
  }

  @Override
  public Mono<Void> saveRefreshToken(RefreshTokenRecord token) {
    Objects.requireNonNull(token, "token");
    return write(
        () -> {
          if (!grants.containsKey(token.grantId())) {
            throw new IllegalStateException("a refresh token needs a stored grant");
          }
          if (refreshTokens.containsKey(token.tokenHash())) {
            throw new IllegalStateException("a refresh token with that hash already exists");
          }
          refreshTokens.put(token.tokenHash(), token);
        });
  }

  @Override
  public Mono<RefreshRotation> rotateRefreshToken(String presentedHash, RefreshTokenRecord next, Instant now) {
    Objects.requireNonNull(next, "next");
    return read(
        () -> {
          RefreshTokenRecord presented = refreshTokens.get(presentedHash);
          Grant grant = presented == null ? null : grants.get(presented.grantId());
          RefreshRotation outcome = RefreshRotation.decide(presented, grant, next, now);
          if (outcome instanceof RefreshRotation.Reused reused) {
            revoke(reused.grantId(), now);
          } else if (outcome instanceof RefreshRotation.Rotated rotated) {
            if (refreshTokens.containsKey(rotated.next().tokenHash())) {
              throw new IllegalStateException("a refresh token with that hash already exists");
            }
            refreshTokens.put(presentedHash, used(presented, now));
            refreshTokens.put(rotated.next().tokenHash(), rotated.next());
          }
          return outcome;
        });
  }

  @Override
  public Mono<RefreshTokenRecord> findRefreshToken(String tokenHash) {
    return read(() -> refreshTokens.get(tokenHash));
  }

  @Override
  public Mono<Void> saveConsent(Consent consent) {
    Objects.requireNonNull(consent, "consent");
    return write(() -> consents.put(new ConsentKey(consent.userUri(), consent.clientId()), consent));
  }

  @Override
  public Mono<Consent> findConsent(String userUri, String clientId) {
    return read(() -> consents.get(new ConsentKey(userUri, clientId)));
  }

  @Override
  public Flux<Consent> consentsOf(String userUri) {
    return list(
        () ->
            consents.values().stream()
                .filter(consent -> consent.userUri().equals(userUri))
                .sorted(Comparator.comparing(Consent::clientId))
                .toList());
  }

  @Override
  public Mono<Void> deleteConsent(String userUri, String clientId) {
    return write(() -> consents.remove(new ConsentKey(userUri, clientId)));
  }

  @Override
  public Mono<Void> saveBrowserSession(BrowserSession session) {
    Objects.requireNonNull(session, "session");
    return write(() -> sessions.put(session.idHash(), session));
  }

  @Override
  public Mono<BrowserSession> findBrowserSession(String idHash, Instant now) {
    return read(
        () -> {
          BrowserSession session = sessions.get(idHash);
          return session != null && now.isBefore(session.expiresAt()) ? session : null;
        });
  }

  @Override
  public Mono<Void> saveSigningKey(SigningKey key) {
    Objects.requireNonNull(key, "key");
    return write(() -> signingKeys.put(key.kid(), key));
  }

  @Override
  public Flux<SigningKey> signingKeys() {
    return list(
        () ->
            signingKeys.values().stream()
                .sorted(Comparator.comparing(SigningKey::createdAt).reversed().thenComparing(SigningKey::kid))
                .toList());
  }

  @Override
  public Mono<Void> saveWebhook(CalendlyWebhook webhook) {
    Objects.requireNonNull(webhook, "webhook");
    return write(() -> webhooks.put(webhook.account(), webhook));
  }

  @Override
  public Mono<CalendlyWebhook> findWebhook(String account) {
    return read(() -> webhooks.get(account));
  }

  @Override
  public Flux<CalendlyWebhook> webhooks() {
    return list(() -> webhooks.values().stream()
        .sorted(Comparator.comparing(CalendlyWebhook::createdAt).thenComparing(CalendlyWebhook::account))
        .toList());
  }

  @Override
  public Mono<Void> deleteWebhook(String account) {
    return write(() -> webhooks.remove(account));
  }

  /** Memory is otherwise only given back when the process ends; nothing calls this on a schedule. */
  @Override
  public Mono<Void> purgeExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return write(
        () -> {
          pendings.values().removeIf(pending -> !now.isBefore(pending.expiresAt()));
          sessions.values().removeIf(session -> !now.isBefore(session.expiresAt()));
          signingKeys.values().removeIf(key -> !key.active() && !now.isBefore(key.retireAt()));
          Instant lapsedBefore = now.minus(PurgePolicy.LAPSE_GRACE);
          for (Grant grant : List.copyOf(grants.values())) {
            if (grant.isActive() && !grant.createdAt().isAfter(lapsedBefore) && !usable(grant.grantId(), now)) {
              revoke(grant.grantId(), now);
            }
          }
          codes.values().removeIf(stored -> !now.isBefore(stored.code().expiresAt()));
          refreshTokens.values().removeIf(token -> !now.isBefore(token.expiresAt()));
          Instant endedBefore = now.minus(policy.endedGrantRetention());
          grants.values().removeIf(grant -> grant.revokedAt().filter(revoked -> !revoked.isAfter(endedBefore)).isPresent());
          codes.values().removeIf(stored -> !grants.containsKey(stored.code().grantId()));
          refreshTokens.values().removeIf(token -> !grants.containsKey(token.grantId()));
          Instant unusedBefore = now.minus(policy.unusedClientLifetime());
          Set<String> held = new HashSet<>();
          grants.values().forEach(grant -> held.add(grant.clientId()));
          pendings.values().forEach(pending -> held.add(pending.clientId()));
          Set<String> forgotten = new HashSet<>();
          clients.values().removeIf(client -> {
            boolean unused = !held.contains(client.clientId()) && !client.issuedAt().isAfter(unusedBefore);
            if (unused) {
              forgotten.add(client.clientId());
            }
            return unused;
          });
          consents.keySet().removeIf(key -> forgotten.contains(key.clientId()));
        });
  }

  /** Whether the grant still has a code or refresh token that could be used. */
  private boolean usable(String grantId, Instant now) {
    return codes.values().stream().anyMatch(stored -> stored.code().grantId().equals(grantId) && !stored.used()
            && now.isBefore(stored.code().expiresAt()))
        || refreshTokens.values().stream().anyMatch(token -> token.grantId().equals(grantId) && token.usedAt().isEmpty()
            && now.isBefore(token.expiresAt()));
  }

  @Override
  public void close() {
    // Nothing to release: the maps go with the object.
  }

  /** Revokes the grant once, and marks its current refresh tokens used so none stays current. */
  private void revoke(String grantId, Instant now) {
    Grant grant = grants.get(grantId);
    if (grant == null || !grant.isActive()) {
      return;
    }
    grants.put(
        grantId,
        new Grant(
            grant.grantId(),
            grant.clientId(),
            grant.userUri(),
            grant.organizationUri(),
            grant.scopes(),
            grant.resource(),
            grant.calendly(),
            grant.createdAt(),
            Optional.of(now)));
    refreshTokens.replaceAll(
        (hash, token) -> token.grantId().equals(grantId) && token.usedAt().isEmpty() ? used(token, now) : token);
  }

  private static RefreshTokenRecord used(RefreshTokenRecord token, Instant now) {
    return new RefreshTokenRecord(token.tokenHash(), token.grantId(), token.issuedAt(), token.expiresAt(), Optional.of(now));
  }

  private <T> Mono<T> read(Callable<T> body) {
    return Mono.fromCallable(
        () -> {
          synchronized (lock) {
            return body.call();
          }
        });
  }

  private Mono<Void> write(Runnable body) {
    return Mono.fromRunnable(
        () -> {
          synchronized (lock) {
            body.run();
          }
        });
  }

  private <T> Flux<T> list(Callable<List<T>> body) {
    return read(body).flatMapIterable(items -> items);
  }
}
