package dev.calendlymcp.cli;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditJson;
import dev.calendlymcp.audit.AuditQuery;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.AuditSentence;
import dev.calendlymcp.audit.JsonLinesAuditLog;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})\\s*([smhdw])");

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

  /** @throws IllegalArgumentException naming the accepted forms */
  static Instant since(String text, Instant now) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Matcher relative = RELATIVE.matcher(value);
    if (relative.matches()) {
      long amount = Long.parseLong(relative.group(1));
      Duration back = switch (relative.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> Duration.ofDays(7 * amount);
      };
      return now.minus(back);
    }
    try {
      return value.length() == 10
          ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--since '" + (text.length() > 30 ? text.substring(0, 30) + "…" : text)
          + "' is neither a duration (90s, 30m, 1h, 2d, 1w), a date (2026-11-24) nor an instant"
          + " (2026-11-24T10:00:00Z)", e);
    }
  }
}
