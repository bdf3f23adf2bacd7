package dev.calendlymcp.cli;

import dev.calendlymcp.audit.JsonLinesAuditLog;
import dev.calendlymcp.audit.PiiMode;
import dev.calendlymcp.policy.GrantFlags;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyFile;
import dev.calendlymcp.server.ServerSettings;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.tools.Toolset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options of a serving command, shared by {@code stdio} and the bare command. The defaults are
 * field values rather than picocli attributes, so that {@link Main} can serve without picocli.
 */
final class ServerOptions {

  @Option(
      names = "--toolsets",
      paramLabel = "LIST",
      description =
          "Comma-separated toolsets to offer: scheduling, availability, event_types, invitees, users,"
              + " organization, webhooks, one_off, compliance, changes, routing, groups, contacts, recaps;"
              + " or all. Default: ${DEFAULT-VALUE}.")
  String toolsets = "scheduling";

  @Option(names = "--read-only", description = "Offer only tools that change nothing at Calendly.")
  boolean readOnly;

  @Option(
      names = "--sandbox",
      description =
          "Act on an embedded fake Calendly (on a loopback port, with a seeded user on a paid plan)"
              + " instead of a real account; no token needed.")
  boolean sandbox;

  @Option(
      names = "--tool-timeout",
      paramLabel = "SECONDS",
      description = "How long one tool call may take, retries included. Default: ${DEFAULT-VALUE}.")
  int toolTimeoutSeconds = (int) ServerSettings.DEFAULT_TOOL_TIMEOUT.toSeconds();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where calendly-mcp keeps its data: the audit log (audit/), the stored login, and for http the"
          + " OAuth clients, grants and keys (encrypted Calendly tokens included). Default: $CALENDLY_MCP_DATA_DIR,"
          + " else $XDG_DATA_HOME/calendly-mcp or ~/.local/share/calendly-mcp; with --sandbox a temporary folder.")
  Path dataDir;

  @Option(
      names = "--audit-pii",
      paramLabel = "MODE",
      description = "What the audit log keeps of invitees' emails and names: keep, mask (j***@example.com), hash"
          + " (a SHA-256 fingerprint) or drop. Default: ${DEFAULT-VALUE}.")
  String auditPii = PiiMode.DEFAULT.wireName();

  @Option(
      names = "--audit-retention",
      paramLabel = "DAYS",
      description = "How many days of audit records are kept; older days' files are deleted. Default: ${DEFAULT-VALUE}.")
  long auditRetentionDays = JsonLinesAuditLog.DEFAULT_RETENTION.toDays();

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "What the agent may do, resource by resource (YAML; see docs/policy.md). Everything it does"
          + " not grant is denied.")
  Path policyFile;

  @Option(names = "--profile", paramLabel = "NAME", description = "The profile of the --policy file to use.")
  String profile;

  @Option(
      names = "--grant",
      paramLabel = "RESOURCE=LEVEL",
      description = "Grants one resource, e.g. meetings=read or booking=write+ask; repeatable. Everything not"
          + " granted is denied.")
  List<String> grants = new ArrayList<>();

  @Option(
      names = "--lockdown",
      description = "Withhold what invitees wrote or said (answers, reasons, transcripts) unless invitees=full.")
  boolean lockdown;

  @Option(
      names = "--policy-ceiling",
      paramLabel = "FILE",
      description = "The organization's ceiling (a policy file): no agent's policy goes above it.")
  Path policyCeiling;

  /** The note printed once when stdio runs without a policy. */
  static final String NO_POLICY = "calendly-mcp: no policy set, so the agent may use every tool this server offers."
      + " Limit it with --grant RESOURCE=LEVEL or --policy FILE (docs/policy.md).";

  /**
   * The policy of the person running the server, from --policy, --grant and --lockdown, under the
   * --policy-ceiling; unrestricted when none of them is given.
   *
   * @throws IllegalArgumentException naming the bad option, file line or grant
   */
  Policy localPolicy() {
    if (profile != null && policyFile == null) {
      throw new IllegalArgumentException("--profile picks a profile of a --policy file; add --policy FILE");
    }
    Policy policy = Policy.unrestricted();
    Optional<Policy> fileCeiling = Optional.empty();
    if (setsLocalPolicy()) {
      Policy base = Policy.denyAll();
      if (policyFile != null) {
        PolicyFile.Loaded loaded = PolicyFile.load(policyFile, profile);
        base = loaded.policy();
        fileCeiling = loaded.ceiling();
      }
      policy = GrantFlags.apply(base, grants).withLockdown(base.lockdown() || lockdown);
    }
    policy = fileCeiling.map(policy::cappedBy).orElse(policy);
    return ceiling().map(policy::cappedBy).orElse(policy);
  }

  /** Whether --policy, --grant or --lockdown was given, which OAuth agents do not take. */
  boolean setsLocalPolicy() {
    return policyFile != null || !grants.isEmpty() || lockdown || profile != null;
  }

  /** The organization's ceiling from --policy-ceiling. */
  Optional<Policy> ceiling() {
    return Optional.ofNullable(policyCeiling).map(PolicyFile::loadCeiling);
  }

  /** @throws IllegalArgumentException when --tool-timeout is below one second */
  void checkToolTimeout() {
    if (toolTimeoutSeconds < 1) {
      throw new IllegalArgumentException("--tool-timeout must be at least 1 second");
    }
  }

  /** @throws IllegalArgumentException naming the bad option */
  ToolOptions toolOptions() {
    return new ToolOptions(Toolset.parse(toolsets), readOnly);
  }
}
