package dev.calendlymcp.auth.store;

import static dev.calendlymcp.auth.store.AuthRecords.T0;
import static dev.calendlymcp.auth.store.AuthRecords.code;
import static dev.calendlymcp.auth.store.AuthRecords.grant;
import static dev.calendlymcp.auth.store.AuthRecords.pending;
import static dev.calendlymcp.auth.store.AuthRecords.refresh;
import static dev.calendlymcp.auth.store.AuthRecords.registeredClient;
import static dev.calendlymcp.auth.store.AuthRecords.signingKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.RefreshToken;
import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.policy.ResourceGrant;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuthStoreTest extends AuthStoreContract {

  /** Before every instant the contract uses, so the purge on open never removes what a test wrote. */
  private static final Clock BEFORE_T0 = Clock.fixed(T0.minus(Duration.ofDays(1)), ZoneOffset.UTC);

  @TempDir Path dir;

  private final Map<String, String> env = SecretBoxTest.envWithRandomKey();

  private PurgePolicy policy = PurgePolicy.defaults();

  @Override
  protected AuthStore newStore(PurgePolicy purgePolicy) {
    this.policy = purgePolicy;
    return reopen();
  }

  private SqliteAuthStore reopen() {
    return SqliteAuthStore.open(dir, SecretBox.loadOrCreate(dir, env), BEFORE_T0, policy);
  }

  private SqliteAuthStore sqlite() {
    return (SqliteAuthStore) store;
  }

  @Test
  void everythingSurvivesAReopen() {
    SigningKey key = signingKey("k1", T0, true);
    store.saveClient(registeredClient("c1")).block();
    store.savePending(pending("state-1", T0.plusSeconds(600))).block();
    store.createGrant(grant("g1"), code("code-1", "g1")).block();
    store.saveRefreshToken(refresh("r1", "g1")).block();
    store.saveSigningKey(key).block();
    store.close();

    store = reopen();

    assertThat(store.findClient("c1").block()).isEqualTo(registeredClient("c1"));
    assertThat(store.takePending("state-1", T0).block()).isEqualTo(pending("state-1", T0.plusSeconds(600)));
    assertThat(store.consumeCode(Hashes.sha256("code-1"), T0).block()).isEqualTo(code("code-1", "g1"));
    assertThat(store.findGrant("g1").block()).isEqualTo(grant("g1"));
    assertThat(store.findRefreshToken(Hashes.sha256("r1")).block()).isEqualTo(refresh("r1", "g1"));
    assertThat(store.signingKeys().map(AuthStoreContract::fields).collectList().block()).containsExactly(fields(key));
  }

  @Test
  void theDatabaseNeverHoldsATokenOrPrivateKeyInPlainText() throws Exception {
    String access = "calendly-access-PLAINTEXT-7f3a";
    String refreshToken = "calendly-refresh-PLAINTEXT-9c1e";
    Grant grant =
        grant("g1").withCalendly(new CalendlyTokens(AccessToken.of(access), RefreshToken.of(refreshToken), T0));
    SigningKey key = signingKey("k1", T0, true);
    String privatePart = key.key().getD().toString();
    store.createGrant(grant, code("the-code-itself", "g1")).block();
    store.saveRefreshToken(refresh("our-refresh-token-itself", "g1")).block();
    store.savePending(pending("state-1", T0.plusSeconds(600))).block();
    store.saveSigningKey(key).block();
    store.updateCalendlyTokens("g1", new CalendlyTokens(AccessToken.of(access + "-2"), RefreshToken.of(refreshToken + "-2"), T0)).block();

    String[] secrets = {access, refreshToken, privatePart, "the-code-itself", "our-refresh-token-itself", "verifier-state-1"};
    Path wal = dir.resolve("auth.db-wal");
    assertThat(wal).exists();
    assertNoneIn(dir.resolve("auth.db"), secrets);
    assertNoneIn(wal, secrets);
    // The check reads the right bytes: what is stored in the clear is there.
    assertThat(Files.readString(wal, StandardCharsets.ISO_8859_1)).contains(grant.userUri(), "client-state-state-1");

    store.close(); // checkpoints the WAL into the database file
    assertNoneIn(dir.resolve("auth.db"), secrets);
    store = reopen();
    assertThat(store.findGrant("g1").block().calendly().accessToken().reveal()).isEqualTo(access + "-2");
  }

  private static void assertNoneIn(Path file, String... secrets) throws Exception {
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    for (String secret : secrets) {
      assertThat(bytes).as("%s holds a secret in plain text", file.getFileName()).doesNotContain(secret);
    }
  }

  @Test
  void aSealedTokenCopiedToAnotherGrantDoesNotOpen() throws Exception {
    store.createGrant(grant("g1"), code("c1", "g1")).block();
    store.createGrant(grant("g2"), code("c2", "g2")).block();

    try (Connection raw = raw()) {
      raw.createStatement()
          .executeUpdate(
              "UPDATE grants SET calendly_access_token_sealed ="
                  + " (SELECT calendly_access_token_sealed FROM grants WHERE grant_id = 'g1') WHERE grant_id = 'g2'");
    }

    assertThatThrownBy(() -> store.findGrant("g2").block()).isInstanceOf(SecretBox.UnreadableSecretException.class);
    assertThat(store.findGrant("g1").block()).isEqualTo(grant("g1"));
  }

  @Test
  void anotherMasterKeyIsRefusedAtOpen() {
    store.createGrant(grant("g1"), code("c1", "g1")).block();
    store.close();

    assertThatThrownBy(() -> SqliteAuthStore.open(dir, SecretBox.loadOrCreate(dir, SecretBoxTest.envWithRandomKey())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("another master key")
        .hasMessageContaining(SecretBox.MASTER_KEY_ENV);
    store = reopen();
    assertThat(store.findGrant("g1").block()).isEqualTo(grant("g1"));
  }

  @Test
  void theSchemaVersionIsRecordedAndANewerDatabaseIsRefused() throws Exception {
    store.close();
    try (Connection raw = raw(); Statement statement = raw.createStatement()) {
      assertThat(pragma(statement, "user_version")).isEqualTo(String.valueOf(SqliteSchema.currentVersion()));
      assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
      statement.execute("PRAGMA user_version = 99");
    }

    assertThatThrownBy(this::reopen)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("up to " + SqliteSchema.currentVersion());

    try (Connection raw = raw(); Statement statement = raw.createStatement()) {
      statement.execute("PRAGMA user_version = " + SqliteSchema.currentVersion());
    }
    store = reopen();
  }

  @Test
  void aVersionOneDatabaseIsUpgradedKeepingEverythingButTheLoginsInProgress() throws Exception {
    store.saveClient(registeredClient("c1")).block();
    store.savePending(pending("state-1", T0.plusSeconds(600))).block();
    store.close();
    // Version 1 as it was released: logins bound to nothing, with no word of consent.
    try (Connection raw = raw(); Statement statement = raw.createStatement()) {
      statement.execute("ALTER TABLE pending_authorizations DROP COLUMN consent_given");
      statement.execute("ALTER TABLE pending_authorizations RENAME COLUMN browser_hash TO browser_session_hash");
      statement.execute("UPDATE pending_authorizations SET browser_session_hash = NULL");
      statement.execute("DROP INDEX grants_by_client");
      statement.execute("DROP INDEX pending_authorizations_by_client");
      statement.execute("DROP TABLE calendly_webhooks");
      statement.execute("ALTER TABLE consents DROP COLUMN policy");
      statement.execute("ALTER TABLE pending_authorizations DROP COLUMN policy");
      statement.execute("PRAGMA user_version = 1");
    }

    store = reopen();

    assertThat(store.findClient("c1").block()).isEqualTo(registeredClient("c1"));
    assertThat(store.findPending("state-1", T0).blockOptional()).isEmpty();
    store.savePending(pending("state-2", T0.plusSeconds(600))).block();
    assertThat(store.takePending("state-2", T0).block()).isEqualTo(pending("state-2", T0.plusSeconds(600)));
    try (Connection raw = raw(); Statement statement = raw.createStatement()) {
      assertThat(pragma(statement, "user_version")).isEqualTo(String.valueOf(SqliteSchema.currentVersion()));
    }
  }

  @Test
  void aVersionFourDatabaseIsUpgradedKeepingItsConsentsWithoutAPolicyAndThenStoresPolicies() throws Exception {
    Consent before = AuthRecords.consent(USER, "client-a", Set.of("calendly:read", "calendly:write"));
    store.saveConsent(before).block();
    store.close();
    // Version 4 as it was released: consents and logins with no policy column.
    try (Connection raw = raw(); Statement statement = raw.createStatement()) {
      statement.execute("ALTER TABLE consents DROP COLUMN policy");
      statement.execute("ALTER TABLE pending_authorizations DROP COLUMN policy");
      statement.execute("PRAGMA user_version = 4");
    }

    store = reopen();

    assertThat(store.findConsent(USER, "client-a").block()).isEqualTo(before);
    assertThat(before.policy()).isEmpty();
    Policy chosen = Policy.consentDefault().with(PolicyResource.BOOKING, new ResourceGrant(AccessLevel.WRITE, true));
    store.saveConsent(before.withPolicy(chosen)).block();
    store.close();
    store = reopen();
    assertThat(store.findConsent(USER, "client-a").block().policy()).contains(chosen);
    try (Connection raw = raw(); Statement statement = raw.createStatement()) {
      assertThat(pragma(statement, "user_version")).isEqualTo(String.valueOf(SqliteSchema.currentVersion()));
    }
  }

  @Test
  void theDataDirectoryAndDatabaseAreOwnerOnly() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    store.close();
    Path dataDir = dir.resolve("fresh");
    store = SqliteAuthStore.open(dataDir, SecretBox.loadOrCreate(dataDir, Map.of()));
    store.saveClient(registeredClient("c1")).block();

    assertThat(permissions(dataDir)).isEqualTo("rwx------");
    for (String file : new String[] {"auth.db", "auth.db-wal", "auth.db-shm", "master.key"}) {
      assertThat(permissions(dataDir.resolve(file))).as(file).isEqualTo("rw-------");
    }
  }

  @Test
  void purgingDeletesOnlyWhatHasExpired() {
    store.savePending(pending("old", T0.plusSeconds(10))).block();
    store.savePending(pending("live", T0.plusSeconds(1000))).block();
    store.createGrant(grant("g1"), code("old-code", "g1", T0.plusSeconds(10))).block();
    store.createGrant(grant("g2"), code("live-code", "g2", T0.plusSeconds(1000))).block();
    store.saveRefreshToken(refresh("r-old", "g1", T0.plusSeconds(10))).block();
    store.saveRefreshToken(refresh("r-live", "g1", T0.plusSeconds(1000))).block();
    store.saveBrowserSession(new BrowserSession("s-old", USER, T0.plusSeconds(10))).block();
    store.saveBrowserSession(new BrowserSession("s-live", USER, T0.plusSeconds(1000))).block();
    store.saveSigningKey(signingKey("retired", T0.minus(Duration.ofDays(100)), false)).block();
    store.saveSigningKey(signingKey("current", T0, true)).block();

    sqlite().purgeExpired(T0.plusSeconds(10)).block();

    assertThat(count("pending_authorizations")).isEqualTo(1);
    assertThat(count("authorization_codes")).isEqualTo(1);
    assertThat(count("refresh_tokens")).isEqualTo(1);
    assertThat(count("browser_sessions")).isEqualTo(1);
    assertThat(store.signingKeys().map(SigningKey::kid).collectList().block()).containsExactly("current");
    assertThat(store.findRefreshToken(Hashes.sha256("r-live")).block()).isNotNull();
    assertThat(store.findGrant("g1").block().isActive()).isTrue();
    assertThat(store.consumeCode(Hashes.sha256("live-code"), T0).block()).isNotNull();
  }

  @Test
  void openingPurgesWhatExpiredMeanwhile() {
    store.savePending(pending("old", T0.plusSeconds(10))).block();
    store.savePending(pending("live", T0.plusSeconds(1000))).block();
    store.close();

    store = SqliteAuthStore.open(dir, SecretBox.loadOrCreate(dir, env), Clock.fixed(T0.plusSeconds(500), ZoneOffset.UTC));

    assertThat(count("pending_authorizations")).isEqualTo(1);
    assertThat(store.takePending("live", T0.plusSeconds(500)).block()).isNotNull();
  }

  @Test
  void answersArriveOffTheCallersThread() {
    store.createGrant(grant("g1"), code("c1", "g1")).block();

    String caller = Thread.currentThread().getName();
    String answeredOn = store.findGrant("g1").map(grant -> Thread.currentThread().getName()).block();

    assertThat(answeredOn).isNotEqualTo(caller).startsWith("parallel");
  }

  @Test
  void aScopeThatCouldNotBeSplitBackIsRefusedAndNothingIsWritten() {
    Grant spaced = new Grant("g1", "client-1", USER, "org", Set.of("calendly read"), AuthRecords.RESOURCE,
        AuthRecords.calendly("t"), T0, Optional.empty());

    assertThatThrownBy(() -> store.createGrant(spaced, code("c1", "g1")).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whitespace");
    assertThat(store.findGrant("g1").blockOptional()).isEmpty();
  }

  @Test
  void aClosedStoreSaysSo() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.findGrant("g1").block()).hasMessageContaining("closed");
    store = reopen();
  }

  private Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("auth.db"));
  }

  private long count(String table) {
    try (Connection raw = raw(); Statement statement = raw.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
      return row.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pragma(Statement statement, String name) throws SQLException {
    try (ResultSet row = statement.executeQuery("PRAGMA " + name)) {
      return row.getString(1);
    }
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
