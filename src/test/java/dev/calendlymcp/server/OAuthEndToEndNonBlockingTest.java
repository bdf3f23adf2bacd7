package dev.calendlymcp.server;

import dev.calendlymcp.auth.store.SecretBox;
import dev.calendlymcp.auth.store.SqliteAuthStore;
import dev.calendlymcp.testing.NoBlockingCalls;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole remote-agent flow of {@link OAuthEndToEndTest} again, on the durable SQLite store as
 * {@code http} runs it, with BlockHound watching: no HTTP handler, tool or store call may block an
 * event loop.
 */
@ExtendWith(NoBlockingCalls.class)
class OAuthEndToEndNonBlockingTest extends OAuthEndToEndTest {

  @TempDir
  Path dataDir;

  @Override
  OAuthServerFixture newFixture() {
    return new OAuthServerFixture(true, SqliteAuthStore.open(dataDir, SecretBox.loadOrCreate(dataDir, Map.of())));
  }
}
