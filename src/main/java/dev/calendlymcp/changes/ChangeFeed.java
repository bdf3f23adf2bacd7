package dev.calendlymcp.changes;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change feed of every Calendly account this process serves: sources (webhook receiver,
 * poller) publish, the store keeps, and listeners (resource notifications, cache invalidation)
 * hear each change once it is stored.
 */
public final class ChangeFeed {

  private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

  private final ChangeStore store;
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

  public ChangeFeed(ChangeStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Stores the change, then tells every listener; returns it with its cursor. */
  public Change publish(String account, Change.Draft draft) {
    Change change = store.append(account, draft);
    for (Consumer<Change> listener : listeners) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        // One listener's failure must not keep the others (or the source) from the change.
        log.warn("A change listener failed on a {} change: {}", change.kind().wireName(), e.toString());
      }
    }
    return change;
  }

  public void listen(Consumer<Change> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The feed as one account sees it. */
  public AccountChanges of(String account) {
    Objects.requireNonNull(account, "account");
    return new AccountChanges() {
      @Override
      public List<Change> since(long cursor, int limit) {
        return store.since(account, cursor, limit);
      }

      @Override
      public long latestCursor() {
        return store.latestCursor(account);
      }
    };
  }
}
