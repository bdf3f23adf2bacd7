package dev.calendlymcp.audit;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Which records to read: since a time, of one agent (its name or id, case-insensitive), with one
 * decision, for one Calendly user; the newest {@code limit} of them, oldest first.
 */
public record AuditQuery(
    Optional<Instant> since,
    Optional<String> agent,
    Optional<AuditDecision> decision,
    Optional<String> user,
    int limit) {

  public static final int UNLIMITED = Integer.MAX_VALUE;

  public AuditQuery {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, got " + limit);
    }
  }

  public static AuditQuery all() {
    return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), UNLIMITED);
  }

  public AuditQuery since(Instant time) {
    return new AuditQuery(Optional.of(time), agent, decision, user, limit);
  }

  public AuditQuery agent(String name) {
    return new AuditQuery(since, Optional.of(name), decision, user, limit);
  }

  public AuditQuery decision(AuditDecision wanted) {
    return new AuditQuery(since, agent, Optional.of(wanted), user, limit);
  }

  public AuditQuery user(String uri) {
    return new AuditQuery(since, agent, decision, Optional.of(uri), limit);
  }

  public AuditQuery limit(int newest) {
    return new AuditQuery(since, agent, decision, user, newest);
  }

  public boolean matches(AuditRecord record) {
    return since.map(time -> !record.time().isBefore(time)).orElse(true)
        && agent.map(name -> sameName(name, record.agent()) || sameName(name, record.agentId())).orElse(true)
        && decision.map(wanted -> wanted == record.decision()).orElse(true)
        && user.map(uri -> uri.equals(record.user())).orElse(true);
  }

  private static boolean sameName(String wanted, String actual) {
    return actual.toLowerCase(Locale.ROOT).equals(wanted.strip().toLowerCase(Locale.ROOT));
  }
}
