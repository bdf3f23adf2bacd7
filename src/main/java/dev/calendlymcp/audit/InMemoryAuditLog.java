package dev.calendlymcp.audit;

import java.util.ArrayDeque;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The newest records in memory, for a server started without a data folder (tests, embedding);
 * forgets everything when the process ends.
 */
public final class InMemoryAuditLog implements AuditLog {

  private final int capacity;
  private final ArrayDeque<AuditRecord> records = new ArrayDeque<>();

  public InMemoryAuditLog(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public Mono<Void> append(AuditRecord record) {
    return Mono.fromRunnable(() -> {
      synchronized (records) {
        records.addLast(record);
        if (records.size() > capacity) {
          records.removeFirst();
        }
      }
    });
  }

  @Override
  public List<AuditRecord> read(AuditQuery query) {
    List<AuditRecord> matching;
    synchronized (records) {
      matching = records.stream().filter(query::matches).toList();
    }
    return matching.subList(Math.max(0, matching.size() - query.limit()), matching.size());
  }

  @Override
  public void close() {}
}
