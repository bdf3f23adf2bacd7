package dev.calendlymcp.cli;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditJson;
import dev.calendlymcp.audit.AuditQuery;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.AuditSentence;
import dev.calendlymcp.audit.AuditSince;
import dev.calendlymcp.audit.JsonLinesAuditLog;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code calendly-mcp audit}: prints the audit log, one plain-English line per tool call (or one
 * JSON object per line with {@code --json}), oldest first.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Print the record of tool calls: who called what, for whom, the decision and how it ended.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:printed (possibly nothing)", "2:a bad option or an unreadable audit folder"})
final class AuditCommand implements Callable<Integer> {

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description = "Only calls since then: a duration back from now (90s, 30m, 1h, 2d, 1w), a date (2026-11-24)"
          + " or an instant (2026-11-24T10:00:00Z). Default: everything kept.")
  String since;

  @Option(names = "--agent", paramLabel = "NAME", description = "Only this agent's calls (its name or client id).")
  String agent;

  @Option(names = "--decision", paramLabel = "DECISION", description = "Only calls with this decision: allowed,"
      + " denied or undecided.")
  String decision;

  @Option(names = "--json", description = "One JSON object a line (time, agent, tool, decision, outcome…) instead of"
      + " plain English.")
  boolean json;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The data folder whose audit/ to read. Default: $CALENDLY_MCP_DATA_DIR, else"
          + " $XDG_DATA_HOME/calendly-mcp or ~/.local/share/calendly-mcp.")
  Path dataDir;

  private final Console console;
  private final Clock clock;

  AuditCommand(Console console, Clock clock) {
    this.console = console;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    AuditQuery query = AuditQuery.all();
    Path folder = AuditSetup.folder(dataDir, console.env());
    List<AuditRecord> records;
    try {
      if (since != null) {
        query = query.since(since(since, clock.instant()));
      }
      if (agent != null && !agent.isBlank()) {
        query = query.agent(agent);
      }
      if (decision != null) {
        query = query.decision(AuditDecision.fromWire(decision));
      }
      records = JsonLinesAuditLog.read(folder, query);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 2;
    }
    PrintStream out = new PrintStream(console.out(), true, StandardCharsets.UTF_8);
    for (AuditRecord record : records) {
      String line = AuditSentence.of(record);
      out.println(json ? AuditJson.line(record, line) : line);
    }
    if (records.isEmpty()) {
      console.err().println("No audit records in " + folder + " match.");
    }
    return 0;
  }

  /** @throws IllegalArgumentException naming the option and the accepted forms */
  static Instant since(String text, Instant now) {
    try {
      return AuditSince.parse(text, now);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--since " + e.getMessage(), e);
    }
  }
}
