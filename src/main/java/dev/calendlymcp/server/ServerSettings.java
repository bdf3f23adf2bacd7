package dev.calendlymcp.server;

import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.tools.ToolCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How one MCP server runs, whatever its transport.
 *
 * @param catalog the tools it offers
 * @param version the build's version, reported in {@code serverInfo}
 * @param toolTimeout how long one tool call may take, Calendly calls, rate-limit waits and retries
 *     included; it becomes the call's {@link dev.calendlymcp.calendly.Deadline}
 * @param clock the time source for deadlines
 * @param policies what each agent may do (docs/policy.md); unrestricted when no policy is set
 * @param audit where every tool call is recorded (docs/audit.md)
 */
public record ServerSettings(
    ToolCatalog catalog, String version, Duration toolTimeout, Clock clock, AgentPolicies policies,
    AuditSettings audit) {

  /** Long enough for a chunked availability search, short enough to beat clients' own timeouts. */
  public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(50);

  public ServerSettings {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(policies, "policies");
    Objects.requireNonNull(audit, "audit");
    if (toolTimeout == null || toolTimeout.isZero() || toolTimeout.isNegative()) {
      throw new IllegalArgumentException("toolTimeout must be positive, got " + toolTimeout);
    }
  }

  /** A server without a policy, as before policies existed, whose audit stays in memory. */
  public ServerSettings(ToolCatalog catalog, String version, Duration toolTimeout, Clock clock) {
    this(catalog, version, toolTimeout, clock, AgentPolicies.unrestricted(), AuditSettings.inMemory());
  }

  public ServerSettings withPolicies(AgentPolicies policies) {
    return new ServerSettings(catalog, version, toolTimeout, clock, policies, audit);
  }

  public ServerSettings withAudit(AuditSettings audit) {
    return new ServerSettings(catalog, version, toolTimeout, clock, policies, audit);
  }
}
