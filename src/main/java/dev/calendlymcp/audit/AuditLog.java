package dev.calendlymcp.audit;

import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where tool calls are recorded: append-only, and durable once {@link #append} completes. The
 * embedded implementation is {@link JsonLinesAuditLog}; a shared store (Redis) can take its place
 * for replicas.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Records {@code record}; completes once it is written through to the file system, so a caller
   * that waits for it before answering loses at most the call in flight when the process dies.
   * Never blocks the subscribing thread.
   */
  Mono<Void> append(AuditRecord record);

  /** The records {@code query} selects, oldest first. Blocks on I/O: call it off the event loops. */
  List<AuditRecord> read(AuditQuery query);

  @Override
  void close();
}
