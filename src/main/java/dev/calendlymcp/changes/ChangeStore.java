package dev.calendlymcp.changes;

import java.util.List;

/**
 * Where changes are kept, per Calendly account, with cursors. In memory today ({@link
 * InMemoryChangeStore}); a shared store (Redis) lets replicas read one feed.
 */
public interface ChangeStore {

  /** Stores the change as the account's newest and returns it with its cursor. */
  Change append(String account, Change.Draft draft);

  /**
   * The account's changes after {@code cursor}, oldest first, at most {@code limit}. A cursor
   * older than what the store still keeps yields what it keeps.
   */
  List<Change> since(String account, long cursor, int limit);

  /** The cursor of the account's newest change; 0 when it has none. */
  long latestCursor(String account);
}
