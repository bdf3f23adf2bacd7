package dev.calendlymcp.resources;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which session watches which resource, and for which Calendly account. The SDK keeps its own
 * list by URI alone, but {@code calendly://me/upcoming} means a different calendar to every
 * account: a change must reach the sessions of its account and no other.
 */
public final class Subscriptions {

  private record Watcher(String account, Set<String> uris) {}

  private final Map<String, Watcher> sessions = new ConcurrentHashMap<>();

  /**
   * Records that {@code sessionId}, acting for {@code account}, watches {@code uri}. A session
   * acts for one account for its whole life; the first subscription fixes it.
   */
  public void subscribe(String sessionId, String account, String uri) {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(uri, "uri");
    sessions.computeIfAbsent(sessionId, id -> new Watcher(account, ConcurrentHashMap.newKeySet())).uris().add(uri);
  }

  public void unsubscribe(String sessionId, String uri) {
    sessions.computeIfPresent(sessionId, (id, watcher) -> {
      watcher.uris().remove(uri);
      return watcher.uris().isEmpty() ? null : watcher;
    });
  }

  /** Forgets a session that ended; returns the account it watched for, if it watched anything. */
  public Optional<String> closed(String sessionId) {
    return Optional.ofNullable(sessions.remove(sessionId)).map(Watcher::account);
  }

  /** Forgets every session of an account whose authorization ended: they can read nothing more. */
  public void forgetAccount(String account) {
    sessions.values().removeIf(watcher -> watcher.account().equals(account));
  }

  /** The sessions of {@code account} that watch {@code uri}. */
  public List<String> watchers(String account, String uri) {
    return sessions.entrySet().stream()
        .filter(e -> e.getValue().account().equals(account) && e.getValue().uris().contains(uri))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  /** Whether any session of {@code account} watches anything; a poller for it may rest otherwise. */
  public boolean watched(String account) {
    return sessions.values().stream().anyMatch(watcher -> watcher.account().equals(account));
  }
}
