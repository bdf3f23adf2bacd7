package dev.calendlymcp.auth.store;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.RefreshToken;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The child process of {@link SqliteCrashTest}: writes grants to a store in a loop, the way the
 * token endpoint does (a grant with its code, then its refresh token), and prints a line after
 * each write has committed, until it is killed.
 *
 * <p>Arguments: the data directory, and a prefix that keeps this run's ids apart from earlier ones.
 */
final class CrashWriter {

  private CrashWriter() {}

  public static void main(String[] args) {
    Path dataDir = Path.of(args[0]);
    String prefix = args[1];
    try (SqliteAuthStore store = SqliteAuthStore.open(dataDir, SecretBox.loadOrCreate(dataDir, Map.of()))) {
      for (int i = 0; ; i++) {
        String grantId = prefix + "-" + i;
        Instant now = Instant.now();
        store.createGrant(grant(grantId, now), code(grantId, now)).block();
        System.out.println("granted " + grantId);
        store.saveRefreshToken(refreshToken(grantId, now)).block();
        System.out.println("refreshed " + grantId);
      }
    }
  }

  static String accessToken(String grantId) {
    return "calendly-access-" + grantId;
  }

  static String codeOf(String grantId) {
    return "code-" + grantId;
  }

  static String refreshTokenOf(String grantId) {
    return "refresh-" + grantId;
  }

  private static Grant grant(String grantId, Instant now) {
    CalendlyTokens calendly =
        new CalendlyTokens(AccessToken.of(accessToken(grantId)), RefreshToken.of("calendly-refresh-" + grantId), now.plusSeconds(7200));
    return new Grant(grantId, "client-1", "https://api.calendly.com/users/U1", "https://api.calendly.com/organizations/O1",
        Set.of("calendly:read"), AuthRecords.RESOURCE, calendly, now, Optional.empty());
  }

  /** Lives a day, not a minute, so the purge when the test reopens the store leaves it be. */
  private static AuthorizationCode code(String grantId, Instant now) {
    return new AuthorizationCode(Hashes.sha256(codeOf(grantId)), grantId, "client-1", AuthRecords.REDIRECT, "challenge",
        AuthRecords.RESOURCE, now.plus(Duration.ofDays(1)));
  }

  private static RefreshTokenRecord refreshToken(String grantId, Instant now) {
    return new RefreshTokenRecord(Hashes.sha256(refreshTokenOf(grantId)), grantId, now, now.plus(Duration.ofDays(30)), Optional.empty());
  }
}
