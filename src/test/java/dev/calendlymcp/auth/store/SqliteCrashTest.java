package dev.calendlymcp.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 between issuing tokens and answering: a process writing grants is killed mid-loop, and
 * the store opened afterwards shows only whole grants, each with its code and readable secrets,
 * and every write the process had reported as done.
 */
class SqliteCrashTest {

  private static final int ROUNDS = 5;
  private static final int WRITES_BEFORE_KILL = 30;

  @TempDir Path dir;

  @Test
  @Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aKilledWriterLeavesOnlyWholeGrantsBehind() throws Exception {
    Set<String> granted = new LinkedHashSet<>();
    Set<String> refreshed = new LinkedHashSet<>();
    for (int round = 0; round < ROUNDS; round++) {
      String prefix = "round" + round;
      runAndKill(prefix, granted, refreshed);

      assertIntact();
      try (SqliteAuthStore store = SqliteAuthStore.open(dir, SecretBox.loadOrCreate(dir, Map.of()))) {
        List<String> stored = grantIds();
        assertThat(stored).containsAll(granted);
        for (String grantId : stored) {
          Grant grant = store.findGrant(grantId).block();
          assertThat(grant.calendly().accessToken().reveal()).isEqualTo(CrashWriter.accessToken(grantId));
          assertThat(codesOf(grantId)).as("the code of %s", grantId).isEqualTo(1);
        }
        // This round's codes still hand over their grants (earlier rounds consumed theirs).
        for (String grantId : stored) {
          if (grantId.startsWith(prefix + "-")) {
            assertThat(store.consumeCode(Hashes.sha256(CrashWriter.codeOf(grantId)), Instant.now()).block()).isNotNull();
          }
        }
        for (String grantId : refreshed) {
          assertThat(store.findRefreshToken(Hashes.sha256(CrashWriter.refreshTokenOf(grantId))).block().grantId())
              .isEqualTo(grantId);
        }
      }
    }
  }

  /** Starts a writer, reads its reports of committed writes, and kills it (SIGKILL) mid-loop. */
  private void runAndKill(String prefix, Set<String> granted, Set<String> refreshed) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                dir.toString(), prefix)
            .redirectError(dir.resolve(prefix + ".stderr").toFile())
            .start();
    try (BufferedReader out = child.inputReader()) {
      int refreshes = 0;
      while (refreshes < WRITES_BEFORE_KILL) {
        String line = out.readLine();
        assertThat(line).as("the writer ended early; see %s.stderr", prefix).isNotNull();
        String[] report = line.split(" ");
        if (report[0].equals("granted")) {
          granted.add(report[1]);
        } else {
          refreshed.add(report[1]);
          refreshes++;
        }
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private void assertIntact() throws SQLException {
    try (Connection raw = raw(); Statement statement = raw.createStatement()) {
      try (ResultSet row = statement.executeQuery("PRAGMA integrity_check")) {
        assertThat(row.getString(1)).isEqualTo("ok");
      }
      try (ResultSet rows = statement.executeQuery("PRAGMA foreign_key_check")) {
        assertThat(rows.next()).as("rows pointing at no grant").isFalse();
      }
    }
  }

  private List<String> grantIds() throws SQLException {
    try (Connection raw = raw(); Statement statement = raw.createStatement();
        ResultSet rows = statement.executeQuery("SELECT grant_id FROM grants")) {
      List<String> ids = new ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      return ids;
    }
  }

  private long codesOf(String grantId) throws SQLException {
    try (Connection raw = raw();
        var statement = raw.prepareStatement("SELECT count(*) FROM authorization_codes WHERE grant_id = ?")) {
      statement.setString(1, grantId);
      try (ResultSet row = statement.executeQuery()) {
        return row.getLong(1);
      }
    }
  }

  private Connection raw() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteAuthStore.DATABASE_FILE));
  }
}
