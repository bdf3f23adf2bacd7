package dev.calendlymcp.auth.store;

import com.nimbusds.jose.jwk.ECKey;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.RefreshToken;
import dev.calendlymcp.policy.Policy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The durable {@link AuthStore}: one SQLite database, {@code auth.db}, in an owner-only data
 * directory. Every method is one transaction (WAL journal, {@code synchronous=FULL}), so a crash,
 * even {@code kill -9}, leaves all of a write or none of it, and a committed write survives a
 * power cut. Calendly tokens, PKCE verifiers and private keys are sealed by a {@link SecretBox}
 * with associated data naming their row and column; codes, refresh tokens and browser sessions are
 * only ever hashes. See {@link SqliteSchema} for the tables.
 *
 * <p>One connection, owned by one thread of its own, does all the work. SQLite lets one writer in
 * at a time whatever we do, so a pool would only add lock waits ({@code SQLITE_BUSY}) between our
 * own connections; a single owner makes every transaction run alone, in order, and keeps JDBC's
 * blocking calls off the caller's thread. Results are handed back on {@link Schedulers#parallel()},
 * so what a caller does next never holds up the store's thread. Each transaction takes well under
 * a millisecond, far below what the authorization server's traffic needs.
 */
public final class SqliteAuthStore implements AuthStore {

  public static final String DATABASE_FILE = "auth.db";

  private static final Logger log = LoggerFactory.getLogger(SqliteAuthStore.class);
  private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final String KEY_CHECK = "key_check";

  private final Connection connection;
  private final SecretBox box;
  private final PurgePolicy policy;
  private final Scheduler thread;
  private final Disposable purging;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean closed;

  private SqliteAuthStore(Connection connection, SecretBox box, PurgePolicy policy, Scheduler thread, Clock clock) {
    this.connection = connection;
    this.box = box;
    this.policy = policy;
    this.thread = thread;
    this.purging =
        thread.schedulePeriodically(
            () -> purgeQuietly(clock.instant()), PURGE_EVERY.toMillis(), PURGE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Opens (creating if need be) the store in {@code dataDir}; blocks while it does. */
  public static SqliteAuthStore open(Path dataDir, SecretBox box) {
    return open(dataDir, box, Clock.systemUTC());
  }

  /** Opens the store with the default {@link PurgePolicy}. */
  public static SqliteAuthStore open(Path dataDir, SecretBox box, Clock clock) {
    return open(dataDir, box, clock, PurgePolicy.defaults());
  }

  /**
   * Opens the store, applies missing schema migrations, checks that {@code box} has the master key
   * the database was written with, and purges what expired by {@code clock} (hourly too).
   *
   * @throws IllegalStateException if the database is newer than this code or was sealed with
   *     another master key
   */
  public static SqliteAuthStore open(Path dataDir, SecretBox box, Clock clock, PurgePolicy policy) {
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(policy, "policy");
    Path file = dataDir.resolve(DATABASE_FILE);
    SqliteAuthStore store =
        new SqliteAuthStore(connect(dataDir, file), box, policy, Schedulers.newSingle("auth-store", true), clock);
    try {
      // Still on the caller's thread, which is safe: no other thread has the store yet.
      store.inTransaction("BEGIN IMMEDIATE", () -> store.checkMasterKey(file));
      store.inTransaction("BEGIN IMMEDIATE", () -> store.purge(clock.instant()));
      return store;
    } catch (SQLException e) {
      store.close();
      throw new IllegalStateException("cannot open the auth store " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  private static Connection connect(Path dataDir, Path file) {
    Connection connection = null;
    try {
      PrivateFiles.directory(dataDir);
      // SQLite gives the -wal and -shm files the database file's permissions, so 600 here covers them.
      PrivateFiles.file(file);
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.enforceForeignKeys(true);
      config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
      connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      SqliteSchema.migrate(connection, file.toString());
      return connection;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the auth store in " + dataDir, e);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IllegalStateException("cannot open the auth store " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  // Clients

  @Override
  public Mono<Void> saveClient(OAuthClient client) {
    Objects.requireNonNull(client, "client");
    return write(
        () ->
            update(
                "INSERT OR REPLACE INTO clients (client_id, client_name, redirect_uris, secret_hash, metadata_json, source,"
                    + " issued_at, refresh_after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                client.clientId(),
                client.clientName(),
                joined(client.redirectUris().stream().map(URI::toString).toList(), "redirect URI"),
                client.secretHash().orElse(null),
                client.metadataJson(),
                client.source().name(),
                nanos(client.issuedAt()),
                client.refreshAfter().map(SqliteAuthStore::nanos).orElse(null)));
  }

  @Override
  public Mono<OAuthClient> findClient(String clientId) {
    return read(() -> one("SELECT * FROM clients WHERE client_id = ?", this::client, clientId));
  }

  // Logins in progress

  @Override
  public Mono<Void> savePending(PendingAuthorization pending) {
    Objects.requireNonNull(pending, "pending");
    return write(
        () ->
            update(
                "INSERT OR REPLACE INTO pending_authorizations (id, client_id, redirect_uri, client_state, code_challenge,"
                    + " scopes, resource, upstream_verifier_sealed, browser_hash, consent_given, expires_at, policy)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                pending.id(),
                pending.clientId(),
                pending.redirectUri().toString(),
                pending.clientState(),
                pending.codeChallenge(),
                scopes(pending.scopes()),
                pending.resource().toString(),
                box.seal(pending.upstreamVerifier().reveal(), pendingVerifierPlace(pending.id())),
                pending.browserHash(),
                pending.consentGiven() ? 1 : 0,
                nanos(pending.expiresAt()),
                pending.policy().map(Policy::wireText).orElse(null)));
  }

  @Override
  public Mono<PendingAuthorization> findPending(String id, Instant now) {
    return read(
        () -> {
          PendingAuthorization pending = one("SELECT * FROM pending_authorizations WHERE id = ?", this::pending, id);
          return pending != null && now.isBefore(pending.expiresAt()) ? pending : null;
        });
  }

  @Override
  public Mono<PendingAuthorization> takePending(String id, Instant now) {
    return write(
        () -> {
          PendingAuthorization pending = one("SELECT * FROM pending_authorizations WHERE id = ?", this::pending, id);
          if (pending == null) {
            return null;
          }
          update("DELETE FROM pending_authorizations WHERE id = ?", id);
          return now.isBefore(pending.expiresAt()) ? pending : null;
        });
  }

  // Grants and codes

  @Override
  public Mono<Void> createGrant(Grant grant, AuthorizationCode code) {
    Objects.requireNonNull(grant, "grant");
    Objects.requireNonNull(code, "code");
    if (!code.grantId().equals(grant.grantId())) {
      return Mono.error(new IllegalArgumentException("the code must hand over the grant it is stored with"));
    }
    return write(
        () -> {
          update(
              "INSERT INTO grants (grant_id, client_id, user_uri, organization_uri, scopes, resource,"
                  + " calendly_access_token_sealed, calendly_refresh_token_sealed, calendly_expires_at, created_at,"
                  + " revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              grant.grantId(),
              grant.clientId(),
              grant.userUri(),
              grant.organizationUri(),
              scopes(grant.scopes()),
              grant.resource().toString(),
              box.seal(grant.calendly().accessToken().reveal(), accessTokenPlace(grant.grantId())),
              box.seal(grant.calendly().refreshToken().reveal(), refreshTokenPlace(grant.grantId())),
              nanos(grant.calendly().expiresAt()),
              nanos(grant.createdAt()),
              grant.revokedAt().map(SqliteAuthStore::nanos).orElse(null));
          update(
              "INSERT INTO authorization_codes (code_hash, grant_id, client_id, redirect_uri, code_challenge, resource,"
                  + " expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
              code.codeHash(),
              code.grantId(),
              code.clientId(),
              code.redirectUri().toString(),
              code.codeChallenge(),
              code.resource().toString(),
              nanos(code.expiresAt()));
          return null;
        });
  }

  @Override
  public Mono<AuthorizationCode> findCode(String codeHash) {
    return read(() -> one("SELECT * FROM authorization_codes WHERE code_hash = ?", SqliteAuthStore::code, codeHash));
  }

  @Override
  public Mono<AuthorizationCode> consumeCode(String codeHash, Instant now) {
    return write(
        () -> {
          AuthorizationCode code = one("SELECT * FROM authorization_codes WHERE code_hash = ?", SqliteAuthStore::code, codeHash);
          if (code == null) {
            return null;
          }
          if (one("SELECT used_at FROM authorization_codes WHERE code_hash = ?", row -> optionalInstant(row, "used_at"), codeHash)
              .isPresent()) {
            revoke(code.grantId(), now);
            return null;
          }
          if (!now.isBefore(code.expiresAt())) {
            return null;
          }
          update("UPDATE authorization_codes SET used_at = ? WHERE code_hash = ?", nanos(now), codeHash);
          return code;
        });
  }

  @Override
  public Mono<Grant> findGrant(String grantId) {
    return read(() -> one("SELECT * FROM grants WHERE grant_id = ?", this::grant, grantId));
  }

  @Override
  public Mono<Void> updateCalendlyTokens(String grantId, CalendlyTokens tokens) {
    Objects.requireNonNull(tokens, "tokens");
    return write(
        () ->
            update(
                "UPDATE grants SET calendly_access_token_sealed = ?, calendly_refresh_token_sealed = ?,"
                    + " calendly_expires_at = ? WHERE grant_id = ?",
                box.seal(tokens.accessToken().reveal(), accessTokenPlace(grantId)),
                box.seal(tokens.refreshToken().reveal(), refreshTokenPlace(grantId)),
                nanos(tokens.expiresAt()),
                grantId));
  }

  @Override
  public Mono<Void> revokeGrant(String grantId, Instant now) {
    Objects.requireNonNull(now, "now");
    return write(
        () -> {
          revoke(grantId, now);
          return null;
        });
  }

  @Override
  public Flux<Grant> grantsOf(String userUri) {
    return readAll(
        () ->
            many(
                "SELECT * FROM grants WHERE user_uri = ? AND revoked_at IS NULL ORDER BY created_at, grant_id",
                this::grant,
                userUri));
  }

  // Refresh tokens

  @Override
  public Mono<Void> saveRefreshToken(RefreshTokenRecord token) {
    Objects.requireNonNull(token, "token");
    return write(() -> insertRefreshToken(token));
  }

  @Override
  public Mono<RefreshRotation> rotateRefreshToken(String presentedHash, RefreshTokenRecord next, Instant now) {
    Objects.requireNonNull(next, "next");
    return write(
        () -> {
          RefreshTokenRecord presented =
              one("SELECT * FROM refresh_tokens WHERE token_hash = ?", SqliteAuthStore::refreshToken, presentedHash);
          Grant grant = presented == null ? null : one("SELECT * FROM grants WHERE grant_id = ?", this::grant, presented.grantId());
          RefreshRotation outcome = RefreshRotation.decide(presented, grant, next, now);
          if (outcome instanceof RefreshRotation.Reused reused) {
            revoke(reused.grantId(), now);
          } else if (outcome instanceof RefreshRotation.Rotated rotated) {
            update("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?", nanos(now), presentedHash);
            insertRefreshToken(rotated.next());
          }
          return outcome;
        });
  }

  @Override
  public Mono<RefreshTokenRecord> findRefreshToken(String tokenHash) {
    return read(() -> one("SELECT * FROM refresh_tokens WHERE token_hash = ?", SqliteAuthStore::refreshToken, tokenHash));
  }

  // Consents and browser sessions

  @Override
  public Mono<Void> saveConsent(Consent consent) {
    Objects.requireNonNull(consent, "consent");
    return write(
        () ->
            update(
                "INSERT OR REPLACE INTO consents (user_uri, client_id, scopes, granted_at, policy) VALUES (?, ?, ?, ?, ?)",
                consent.userUri(),
                consent.clientId(),
                scopes(consent.scopes()),
                nanos(consent.grantedAt()),
                consent.policy().map(Policy::wireText).orElse(null)));
  }

  @Override
  public Mono<Consent> findConsent(String userUri, String clientId) {
    return read(
        () -> one("SELECT * FROM consents WHERE user_uri = ? AND client_id = ?", SqliteAuthStore::consent, userUri, clientId));
  }

  @Override
  public Flux<Consent> consentsOf(String userUri) {
    return readAll(() -> many("SELECT * FROM consents WHERE user_uri = ? ORDER BY client_id", SqliteAuthStore::consent, userUri));
  }

  @Override
  public Mono<Void> deleteConsent(String userUri, String clientId) {
    return write(() -> update("DELETE FROM consents WHERE user_uri = ? AND client_id = ?", userUri, clientId));
  }

  @Override
  public Mono<Void> saveBrowserSession(BrowserSession session) {
    Objects.requireNonNull(session, "session");
    return write(
        () ->
            update(
                "INSERT OR REPLACE INTO browser_sessions (id_hash, user_uri, expires_at) VALUES (?, ?, ?)",
                session.idHash(),
                session.userUri(),
                nanos(session.expiresAt())));
  }

  @Override
  public Mono<BrowserSession> findBrowserSession(String idHash, Instant now) {
    return read(
        () ->
            one(
                "SELECT * FROM browser_sessions WHERE id_hash = ? AND expires_at > ?",
                row -> new BrowserSession(row.getString("id_hash"), row.getString("user_uri"), instant(row, "expires_at")),
                idHash,
                nanos(now)));
  }

  // Signing keys

  @Override
  public Mono<Void> saveSigningKey(SigningKey key) {
    Objects.requireNonNull(key, "key");
    return write(
        () ->
            update(
                "INSERT OR REPLACE INTO signing_keys (kid, private_jwk_sealed, created_at, active, retire_at)"
                    + " VALUES (?, ?, ?, ?, ?)",
                key.kid(),
                box.seal(key.key().toJSONString(), signingKeyPlace(key.kid())),
                nanos(key.createdAt()),
                key.active() ? 1 : 0,
                nanos(key.retireAt())));
  }

  @Override
  public Flux<SigningKey> signingKeys() {
    return readAll(() -> many("SELECT * FROM signing_keys ORDER BY created_at DESC, kid", this::signingKey));
  }

  // Calendly webhooks

  @Override
  public Mono<Void> saveWebhook(CalendlyWebhook webhook) {
    Objects.requireNonNull(webhook, "webhook");
    return write(
        () ->
            update(
                "INSERT OR REPLACE INTO calendly_webhooks (account, subscription_uri, callback_url, signing_key_sealed,"
                    + " created_at) VALUES (?, ?, ?, ?, ?)",
                webhook.account(),
                webhook.subscription().toString(),
                webhook.callbackUrl().toString(),
                box.seal(webhook.signingKey(), webhookKeyPlace(webhook.account())),
                nanos(webhook.createdAt())));
  }

  @Override
  public Mono<CalendlyWebhook> findWebhook(String account) {
    return read(() -> one("SELECT * FROM calendly_webhooks WHERE account = ?", this::webhook, account));
  }

  @Override
  public Flux<CalendlyWebhook> webhooks() {
    return readAll(() -> many("SELECT * FROM calendly_webhooks ORDER BY created_at, account", this::webhook));
  }

  @Override
  public Mono<Void> deleteWebhook(String account) {
    return write(() -> update("DELETE FROM calendly_webhooks WHERE account = ?", account));
  }

  private CalendlyWebhook webhook(ResultSet row) throws SQLException {
    String account = row.getString("account");
    return new CalendlyWebhook(account, URI.create(row.getString("subscription_uri")),
        URI.create(row.getString("callback_url")),
        box.open(row.getString("signing_key_sealed"), webhookKeyPlace(account)), instant(row, "created_at"));
  }

  private static String webhookKeyPlace(String account) {
    return "calendly_webhooks/" + account + "/signing_key";
  }

  /** Runs on open and every hour, by the clock the store was opened with. */
  @Override
  public Mono<Void> purgeExpired(Instant now) {
    Objects.requireNonNull(now, "now");
    return write(() -> purge(now));
  }

  /**
   * Waits for the work already asked of the store, then closes the database. Later calls fail
   * with "the auth store is closed".
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    purging.dispose();
    CompletableFuture<Void> done = new CompletableFuture<>();
    thread.schedule(
        () -> {
          closed = true;
          try {
            connection.close();
            done.complete(null);
          } catch (SQLException e) {
            done.completeExceptionally(e);
          }
        });
    try {
      done.get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("the auth store did not close cleanly; SQLite recovers it on the next open", e);
    } finally {
      thread.dispose();
    }
  }

  // The store's thread: transactions

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  @FunctionalInterface
  private interface Row<T> {
    T map(ResultSet row) throws SQLException;
  }

  private <T> Mono<T> read(Work<T> work) {
    return transaction("BEGIN", work);
  }

  private <T> Flux<T> readAll(Work<List<T>> work) {
    return read(work).flatMapIterable(items -> items);
  }

  /** Takes the write lock up front, so a transaction that reads first never fails to upgrade it. */
  private <T> Mono<T> write(Work<T> work) {
    return transaction("BEGIN IMMEDIATE", work);
  }

  private <T> Mono<T> transaction(String begin, Work<T> work) {
    return Mono.defer(
        () ->
            closing.get()
                ? Mono.error(new IllegalStateException("the auth store is closed"))
                : Mono.fromCallable(() -> inTransaction(begin, work)).subscribeOn(thread).publishOn(Schedulers.parallel()));
  }

  private <T> T inTransaction(String begin, Work<T> work) throws SQLException {
    if (closed) {
      throw new IllegalStateException("the auth store is closed");
    }
    execute(begin);
    try {
      T result = work.run();
      execute("COMMIT");
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        execute("ROLLBACK");
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  private void purgeQuietly(Instant now) {
    try {
      inTransaction("BEGIN IMMEDIATE", () -> purge(now));
    } catch (SQLException | RuntimeException e) {
      log.warn("purging expired auth records failed; the next purge tries again", e);
    }
  }

  private Void purge(Instant now) throws SQLException {
    long at = nanos(now);
    update("DELETE FROM pending_authorizations WHERE expires_at <= ?", at);
    update("DELETE FROM browser_sessions WHERE expires_at <= ?", at);
    update("DELETE FROM signing_keys WHERE active = 0 AND retire_at <= ?", at);
    // Before expired codes and tokens go: a grant left with none that could still be used has ended.
    update(
        "UPDATE grants SET revoked_at = ? WHERE revoked_at IS NULL AND created_at <= ?"
            + " AND NOT EXISTS (SELECT 1 FROM authorization_codes c WHERE c.grant_id = grants.grant_id"
            + " AND c.used_at IS NULL AND c.expires_at > ?)"
            + " AND NOT EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.grant_id = grants.grant_id"
            + " AND r.used_at IS NULL AND r.expires_at > ?)",
        at, nanos(now.minus(PurgePolicy.LAPSE_GRACE)), at, at);
    update("DELETE FROM authorization_codes WHERE expires_at <= ?", at);
    update("DELETE FROM refresh_tokens WHERE expires_at <= ?", at);
    long endedBefore = nanos(now.minus(policy.endedGrantRetention()));
    String ended = "SELECT grant_id FROM grants WHERE revoked_at <= ?";
    update("DELETE FROM authorization_codes WHERE grant_id IN (" + ended + ")", endedBefore);
    update("DELETE FROM refresh_tokens WHERE grant_id IN (" + ended + ")", endedBefore);
    update("DELETE FROM grants WHERE revoked_at <= ?", endedBefore);
    String unused = "SELECT client_id FROM clients WHERE issued_at <= ?"
        + " AND NOT EXISTS (SELECT 1 FROM grants g WHERE g.client_id = clients.client_id)"
        + " AND NOT EXISTS (SELECT 1 FROM pending_authorizations p WHERE p.client_id = clients.client_id)";
    long unusedBefore = nanos(now.minus(policy.unusedClientLifetime()));
    update("DELETE FROM consents WHERE client_id IN (" + unused + ")", unusedBefore);
    update("DELETE FROM clients WHERE client_id IN (" + unused + ")", unusedBefore);
    return null;
  }

  /** Revokes the grant once, and marks its current refresh tokens used so none stays current. */
  private void revoke(String grantId, Instant now) throws SQLException {
    long at = nanos(now);
    if (updateCount("UPDATE grants SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL", at, grantId) > 0) {
      update("UPDATE refresh_tokens SET used_at = ? WHERE grant_id = ? AND used_at IS NULL", at, grantId);
    }
  }

  private Void insertRefreshToken(RefreshTokenRecord token) throws SQLException {
    update(
        "INSERT INTO refresh_tokens (token_hash, grant_id, issued_at, expires_at, used_at) VALUES (?, ?, ?, ?, ?)",
        token.tokenHash(),
        token.grantId(),
        nanos(token.issuedAt()),
        nanos(token.expiresAt()),
        token.usedAt().map(SqliteAuthStore::nanos).orElse(null));
    return null;
  }

  private void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private Void update(String sql, Object... args) throws SQLException {
    updateCount(sql, args);
    return null;
  }

  private int updateCount(String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(sql, args)) {
      return statement.executeUpdate();
    }
  }

  private <T> T one(String sql, Row<T> mapper, Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(sql, args);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? mapper.map(rows) : null;
    }
  }

  private <T> List<T> many(String sql, Row<T> mapper, Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(sql, args);
        ResultSet rows = statement.executeQuery()) {
      List<T> items = new ArrayList<>();
      while (rows.next()) {
        items.add(mapper.map(rows));
      }
      return items;
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        if (arg == null) {
          statement.setNull(i + 1, Types.NULL);
        } else if (arg instanceof Long number) {
          statement.setLong(i + 1, number);
        } else if (arg instanceof Integer number) {
          statement.setInt(i + 1, number);
        } else {
          statement.setString(i + 1, (String) arg);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  // Rows to records

  private OAuthClient client(ResultSet row) throws SQLException {
    return new OAuthClient(
        row.getString("client_id"),
        row.getString("client_name"),
        split(row.getString("redirect_uris")).stream().map(URI::create).toList(),
        Optional.ofNullable(row.getString("secret_hash")),
        row.getString("metadata_json"),
        OAuthClient.Source.valueOf(row.getString("source")),
        instant(row, "issued_at"),
        optionalInstant(row, "refresh_after"));
  }

  private PendingAuthorization pending(ResultSet row) throws SQLException {
    String id = row.getString("id");
    return new PendingAuthorization(
        id,
        row.getString("client_id"),
        URI.create(row.getString("redirect_uri")),
        row.getString("client_state"),
        row.getString("code_challenge"),
        Set.copyOf(split(row.getString("scopes"))),
        URI.create(row.getString("resource")),
        new PendingAuthorization.UpstreamVerifier(box.open(row.getString("upstream_verifier_sealed"), pendingVerifierPlace(id))),
        row.getString("browser_hash"),
        row.getInt("consent_given") != 0,
        instant(row, "expires_at"),
        policy(row));
  }

  private Grant grant(ResultSet row) throws SQLException {
    String grantId = row.getString("grant_id");
    CalendlyTokens calendly =
        new CalendlyTokens(
            AccessToken.of(box.open(row.getString("calendly_access_token_sealed"), accessTokenPlace(grantId))),
            RefreshToken.of(box.open(row.getString("calendly_refresh_token_sealed"), refreshTokenPlace(grantId))),
            instant(row, "calendly_expires_at"));
    return new Grant(
        grantId,
        row.getString("client_id"),
        row.getString("user_uri"),
        row.getString("organization_uri"),
        Set.copyOf(split(row.getString("scopes"))),
        URI.create(row.getString("resource")),
        calendly,
        instant(row, "created_at"),
        optionalInstant(row, "revoked_at"));
  }

  private static AuthorizationCode code(ResultSet row) throws SQLException {
    return new AuthorizationCode(
        row.getString("code_hash"),
        row.getString("grant_id"),
        row.getString("client_id"),
        URI.create(row.getString("redirect_uri")),
        row.getString("code_challenge"),
        URI.create(row.getString("resource")),
        instant(row, "expires_at"));
  }

  private static RefreshTokenRecord refreshToken(ResultSet row) throws SQLException {
    return new RefreshTokenRecord(
        row.getString("token_hash"),
        row.getString("grant_id"),
        instant(row, "issued_at"),
        instant(row, "expires_at"),
        optionalInstant(row, "used_at"));
  }

  private static Consent consent(ResultSet row) throws SQLException {
    return new Consent(
        row.getString("user_uri"), row.getString("client_id"), Set.copyOf(split(row.getString("scopes"))), instant(row, "granted_at"),
        policy(row));
  }

  /** The row's policy column; a value this code cannot read is a corrupt database, not "no policy". */
  private static Optional<Policy> policy(ResultSet row) throws SQLException {
    String text = row.getString("policy");
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Policy.fromWireText(text));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("a stored policy cannot be read: " + e.getMessage(), e);
    }
  }

  private SigningKey signingKey(ResultSet row) throws SQLException {
    String kid = row.getString("kid");
    ECKey key;
    try {
      key = ECKey.parse(box.open(row.getString("private_jwk_sealed"), signingKeyPlace(kid)));
    } catch (ParseException e) {
      throw new IllegalStateException("the stored signing key " + kid + " is not a valid EC JWK", e);
    }
    return new SigningKey(key, instant(row, "created_at"), row.getInt("active") != 0, instant(row, "retire_at"));
  }

  // Where each sealed value lives: its associated data, so it cannot be moved to another row or column

  private static String accessTokenPlace(String grantId) {
    return "grants/" + grantId + "/calendly_access_token";
  }

  private static String refreshTokenPlace(String grantId) {
    return "grants/" + grantId + "/calendly_refresh_token";
  }

  private static String pendingVerifierPlace(String id) {
    return "pending_authorizations/" + id + "/upstream_verifier";
  }

  private static String signingKeyPlace(String kid) {
    return "signing_keys/" + kid + "/private_jwk";
  }

  /**
   * Seals a known value on first open and opens it on every later one, so a wrong master key
   * fails at start-up with a message that says so, not later on the first grant read.
   */
  private Void checkMasterKey(Path file) throws SQLException {
    String place = "meta/" + KEY_CHECK;
    String sealed = one("SELECT value FROM meta WHERE name = ?", row -> row.getString(1), KEY_CHECK);
    if (sealed == null) {
      return update("INSERT INTO meta (name, value) VALUES (?, ?)", KEY_CHECK, box.seal(KEY_CHECK, place));
    }
    try {
      box.open(sealed, place);
      return null;
    } catch (SecretBox.UnreadableSecretException e) {
      throw new IllegalStateException(
          file + " was written with another master key: set " + SecretBox.MASTER_KEY_ENV + " to that key, or put back"
              + " the " + SecretBox.MASTER_KEY_FILE + " that was next to it",
          e);
    }
  }

  // Columns

  /** Nanoseconds since the epoch: exact round trips, and plain integer comparison in SQL. */
  private static long nanos(Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("the auth store keeps instants between the years 1678 and 2261, not " + instant, e);
    }
  }

  private static Instant instant(ResultSet row, String column) throws SQLException {
    long nanos = row.getLong(column);
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  private static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
    row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(instant(row, column));
  }

  private static String scopes(Set<String> scopes) {
    return joined(scopes.stream().sorted().toList(), "scope");
  }

  /** Space-separated, as OAuth writes scopes; a value with a space in it could not be split back. */
  private static String joined(Collection<String> values, String what) {
    for (String value : values) {
      if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("a " + what + " must be non-empty and contain no whitespace");
      }
    }
    return String.join(" ", values);
  }

  private static List<String> split(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split(" "));
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing a half-opened auth store failed", e);
      }
    }
  }
}
