package dev.calendlymcp.resources;

import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeKind;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Turns each stored change into {@code notifications/resources/updated} for the resources it
 * touches, sent to the sessions of the change's account that watch them, and to no one else.
 */
public final class LiveUpdates implements Consumer<Change> {

  private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);

  /** Sends one {@code notifications/resources/updated} to one session. */
  @FunctionalInterface
  public interface Notifier {
    Mono<Void> updated(String sessionId, String uri);
  }

  private final CalendlyResources resources;
  private final Subscriptions subscriptions;
  private final Notifier notifier;

  public LiveUpdates(CalendlyResources resources, Subscriptions subscriptions, Notifier notifier) {
    this.resources = Objects.requireNonNull(resources, "resources");
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
    this.notifier = Objects.requireNonNull(notifier, "notifier");
  }

  @Override
  public void accept(Change change) {
    for (String uri : affected(change)) {
      for (String session : subscriptions.watchers(change.account(), uri)) {
        notifier.updated(session, uri).subscribe(
            ignored -> {},
            error -> log.debug("Could not tell session of an update to {}: {}", uri, error.toString()));
      }
    }
  }

  /** The resource URIs whose content the change alters. */
  Set<String> affected(Change change) {
    Set<String> uris = new LinkedHashSet<>();
    if (change.kind() == ChangeKind.EVENT_TYPE_CHANGED) {
      uris.add(CalendlyResources.EVENT_TYPES);
      uris.add(expand(CalendlyResources.EVENT_TYPE, change.subjectUri()));
      return uris;
    }
    uris.add(CalendlyResources.UPCOMING);
    uris.add(expand(CalendlyResources.EVENT, change.subjectUri()));
    change.newEventUri().ifPresent(uri -> uris.add(expand(CalendlyResources.EVENT, uri)));
    return uris;
  }

  private String expand(String template, String calendlyUri) {
    String uuid = calendlyUri.substring(calendlyUri.lastIndexOf('/') + 1);
    return resources.entries().stream()
        .filter(entry -> entry.uri().equals(template))
        .findFirst()
        .orElseThrow()
        .expand(uuid);
  }
}
