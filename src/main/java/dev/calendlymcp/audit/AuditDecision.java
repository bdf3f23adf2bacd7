package dev.calendlymcp.audit;

import java.util.Locale;

/** What the policy said about one call. */
public enum AuditDecision {
  ALLOWED,
  DENIED,
  /** The call stopped before the policy looked at it: bad arguments, or no connection to act through. */
  UNDECIDED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the valid decisions */
  public static AuditDecision fromWire(String name) {
    for (AuditDecision decision : values()) {
      if (decision.wireName().equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) {
        return decision;
      }
    }
    throw new IllegalArgumentException("unknown decision '" + name + "'; valid: allowed, denied, undecided");
  }
}
