package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.JsonLinesAuditLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuditCommandTest {

  private static final Instant NOW = Instant.parse("2025-11-24T12:00:00Z");

  @TempDir Path data;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void recordThreeCalls() {
    try (JsonLinesAuditLog log = JsonLinesAuditLog.open(data.resolve("audit"), Duration.ofDays(90),
        Clock.fixed(NOW, ZoneOffset.UTC))) {
      log.append(record(NOW.minus(Duration.ofHours(3)), "Sales assistant", "list_event_types", AuditDecision.ALLOWED,
          "event_types: read")).block();
      log.append(record(NOW.minus(Duration.ofMinutes(30)), "Sales assistant", "cancel_event", AuditDecision.DENIED,
          "cancellation: none")).block();
      log.append(record(NOW.minus(Duration.ofMinutes(10)), "Support bot", "book_meeting", AuditDecision.ALLOWED,
          "booking: write")).block();
    }
  }

  private static AuditRecord record(Instant time, String agent, String tool, AuditDecision decision, String rule) {
    return new AuditRecord(time, agent, "id-" + agent.hashCode(), "https://api.calendly.com/users/U1", tool,
        Map.of("event_name", "Intro call"), decision, rule,
        decision == AuditDecision.DENIED ? AuditRecord.ERROR : AuditRecord.OK,
        decision == AuditDecision.DENIED ? "denied" : "", "", 0, Duration.ofMillis(5));
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    Console console = new Console(Map.of("CALENDLY_MCP_DATA_DIR", data.toString()),
        new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return new CommandLine(new AuditCommand(console, Clock.fixed(NOW, ZoneOffset.UTC))).execute(args);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void withoutFiltersEveryCallIsOneLineOfEnglishOldestFirst() {
    assertThat(run()).isZero();

    assertThat(lines()).containsExactly(
        "Mon 24 Nov 09:00 UTC · \"Sales assistant\" used list_event_types on \"Intro call\" — allowed (event_types: read)",
        "Mon 24 Nov 11:30 UTC · \"Sales assistant\" tried to cancel \"Intro call\" — denied (cancellation: none),"
            + " failed: denied",
        "Mon 24 Nov 11:50 UTC · \"Support bot\" booked \"Intro call\" — allowed (booking: write)");
  }

  @Test
  void sinceAgentAndDecisionNarrowTheRecords() {
    assertThat(run("--since", "1h")).isZero();
    assertThat(lines()).hasSize(2);

    assertThat(run("--agent", "sales ASSISTANT")).isZero();
    assertThat(lines()).hasSize(2).allSatisfy(line -> assertThat(line).contains("\"Sales assistant\""));

    assertThat(run("--decision", "denied")).isZero();
    assertThat(lines()).singleElement().asString().contains("tried to cancel");

    assertThat(run("--since", "2025-11-24T11:45:00Z", "--agent", "Sales assistant")).isZero();
    assertThat(lines()).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("No audit records in " + data.resolve("audit"));
  }

  @Test
  void jsonGivesOneObjectALineWithTheFieldsScriptsNeed() {
    assertThat(run("--json", "--decision", "denied", "--data-dir", data.toString())).isZero();

    JsonNode record = JsonMapper.builder().build().readTree(lines().get(0));
    assertThat(record.get("time").asString()).isEqualTo("2025-11-24T11:30:00Z");
    assertThat(record.get("agent").asString()).isEqualTo("Sales assistant");
    assertThat(record.get("tool").asString()).isEqualTo("cancel_event");
    assertThat(record.get("decision").asString()).isEqualTo("denied");
    assertThat(record.get("rule").asString()).isEqualTo("cancellation: none");
    assertThat(record.get("outcome").asString()).isEqualTo("error");
    assertThat(record.get("error_code").asString()).isEqualTo("denied");
    assertThat(record.get("text").asString()).contains("tried to cancel");
  }

  @Test
  void aBadFilterStopsWithTheFormsItAccepts() {
    assertThat(run("--since", "yesterday")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--since 'yesterday' is neither a duration (90s, 30m,");

    assertThat(run("--decision", "maybe")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("valid: allowed, denied, undecided");
  }
}
