package dev.calendlymcp.webhooks;

import dev.calendlymcp.auth.store.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;

/**
 * The durable inbox: one SQLite database, {@code webhooks.db}, owner-only, in the data directory.
 * {@link #accept} commits (WAL journal, {@code synchronous=FULL}) before it returns, so a delivery
 * we acknowledged survives {@code kill -9} and a power cut, and {@link #pending} hands it out
 * again after a restart. A processed delivery's body is erased at once (it holds invitees' names
 * and emails); its key stays for {@link #REMEMBERED} to recognise retries.
 *
 * <p>One connection, used by one caller at a time: SQLite admits one writer anyway, and the
 * receiver's traffic (one row per delivery) is far below what that allows.
 */
public final class SqliteWebhookInbox implements WebhookInbox {

  public static final String DATABASE_FILE = "webhooks.db";

  private static final int SCHEMA_VERSION = 1;

  private final Connection connection;
  private final Clock clock;

  private SqliteWebhookInbox(Connection connection, Clock clock) {
    this.connection = connection;
    this.clock = clock;
  }

  /** Opens (creating if need be) the inbox in {@code dataDir}; blocks while it does. */
  public static SqliteWebhookInbox open(Path dataDir, Clock clock) {
    Path file = dataDir.resolve(DATABASE_FILE);
    Connection connection = null;
    try {
      PrivateFiles.directory(dataDir);
      // SQLite gives the -wal and -shm files the database file's permissions, so 600 here covers them.
      PrivateFiles.file(file);
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.setBusyTimeout(5_000);
      // Freed space is zeroed, so an erased body does not linger in the file's free pages.
      config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
      connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
      migrate(connection, file);
      return new SqliteWebhookInbox(connection, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the webhook inbox in " + dataDir, e);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IllegalStateException("cannot open the webhook inbox " + file + ": " + e.getMessage(), e);
    }
  }

  private static void migrate(Connection connection, Path file) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      int version;
      try (ResultSet result = statement.executeQuery("PRAGMA user_version")) {
        version = result.next() ? result.getInt(1) : 0;
      }
      if (version > SCHEMA_VERSION) {
        throw new IllegalStateException("the webhook inbox " + file + " was written by a newer calendly-mcp"
            + " (schema " + version + "); upgrade, or move the file away");
      }
      if (version < 1) {
        statement.executeUpdate("CREATE TABLE deliveries ("
            + " key TEXT PRIMARY KEY,"
            + " received_at INTEGER NOT NULL,"
            // Null once processed: a pending delivery is one that still has its body.
            + " body TEXT)");
        statement.executeUpdate("CREATE INDEX deliveries_received ON deliveries (received_at)");
        statement.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
      }
    }
  }

  @Override
  public synchronized boolean accept(Delivery delivery) {
    try {
      forget(clock.instant().minus(REMEMBERED));
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT OR IGNORE INTO deliveries (key, received_at, body) VALUES (?, ?, ?)")) {
        insert.setString(1, delivery.key());
        insert.setLong(2, delivery.receivedAt().toEpochMilli());
        insert.setString(3, delivery.body());
        return insert.executeUpdate() == 1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the webhook inbox could not keep a delivery: " + e.getMessage(), e);
    }
  }

  /** Keys of processed deliveries older than the retry window; pending ones are kept whatever their age. */
  private void forget(Instant before) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM deliveries WHERE body IS NULL AND received_at < ?")) {
      delete.setLong(1, before.toEpochMilli());
      delete.executeUpdate();
    }
  }

  @Override
  public synchronized List<Delivery> pending(int limit) {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT key, received_at, body FROM deliveries WHERE body IS NOT NULL ORDER BY rowid LIMIT ?")) {
      select.setInt(1, limit);
      List<Delivery> out = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          out.add(new Delivery(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("the webhook inbox could not be read: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void done(String key) {
    try (PreparedStatement update = connection.prepareStatement("UPDATE deliveries SET body = NULL WHERE key = ?")) {
      update.setString(1, key);
      update.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("the webhook inbox could not mark a delivery done: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Closing is best effort; every committed write is already on disk.
      }
    }
  }
}
