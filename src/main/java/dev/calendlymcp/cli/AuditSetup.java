package dev.calendlymcp.cli;

import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.audit.InMemoryAuditLog;
import dev.calendlymcp.audit.JsonLinesAuditLog;
import dev.calendlymcp.audit.PiiMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Where a serving command's audit log lives and what it keeps, from the shared server options. */
final class AuditSetup {

  /** The audit's folder inside the data folder. */
  static final String FOLDER = "audit";

  static final long MAX_RETENTION_DAYS = 3_650;

  private static final int SANDBOX_RECORDS = 10_000;

  private AuditSetup() {}

  /**
   * The audit of a serving command: in {@code --data-dir}, else the default data folder. A sandbox
   * run without {@code --data-dir} keeps its records in memory, since its Calendly is fake and
   * forgotten at exit too.
   *
   * @throws IllegalArgumentException naming a bad {@code --audit-pii} or {@code --audit-retention}
   */
  static AuditSettings open(ServerOptions options, Map<String, String> env) {
    PiiMode pii = PiiMode.fromWire(options.auditPii);
    if (options.auditRetentionDays < 1 || options.auditRetentionDays > MAX_RETENTION_DAYS) {
      throw new IllegalArgumentException("--audit-retention must be 1 to " + MAX_RETENTION_DAYS + " days, got "
          + options.auditRetentionDays);
    }
    if (options.dataDir == null && options.sandbox) {
      return new AuditSettings(new InMemoryAuditLog(SANDBOX_RECORDS), pii);
    }
    Path dir = folder(options.dataDir, env);
    return new AuditSettings(
        JsonLinesAuditLog.open(dir, Duration.ofDays(options.auditRetentionDays), Clock.systemUTC()), pii);
  }

  /** The audit folder of {@code dataDir}, else of the default data folder. */
  static Path folder(Path dataDir, Map<String, String> env) {
    return (dataDir != null ? dataDir : LoginStore.defaultDir(env)).resolve(FOLDER);
  }
}
