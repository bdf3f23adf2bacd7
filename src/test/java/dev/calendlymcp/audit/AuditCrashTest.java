package dev.calendlymcp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A server process killed with SIGKILL while calls are being audited: every record whose call was
 * answered is in the file, whole, and the next process appends on a clean line.
 */
@Timeout(180)
class AuditCrashTest {

  private static final int ACKS_BEFORE_KILL = 400;

  @TempDir Path dir;

  @Test
  void everyAcknowledgedRecordSurvivesKillMinusNineAndTheFileStaysReadable() throws Exception {
    Set<String> acknowledged = new HashSet<>();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            Writer.class.getName(), dir.toString())
        .redirectError(dir.resolve("writer.stderr").toFile())
        .start();
    try (BufferedReader out = child.inputReader()) {
      while (acknowledged.size() < ACKS_BEFORE_KILL) {
        String line = out.readLine();
        assertThat(line).as("the writer ended early; see writer.stderr").isNotNull();
        acknowledged.add(line);
      }
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    List<AuditRecord> survived = JsonLinesAuditLog.read(dir, AuditQuery.all());
    Set<String> ids = survived.stream().map(record -> record.target().get("event")).collect(Collectors.toSet());
    assertThat(ids).containsAll(acknowledged);
    List<String> lines;
    try (Stream<Path> files = Files.list(dir)) {
      Path file = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
      lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    }
    // At most the last line, written when the kill came, can be torn.
    assertThat(lines.subList(0, lines.size() - 1))
        .allSatisfy(line -> assertThat(AuditJson.parse(new String(line.getBytes(StandardCharsets.ISO_8859_1),
            StandardCharsets.UTF_8))).isPresent());

    try (JsonLinesAuditLog next = JsonLinesAuditLog.open(dir, JsonLinesAuditLog.DEFAULT_RETENTION, Clock.systemUTC())) {
      next.append(Writer.record("after-the-crash")).block(Duration.ofSeconds(10));
      List<AuditRecord> all = next.read(AuditQuery.all());
      assertThat(all.get(all.size() - 1).target()).containsEntry("event", "after-the-crash");
      assertThat(all).hasSizeGreaterThanOrEqualTo(survived.size() + 1);
    }
  }

  /** The child: eight callers auditing as fast as they can, printing each record once it is durable. */
  public static final class Writer {
    public static void main(String[] args) {
      JsonLinesAuditLog log = JsonLinesAuditLog.open(Path.of(args[0]), JsonLinesAuditLog.DEFAULT_RETENTION,
          Clock.systemUTC());
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      Flux.range(0, 8)
          .flatMap(caller -> Flux.range(0, Integer.MAX_VALUE)
              .concatMap(n -> {
                String id = caller + "-" + n;
                return log.append(record(id)).then(Mono.fromRunnable(() -> {
                  synchronized (out) {
                    out.println(id);
                  }
                }));
              })
              .subscribeOn(Schedulers.boundedElastic()))
          .blockLast();
    }

    static AuditRecord record(String id) {
      return new AuditRecord(Instant.now(), "crash writer", "local", "local", "get_scheduled_event",
          Map.of("event", id, "event_name", "Call " + "x".repeat(200)), AuditDecision.ALLOWED, "meetings: read",
          AuditRecord.OK, "", "", 1, Duration.ofMillis(3));
    }
  }

}
