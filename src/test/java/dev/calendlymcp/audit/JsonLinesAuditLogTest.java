package dev.calendlymcp.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

@Timeout(120)
class JsonLinesAuditLogTest {

  private static final Instant NOW = Instant.parse("2025-11-24T10:02:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  static AuditRecord record(int n, String agent, AuditDecision decision, Instant time) {
    return new AuditRecord(time, agent, "client-" + agent, "https://api.calendly.com/users/U1", "book_meeting",
        Map.of("event_type_name", "Intro call " + n, "invitee_email", "j***@example.com"), decision,
        decision == AuditDecision.DENIED ? "booking: none" : "booking: write",
        AuditRecord.OK, "", "", 1, Duration.ofMillis(12));
  }

  @Test
  void tenThousandConcurrentAppendsGiveExactlyTenThousandWholeLines() throws IOException {
    try (JsonLinesAuditLog log = JsonLinesAuditLog.open(dir, JsonLinesAuditLog.DEFAULT_RETENTION, CLOCK)) {
      Flux.range(0, 10_000)
          .flatMap(n -> log.append(record(n, "agent-" + (n % 7), AuditDecision.ALLOWED, NOW))
              .subscribeOn(Schedulers.parallel()), 10_000)
          .blockLast(Duration.ofSeconds(90));
    }

    List<String> lines = Files.readAllLines(dir.resolve("audit-2025-11-24.jsonl"), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(10_000);
    List<AuditRecord> parsed = lines.stream().map(AuditJson::parse).flatMap(Optional::stream).toList();
    assertThat(parsed).as("every line is one whole record").hasSize(10_000);
    Set<String> names = parsed.stream().map(r -> r.target().get("event_type_name")).collect(Collectors.toSet());
    assertThat(names).hasSize(10_000)
        .containsAll(IntStream.range(0, 10_000).mapToObj(n -> "Intro call " + n).toList());
  }

  @Test
  void aLineTornByAKilledWriterIsSkippedAndTheNextRecordStartsOnALineOfItsOwn() throws IOException {
    Path file = dir.resolve("audit-2025-11-24.jsonl");
    Files.writeString(file, AuditJson.line(record(1, "a", AuditDecision.ALLOWED, NOW)) + "\n"
        + "{\"time\":\"2025-11-24T10:01:00Z\",\"agent\":\"to", StandardCharsets.UTF_8);

    try (JsonLinesAuditLog log = JsonLinesAuditLog.open(dir, JsonLinesAuditLog.DEFAULT_RETENTION, CLOCK)) {
      log.append(record(2, "b", AuditDecision.ALLOWED, NOW)).block(Duration.ofSeconds(10));
      assertThat(log.read(AuditQuery.all())).extracting(AuditRecord::agent).containsExactly("a", "b");
    }
    assertThat(Files.readAllLines(file)).hasSize(3);
  }

  @Test
  void daysOlderThanTheRetentionPeriodAreDeletedAndNewerOnesKept() throws IOException {
    Files.writeString(dir.resolve("audit-2025-08-25.jsonl"), "", StandardOpenOption.CREATE);
    Files.writeString(dir.resolve("audit-2025-08-26.jsonl"), "", StandardOpenOption.CREATE);
    Files.writeString(dir.resolve("notes.txt"), "mine", StandardOpenOption.CREATE);

    try (JsonLinesAuditLog log = JsonLinesAuditLog.open(dir, Duration.ofDays(90), CLOCK)) {
      assertThat(log.dir()).isEqualTo(dir);
    }

    // 2025-11-24 minus 90 days is 2025-08-26: that day is still kept, the one before is gone.
    assertThat(dir.resolve("audit-2025-08-25.jsonl")).doesNotExist();
    assertThat(dir.resolve("audit-2025-08-26.jsonl")).exists();
    assertThat(dir.resolve("notes.txt")).exists();
  }

  @Test
  void eachUtcDayGetsItsOwnFileAndReadingSpansThemOldestFirst() throws IOException {
    Instant yesterday = NOW.minus(Duration.ofDays(1));
    try (JsonLinesAuditLog log = JsonLinesAuditLog.open(dir, JsonLinesAuditLog.DEFAULT_RETENTION, CLOCK)) {
      log.append(record(1, "a", AuditDecision.ALLOWED, yesterday)).block(Duration.ofSeconds(10));
      log.append(record(2, "b", AuditDecision.DENIED, NOW)).block(Duration.ofSeconds(10));
    }

    assertThat(dir.resolve("audit-2025-11-23.jsonl")).exists();
    assertThat(dir.resolve("audit-2025-11-24.jsonl")).exists();
    assertThat(JsonLinesAuditLog.read(dir, AuditQuery.all())).extracting(AuditRecord::agent).containsExactly("a", "b");
    assertThat(JsonLinesAuditLog.read(dir, AuditQuery.all().since(NOW.minusSeconds(60))))
        .extracting(AuditRecord::agent).containsExactly("b");
    assertThat(JsonLinesAuditLog.read(dir, AuditQuery.all().decision(AuditDecision.DENIED)))
        .extracting(AuditRecord::agent).containsExactly("b");
    assertThat(JsonLinesAuditLog.read(dir, AuditQuery.all().agent("CLIENT-A")))
        .extracting(AuditRecord::agent).containsExactly("a");
    assertThat(JsonLinesAuditLog.read(dir, AuditQuery.all().limit(1))).extracting(AuditRecord::agent).containsExactly("b");
  }

  @Test
  void theFolderAndFilesAreReadableByTheOwnerOnly() throws IOException {
    Path audit = dir.resolve("nested").resolve("audit");
    try (JsonLinesAuditLog log = JsonLinesAuditLog.open(audit, JsonLinesAuditLog.DEFAULT_RETENTION, CLOCK)) {
      log.append(record(1, "a", AuditDecision.ALLOWED, NOW)).block(Duration.ofSeconds(10));
    }
    if (audit.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit))).isEqualTo("rwx------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(audit.resolve("audit-2025-11-24.jsonl"))))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void anAppendAfterCloseFailsInsteadOfVanishing() {
    JsonLinesAuditLog log = JsonLinesAuditLog.open(dir, JsonLinesAuditLog.DEFAULT_RETENTION, CLOCK);
    log.close();

    assertThatThrownBy(
            () -> log.append(record(1, "a", AuditDecision.ALLOWED, NOW)).block(Duration.ofSeconds(5)))
        .hasMessageContaining("closed");
  }
}
