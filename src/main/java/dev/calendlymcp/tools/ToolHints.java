package dev.calendlymcp.tools;

/**
 * The MCP tool annotations of a tool, each one decided here for every tool. {@code tools/list}
 * writes only those that differ from the spec's defaults (which assume the worst: destructive, not
 * idempotent), see {@code CalendlyMcpServer.describe}.
 *
 * @param readOnly the tool changes nothing at Calendly
 * @param destructive the change removes or cancels something (meaningful only when not read-only)
 * @param idempotent calling again with the same arguments has no further effect
 * @param openWorld the tool reaches an outside system (Calendly); true for every tool here
 */
public record ToolHints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {

  public ToolHints {
    if (readOnly && destructive) {
      throw new IllegalArgumentException("a read-only tool cannot be destructive");
    }
  }

  /** Reads from Calendly and changes nothing; safe to repeat. */
  public static ToolHints read() {
    return new ToolHints(true, false, true, true);
  }

  /** Creates or changes something at Calendly. */
  public static ToolHints write(boolean destructive, boolean idempotent) {
    return new ToolHints(false, destructive, idempotent, true);
  }
}
