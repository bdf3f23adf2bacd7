package dev.calendlymcp.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.SigningKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * The P-256 keys that sign our access tokens, kept in the store so tokens survive a restart. The
 * newest active key signs; every key not yet retired verifies, so rotating never breaks tokens
 * already handed out. Read from the store once and then from memory.
 */
final class SigningKeys {

  /** A key lives long enough to be rotated yearly with room to spare. */
  static final Duration KEY_LIFETIME = Duration.ofDays(400);

  private final AuthStore store;
  private final Clock clock;
  private final AtomicReference<Mono<List<SigningKey>>> keys = new AtomicReference<>();

  SigningKeys(AuthStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The keys, newest first; creates the first one when the store has none. */
  Mono<List<SigningKey>> all() {
    Mono<List<SigningKey>> current = keys.get();
    if (current != null) {
      return current;
    }
    Mono<List<SigningKey>> loading = store.signingKeys().collectList()
        .flatMap(found -> found.stream().anyMatch(SigningKey::active)
            ? Mono.just(found)
            : create().flatMap(key -> store.saveSigningKey(key).then(store.signingKeys().collectList())))
        .cache(ignored -> Duration.ofDays(3650), error -> Duration.ZERO, () -> Duration.ZERO);
    return keys.compareAndSet(null, loading) ? loading : keys.get();
  }

  Mono<SigningKey> active() {
    return all().map(list -> list.stream().filter(SigningKey::active).findFirst()
        .orElseThrow(() -> new IllegalStateException("no active signing key")));
  }

  /** The key with that id, if it may still verify tokens. */
  Mono<Optional<SigningKey>> verifying(String kid) {
    Instant now = clock.instant();
    return all().map(list -> list.stream()
        .filter(key -> key.kid().equals(kid) && key.retireAt().isAfter(now))
        .findFirst());
  }

  /**
   * Makes a new key the signer; the old ones keep verifying until {@code keepOldFor} has passed
   * (at least the access token lifetime).
   */
  Mono<Void> rotate(Duration keepOldFor) {
    Instant now = clock.instant();
    return all()
        .flatMap(list -> Mono.when(list.stream()
            .filter(SigningKey::active)
            .map(old -> store.saveSigningKey(new SigningKey(old.key(), old.createdAt(), false, now.plus(keepOldFor))))
            .toList()))
        .then(create())
        .flatMap(store::saveSigningKey)
        .doFinally(signal -> keys.set(null));
  }

  /** What {@code /jwks.json} publishes: the public halves of the keys that verify. */
  Mono<JWKSet> publicKeys() {
    Instant now = clock.instant();
    return all().map(list -> new JWKSet(list.stream()
        .filter(key -> key.retireAt().isAfter(now))
        .<JWK>map(key -> key.key().toPublicJWK())
        .toList()));
  }

  private Mono<SigningKey> create() {
    return Mono.fromCallable(() -> {
      Instant now = clock.instant();
      ECKey key = new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
      return new SigningKey(key, now, true, now.plus(KEY_LIFETIME));
    }).onErrorMap(JOSEException.class, e -> new IllegalStateException("cannot generate a P-256 key", e));
  }
}
