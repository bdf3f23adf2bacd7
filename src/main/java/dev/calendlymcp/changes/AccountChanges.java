package dev.calendlymcp.changes;

import java.util.List;

/** One Calendly account's changes: all a caller acting for that account may read. */
public interface AccountChanges {

  /** Changes after {@code cursor}, oldest first, at most {@code limit}. */
  List<Change> since(long cursor, int limit);

  /** The newest change's cursor; 0 when there is none. */
  long latestCursor();
}
