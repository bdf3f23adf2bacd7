package dev.calendlymcp.sandbox;

import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.Invitation;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.Uris;
import dev.calendlymcp.sandbox.model.User;
import dev.calendlymcp.sandbox.model.WebhookSubscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Read access to the sandbox's state for test assertions, by the URIs the API returns. Every
 * method takes a consistent snapshot under the store's read lock; the records are immutable.
 */
public final class SandboxInspector {

  private final SandboxStore store;
  private final Uris uris;

  SandboxInspector(SandboxStore store, Uris uris) {
    this.store = store;
    this.uris = uris;
  }

  /** Active scheduled events of an event type, e.g. to check a slot was booked exactly once. */
  public List<ScheduledEvent> activeBookings(String eventTypeUri) {
    String uuid = uuid(eventTypeUri, "event_types");
    return store.read(
        () -> store.eventsOfEventType(uuid).stream().filter(ScheduledEvent::isActive).toList());
  }

  /** Every scheduled event hosted by a user. */
  public List<ScheduledEvent> scheduledEventsOf(String userUri) {
    String uuid = uuid(userUri, "users");
    return store.read(() -> List.copyOf(store.eventsOfHost(uuid)));
  }

  /** A scheduled event. */
  public Optional<ScheduledEvent> scheduledEvent(String scheduledEventUri) {
    String uuid = uuid(scheduledEventUri, "scheduled_events");
    return store.read(() -> store.event(uuid));
  }

  /** The invitees of a scheduled event. */
  public List<Invitee> invitees(String scheduledEventUri) {
    String uuid = uuid(scheduledEventUri, "scheduled_events");
    return store.read(() -> List.copyOf(store.inviteesOf(uuid)));
  }

  /** The event types of a user. */
  public List<EventType> eventTypes(String userUri) {
    String uuid = uuid(userUri, "users");
    return store.read(() -> List.copyOf(store.eventTypesOf(uuid)));
  }

  /** A user. */
  public Optional<User> user(String userUri) {
    String uuid = uuid(userUri, "users");
    return store.read(() -> store.user(uuid));
  }

  /** The invitations of an organization. */
  public List<Invitation> invitations(String organizationUri) {
    String uuid = uuid(organizationUri, "organizations");
    return store.read(() -> List.copyOf(store.invitationsOf(uuid)));
  }

  /** Every webhook subscription (signing keys included, for delivery tests). */
  public List<WebhookSubscription> webhookSubscriptions() {
    return store.read(() -> new ArrayList<>(store.webhooks()));
  }

  /** Runs any read against the store under its read lock. */
  public <T> T read(Function<SandboxStore, T> query) {
    return store.read(() -> query.apply(store));
  }

  /**
   * Changes the store under its write lock, for tests that arrange what Calendly's API cannot
   * create: a member's working hours, events on a connected calendar.
   */
  public <T> T arrange(Function<SandboxStore, T> change) {
    return store.write(() -> change.apply(store));
  }

  /** The UUID at the end of a URI the API returned, e.g. a user's. */
  public String uuidOf(String uri, String collection) {
    return uuid(uri, collection);
  }

  private String uuid(String uri, String collection) {
    return uris.uuidOf(uri, collection)
        .orElseThrow(() -> new IllegalArgumentException("not a " + collection + " URI: " + uri));
  }
}
