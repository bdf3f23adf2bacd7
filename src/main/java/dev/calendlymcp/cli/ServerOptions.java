package dev.calendlymcp.cli;

import dev.calendlymcp.audit.JsonLinesAuditLog;
import dev.calendlymcp.audit.PiiMode;
import dev.calendlymcp.server.ServerSettings;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.tools.Toolset;
import java.nio.file.Path;
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
          "Comma-separated toolsets to offer: scheduling, availability, invitees, users, organization,"
              + " webhooks, one_off, compliance, changes; or all. Default: ${DEFAULT-VALUE}.")
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
