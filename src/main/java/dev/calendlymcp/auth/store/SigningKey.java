package dev.calendlymcp.auth.store;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.Objects;

/**
 * A P-256 key that signs our access tokens (ES256). Rotation adds a new active key; older keys
 * stay to verify tokens already issued until {@code retireAt}.
 *
 * @param key the JWK with its private part and {@code kid}; stores encrypt it at rest
 * @param createdAt when it was made
 * @param active whether it signs new tokens
 * @param retireAt after this, tokens signed with it no longer verify
 */
public record SigningKey(ECKey key, Instant createdAt, boolean active, Instant retireAt) {
  public SigningKey {
    Objects.requireNonNull(key, "key");
    if (!key.isPrivate() || key.getKeyID() == null) {
      throw new IllegalArgumentException("a signing key needs its private part and a kid");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retireAt, "retireAt");
  }

  public String kid() {
    return key.getKeyID();
  }

  @Override
  public String toString() {
    return "SigningKey[kid=" + kid() + ", createdAt=" + createdAt + ", active=" + active + "]";
  }
}
