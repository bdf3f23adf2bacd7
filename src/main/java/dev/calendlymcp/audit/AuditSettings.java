package dev.calendlymcp.audit;

import java.util.Objects;

/**
 * How a server audits tool calls: where records go and what they keep of invitees' details.
 *
 * @param log where each call's record is appended
 * @param pii what records keep of invitee emails and names
 */
public record AuditSettings(AuditLog log, PiiMode pii) {

  public AuditSettings {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(pii, "pii");
  }

  /** Records kept in memory only: for servers built in tests and embedded without a data folder. */
  public static AuditSettings inMemory() {
    return new AuditSettings(new InMemoryAuditLog(10_000), PiiMode.DEFAULT);
  }
}
