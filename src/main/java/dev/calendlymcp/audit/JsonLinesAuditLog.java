package dev.calendlymcp.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The audit as JSON lines, one file per UTC day ({@code audit-2026-11-24.jsonl}), appended by one
 * writer thread with group commit: every record waiting when the writer wakes goes out in one
 * {@code write}, and each caller's {@link #append} completes once that write has returned. The
 * bytes are then the kernel's, so a {@code kill -9} of the server loses at most the records not
 * yet acknowledged, which are the calls still in flight; a second thread {@code fsync}s after each
 * write, at most every {@link #SYNC_SPACING}, so a power cut loses at most the records of that last
 * stretch. Answers do not wait for the disk: a sync took 4-29 ms on our shared machines, the largest
 * part of a tool call; and a sync per call, when calls come one after another, cost as much CPU as
 * everything else the audit does for that call.
 * 10,000 concurrent calls cost a handful of writes, and a record is never split between two. Each
 * write goes to the end of the file under a file lock, so two servers sharing a data folder (two
 * stdio clients) never interleave inside a line. Days older than the retention period are deleted
 * when the writer moves to a new day and at start.
 */
public final class JsonLinesAuditLog implements AuditLog {

  private static final Logger log = LoggerFactory.getLogger(JsonLinesAuditLog.class);

  /** Long enough for a quarterly review, short enough not to become a second calendar. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  /**
   * The least time between two syncs: records written meanwhile wait for the next one, which makes
   * a sync per burst instead of one per call.
   */
  static final Duration SYNC_SPACING = Duration.ofMillis(100);

  private static final String PREFIX = "audit-";
  private static final String SUFFIX = ".jsonl";

  private final Path dir;
  private final Duration retention;
  private final Clock clock;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Thread syncer;
  /** The file written since its last sync, for the syncer; guarded by itself as a monitor. */
  private final Object syncState = new Object();
  private FileChannel unsynced;
  /** Whether the syncer waits for a write (not for its spacing to pass): only then is it woken. */
  private boolean syncerIdle;
  private boolean syncerStopping;
  private volatile boolean closed;
  private FileChannel channel;
  private LocalDate channelDay;
  /** Where this writer's last write to {@link #channel} ended, with a newline; -1 before one. */
  private long writtenTo = -1;

  private record Pending(LocalDate day, byte[] line, MonoSink<Void> sink) {}

  private static final Pending STOP = new Pending(null, null, null);

  private JsonLinesAuditLog(Path dir, Duration retention, Clock clock) {
    this.dir = dir;
    this.retention = retention;
    this.clock = clock;
    this.writer = new Thread(this::writeLoop, "audit-writer");
    writer.setDaemon(true);
    this.syncer = new Thread(this::syncLoop, "audit-sync");
    syncer.setDaemon(true);
  }

  /**
   * Opens (creating, owner-only) the audit folder {@code dir} and starts its writer.
   *
   * @param retention how long a day's file is kept; at least one day
   */
  public static JsonLinesAuditLog open(Path dir, Duration retention, Clock clock) {
    Objects.requireNonNull(dir, "dir");
    if (retention.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("audit retention must be at least 1 day, got " + retention.toDays());
    }
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the audit folder " + dir, e);
    }
    JsonLinesAuditLog auditLog = new JsonLinesAuditLog(dir, retention, clock);
    auditLog.writer.start();
    auditLog.syncer.start();
    return auditLog;
  }

  public Path dir() {
    return dir;
  }

  @Override
  public Mono<Void> append(AuditRecord record) {
    byte[] line = (AuditJson.line(record) + "\n").getBytes(StandardCharsets.UTF_8);
    LocalDate day = LocalDate.ofInstant(record.time(), ZoneOffset.UTC);
    return Mono.create(sink -> {
      if (closed) {
        sink.error(new IllegalStateException("the audit log is closed"));
        return;
      }
      queue.add(new Pending(day, line, sink));
    });
  }

  private void writeLoop() {
    // Here rather than in open(): listing the folder and sorting its days took about 10 ms of a
    // stdio server's start (docs/startup.md), and records wait for nothing but this thread anyway.
    try {
      purge(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    } catch (UncheckedIOException e) {
      log.warn("Cannot list the audit folder {} to delete expired days: {}", dir, e.getCause().toString());
    }
    List<Pending> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      queue.drainTo(batch);
      // By identity: a record's equals is made at its first call, from method handles spun then.
      stopping = batch.removeIf(pending -> pending == STOP);
      write(batch);
      batch.clear();
    }
    closeChannel();
  }

  /** One write per day present in the batch (nearly always one), then the sync is asked for. */
  private void write(List<Pending> batch) {
    int start = 0;
    while (start < batch.size()) {
      LocalDate day = batch.get(start).day();
      int end = start;
      int bytes = 0;
      while (end < batch.size() && batch.get(end).day().equals(day)) {
        bytes += batch.get(end).line().length;
        end++;
      }
      List<Pending> group = batch.subList(start, end);
      try {
        FileChannel file = channelFor(day);
        ByteBuffer buffer = ByteBuffer.allocate(bytes + 1);
        FileLock lock = file.lock();
        try {
          // Under the lock the end of the file is ours: another server sharing the folder waits.
          long position = file.size();
          // Ending where our own last write did, the file ends with our newline: nothing to read.
          if (position != writtenTo && endsTorn(file, position)) {
            // A process killed mid-write left half a line: start ours on a line of its own.
            buffer.put((byte) '\n');
          }
          group.forEach(pending -> buffer.put(pending.line()));
          buffer.flip();
          while (buffer.hasRemaining()) {
            position += file.write(buffer, position);
          }
          writtenTo = position;
        } finally {
          lock.release();
        }
        group.forEach(pending -> pending.sink().success());
        synchronized (syncState) {
          unsynced = file;
          if (syncerIdle) {
            syncState.notifyAll();
          }
        }
      } catch (IOException | RuntimeException e) {
        log.error("Cannot write {} audit record(s) to {}: {}", group.size(), dir, e.toString());
        closeChannel();
        group.forEach(pending -> pending.sink().error(e));
      }
      start = end;
    }
  }

  private void syncLoop() {
    try {
      while (true) {
        FileChannel file;
        synchronized (syncState) {
          syncerIdle = true;
          while (unsynced == null && !syncerStopping) {
            syncState.wait();
          }
          syncerIdle = false;
          if (unsynced == null) {
            return;
          }
          file = unsynced;
          unsynced = null;
        }
        try {
          file.force(false);
        } catch (ClosedChannelException e) {
          // The writer closed it for a new day, and syncs a file before closing it.
        } catch (IOException e) {
          log.error("Cannot sync the audit file in {}: {}", dir, e.toString());
        }
        awaitSpacing();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets {@link #SYNC_SPACING} pass before the next sync, unless the log is closing. */
  private void awaitSpacing() throws InterruptedException {
    long end = System.nanoTime() + SYNC_SPACING.toNanos();
    synchronized (syncState) {
      long left;
      while (!syncerStopping && (left = end - System.nanoTime()) > 0) {
        syncState.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private static boolean endsTorn(FileChannel file, long size) throws IOException {
    if (size == 0) {
      return false;
    }
    ByteBuffer last = ByteBuffer.allocate(1);
    file.read(last, size - 1);
    return last.get(0) != '\n';
  }

  private FileChannel channelFor(LocalDate day) throws IOException {
    if (channel != null && day.equals(channelDay)) {
      return channel;
    }
    closeChannel();
    Path file = dir.resolve(PREFIX + day + SUFFIX);
    if (!Files.exists(file) && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
    channelDay = day;
    purge(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    return channel;
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.force(false);
        channel.close();
      } catch (IOException e) {
        log.warn("Cannot close the audit file: {}", e.toString());
      }
      channel = null;
      channelDay = null;
      writtenTo = -1;
    }
  }

  /** Deletes the files of days that ended more than the retention period ago. */
  private void purge(LocalDate today) {
    LocalDate oldestKept = today.minusDays(retention.toDays());
    for (DayFile file : files()) {
      if (file.day().isBefore(oldestKept)) {
        try {
          Files.deleteIfExists(file.path());
        } catch (IOException e) {
          log.warn("Cannot delete the expired audit file {}: {}", file.path(), e.toString());
        }
      }
    }
  }

  private record DayFile(LocalDate day, Path path) {}

  private List<DayFile> files() {
    try (Stream<Path> paths = Files.list(dir)) {
      return paths
          .map(path -> dayOf(path).map(day -> new DayFile(day, path)))
          .flatMap(Optional::stream)
          .sorted(Comparator.comparing(DayFile::day))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the audit folder " + dir, e);
    }
  }

  private static Optional<LocalDate> dayOf(Path path) {
    String name = path.getFileName().toString();
    if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length())));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public List<AuditRecord> read(AuditQuery query) {
    return read(dir, query);
  }

  /** Reads the folder without opening it for writing: what the {@code audit} command does. */
  public static List<AuditRecord> read(Path dir, AuditQuery query) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Optional<LocalDate> firstDay = query.since().map(time -> LocalDate.ofInstant(time, ZoneOffset.UTC));
    ArrayDeque<AuditRecord> newest = new ArrayDeque<>();
    JsonLinesAuditLog reader = new JsonLinesAuditLog(dir, DEFAULT_RETENTION, Clock.systemUTC());
    for (DayFile file : reader.files()) {
      if (firstDay.isPresent() && file.day().isBefore(firstDay.get())) {
        continue;
      }
      // A torn last line may end inside a character: decode leniently and let parse() drop it.
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(Files.newInputStream(file.path()), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          AuditJson.parse(line).filter(query::matches).ifPresent(record -> {
            newest.addLast(record);
            if (newest.size() > query.limit()) {
              newest.removeFirst();
            }
          });
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the audit file " + file.path(), e);
      }
    }
    return List.copyOf(newest);
  }

  /** Writes what is queued, then stops the writer; later appends fail. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    synchronized (syncState) {
      syncerStopping = true;
      syncState.notifyAll();
    }
    try {
      writer.join(Duration.ofSeconds(10).toMillis());
      syncer.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
