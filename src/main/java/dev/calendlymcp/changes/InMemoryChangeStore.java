package dev.calendlymcp.changes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Changes in this process's memory, the newest {@code capacity} per account: a client that asks
 * with an older cursor gets what is left, which is what a restart would give it anyway.
 */
public final class InMemoryChangeStore implements ChangeStore {

  /** Enough for a busy calendar's day between two looks. */
  public static final int DEFAULT_CAPACITY = 1000;

  private final int capacity;
  private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

  private static final class Feed {
    private final Deque<Change> changes = new ArrayDeque<>();
    private long last;
  }

  public InMemoryChangeStore() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryChangeStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public Change append(String account, Change.Draft draft) {
    Feed feed = feeds.computeIfAbsent(account, a -> new Feed());
    synchronized (feed) {
      Change change = draft.at(++feed.last, account);
      feed.changes.addLast(change);
      if (feed.changes.size() > capacity) {
        feed.changes.removeFirst();
      }
      return change;
    }
  }

  @Override
  public List<Change> since(String account, long cursor, int limit) {
    Feed feed = feeds.get(account);
    if (feed == null) {
      return List.of();
    }
    List<Change> out = new ArrayList<>();
    synchronized (feed) {
      for (Change change : feed.changes) {
        if (change.cursor() > cursor && out.size() < limit) {
          out.add(change);
        }
      }
    }
    return out;
  }

  @Override
  public long latestCursor(String account) {
    Feed feed = feeds.get(account);
    if (feed == null) {
      return 0;
    }
    synchronized (feed) {
      return feed.last;
    }
  }
}
