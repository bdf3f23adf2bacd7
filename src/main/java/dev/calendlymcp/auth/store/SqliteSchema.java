package dev.calendlymcp.auth.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of {@code auth.db}, as an ordered list of migrations. {@code PRAGMA user_version}
 * counts the migrations a database has had; opening applies the missing ones, each in its own
 * transaction together with the new version number, so a crash mid-upgrade leaves the previous
 * version intact. A migration, once released, is never edited: changes go in a new one.
 *
 * <p>Instants are INTEGER nanoseconds since the epoch (exact, and comparable in SQL); sets of
 * scopes and lists of URIs are space-separated (neither may contain a space). Columns ending in
 * {@code _sealed} hold {@link SecretBox} output; hashes are {@link Hashes#sha256}.
 */
final class SqliteSchema {

  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              """
              CREATE TABLE meta (
                name TEXT PRIMARY KEY,
                value TEXT NOT NULL
              ) STRICT""",
              """
              CREATE TABLE clients (
                client_id TEXT PRIMARY KEY,
                client_name TEXT NOT NULL,
                redirect_uris TEXT NOT NULL,
                secret_hash TEXT,
                metadata_json TEXT NOT NULL,
                source TEXT NOT NULL,
                issued_at INTEGER NOT NULL,
                refresh_after INTEGER
              ) STRICT""",
              """
              CREATE TABLE pending_authorizations (
                id TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                redirect_uri TEXT NOT NULL,
                client_state TEXT,
                code_challenge TEXT NOT NULL,
                scopes TEXT NOT NULL,
                resource TEXT NOT NULL,
                upstream_verifier_sealed TEXT NOT NULL,
                browser_session_hash TEXT,
                expires_at INTEGER NOT NULL
              ) STRICT""",
              """
              CREATE TABLE grants (
                grant_id TEXT PRIMARY KEY,
                client_id TEXT NOT NULL,
                user_uri TEXT NOT NULL,
                organization_uri TEXT NOT NULL,
                scopes TEXT NOT NULL,
                resource TEXT NOT NULL,
                calendly_access_token_sealed TEXT NOT NULL,
                calendly_refresh_token_sealed TEXT NOT NULL,
                calendly_expires_at INTEGER NOT NULL,
                created_at INTEGER NOT NULL,
                revoked_at INTEGER
              ) STRICT""",
              "CREATE INDEX grants_by_user ON grants (user_uri) WHERE revoked_at IS NULL",
              """
              CREATE TABLE authorization_codes (
                code_hash TEXT PRIMARY KEY,
                grant_id TEXT NOT NULL REFERENCES grants (grant_id),
                client_id TEXT NOT NULL,
                redirect_uri TEXT NOT NULL,
                code_challenge TEXT NOT NULL,
                resource TEXT NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER
              ) STRICT""",
              "CREATE INDEX authorization_codes_by_grant ON authorization_codes (grant_id)",
              """
              CREATE TABLE refresh_tokens (
                token_hash TEXT PRIMARY KEY,
                grant_id TEXT NOT NULL REFERENCES grants (grant_id),
                issued_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER
              ) STRICT""",
              "CREATE INDEX refresh_tokens_by_grant ON refresh_tokens (grant_id)",
              """
              CREATE TABLE consents (
                user_uri TEXT NOT NULL,
                client_id TEXT NOT NULL,
                scopes TEXT NOT NULL,
                granted_at INTEGER NOT NULL,
                PRIMARY KEY (user_uri, client_id)
              ) STRICT""",
              """
              CREATE TABLE browser_sessions (
                id_hash TEXT PRIMARY KEY,
                user_uri TEXT NOT NULL,
                expires_at INTEGER NOT NULL
              ) STRICT""",
              """
              CREATE TABLE signing_keys (
                kid TEXT PRIMARY KEY,
                private_jwk_sealed TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                active INTEGER NOT NULL,
                retire_at INTEGER NOT NULL
              ) STRICT"""),
          // Logins are bound to the browser that started them (the hash of its login cookie) and
          // say whether the user approved our consent page. Logins in progress at the upgrade
          // were bound to nothing: they must start again.
          List.of(
              "DELETE FROM pending_authorizations",
              "ALTER TABLE pending_authorizations RENAME COLUMN browser_session_hash TO browser_hash",
              "ALTER TABLE pending_authorizations ADD COLUMN consent_given INTEGER NOT NULL DEFAULT 0"),
          // The hourly purge looks for clients that hold no grant and no login in progress.
          List.of(
              "CREATE INDEX grants_by_client ON grants (client_id)",
              "CREATE INDEX pending_authorizations_by_client ON pending_authorizations (client_id)"),
          // The Calendly webhook subscription of each account, with the signing key we chose for it:
          // Calendly never shows that key again, and a restart must keep verifying and reusing it.
          List.of(
              """
              CREATE TABLE calendly_webhooks (
                account TEXT PRIMARY KEY,
                subscription_uri TEXT NOT NULL,
                callback_url TEXT NOT NULL,
                signing_key_sealed TEXT NOT NULL,
                created_at INTEGER NOT NULL
              ) STRICT"""),
          // Each consent keeps the policy its user chose for the client (Policy#wireText), and a
          // login carries it from our consent page to the callback. Consents given before this
          // have none (NULL) and keep their scopes' behaviour until the user picks one.
          List.of(
              "ALTER TABLE consents ADD COLUMN policy TEXT",
              "ALTER TABLE pending_authorizations ADD COLUMN policy TEXT"));

  private SqliteSchema() {}

  /** The version this code writes. */
  static int currentVersion() {
    return MIGRATIONS.size();
  }

  /**
   * Brings the database up to {@link #currentVersion()}, one migration per transaction. Each reads
   * the version under the write lock, so two processes opening one database never both migrate.
   *
   * @throws IllegalStateException if the database is newer than this code
   */
  static void migrate(Connection connection, String where) throws SQLException {
    while (true) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
        try {
          int version = version(connection);
          if (version > currentVersion()) {
            throw new IllegalStateException(
                where + " has schema version " + version + " but this calendly-mcp knows versions up to "
                    + currentVersion() + ": run the newer calendly-mcp that wrote it, or restore a backup made before"
                    + " the upgrade");
          }
          if (version == currentVersion()) {
            statement.execute("COMMIT");
            return;
          }
          for (String sql : MIGRATIONS.get(version)) {
            statement.execute(sql);
          }
          // user_version lives in the database header, which this transaction writes with the tables.
          statement.execute("PRAGMA user_version = " + (version + 1));
          statement.execute("COMMIT");
        } catch (SQLException | RuntimeException e) {
          statement.execute("ROLLBACK");
          throw e;
        }
      }
    }
  }

  static int version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("PRAGMA user_version")) {
      return row.getInt(1);
    }
  }
}
