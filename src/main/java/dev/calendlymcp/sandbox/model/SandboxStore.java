package dev.calendlymcp.sandbox.model;

import dev.calendlymcp.sandbox.availability.Schedule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The sandbox's whole state in memory, with the indexes the endpoints need.
 *
 * <p>One read-write lock guards everything: a request runs entirely under {@link #read} or
 * {@link #write}, so a booking's availability check and its insert are one atomic step and readers
 * never see half a write. Every accessor checks that its caller holds the lock, which turns a
 * forgotten lock into an immediate error instead of a rare race. Insertion order is kept
 * everywhere, so iteration (and therefore every response) is deterministic.
 */
public final class SandboxStore {

  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  private final Map<String, Organization> organizations = new LinkedHashMap<>();
  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, String> userByEmail = new HashMap<>();
  private final Map<String, Membership> memberships = new LinkedHashMap<>();
  private final Map<String, String> membershipByUser = new HashMap<>();
  private final Map<String, List<String>> membershipsByOrganization = new HashMap<>();
  private final Map<String, Invitation> invitations = new LinkedHashMap<>();
  private final Map<String, List<String>> invitationsByOrganization = new HashMap<>();
  private final Map<String, EventType> eventTypes = new LinkedHashMap<>();
  private final Map<String, List<String>> eventTypesByOwner = new HashMap<>();
  private final Map<String, AvailabilitySchedule> schedules = new LinkedHashMap<>();
  private final Map<String, List<String>> schedulesByUser = new HashMap<>();
  private final Map<String, ScheduledEvent> events = new LinkedHashMap<>();
  private final Map<String, List<String>> eventsByHost = new HashMap<>();
  private final Map<String, List<String>> eventsByOrganization = new HashMap<>();
  private final Map<String, List<String>> eventsByEventType = new HashMap<>();
  private final Map<String, Invitee> invitees = new LinkedHashMap<>();
  private final Map<String, List<String>> inviteesByEvent = new HashMap<>();
  private final Map<String, List<ExternalBusy>> externalBusyByUser = new HashMap<>();
  private final Map<String, SchedulingLink> schedulingLinks = new LinkedHashMap<>();
  private final Map<String, WebhookSubscription> webhooks = new LinkedHashMap<>();
  private final Map<String, String> rescheduledTo = new HashMap<>();
  private final Map<String, String> rescheduledFrom = new HashMap<>();
  private final Map<String, Schedule> eventTypeHours = new HashMap<>();
  private final Map<String, NoShow> noShows = new LinkedHashMap<>();
  private final Map<String, String> noShowByInvitee = new HashMap<>();
  private final Map<String, Share> shares = new LinkedHashMap<>();

  /** Runs {@code work} under the read lock (many readers at once). */
  public <T> T read(Supplier<T> work) {
    lock.readLock().lock();
    try {
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code work} under the write lock (alone). */
  public <T> T write(Supplier<T> work) {
    lock.writeLock().lock();
    try {
      return work.get();
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkRead() {
    if (lock.getReadHoldCount() == 0 && !lock.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("the sandbox store was read without holding its lock");
    }
  }

  private void checkWrite() {
    if (!lock.isWriteLockedByCurrentThread()) {
      throw new IllegalStateException("the sandbox store was changed without its write lock");
    }
  }

  // Organizations and users

  public Optional<Organization> organization(String uuid) {
    checkRead();
    return Optional.ofNullable(organizations.get(uuid));
  }

  public Collection<Organization> organizations() {
    checkRead();
    return Collections.unmodifiableCollection(organizations.values());
  }

  public void putOrganization(Organization organization) {
    checkWrite();
    organizations.put(organization.uuid(), organization);
  }

  public Optional<User> user(String uuid) {
    checkRead();
    return Optional.ofNullable(users.get(uuid));
  }

  public Optional<User> userByEmail(String email) {
    checkRead();
    return Optional.ofNullable(userByEmail.get(email.toLowerCase(Locale.ROOT))).map(users::get);
  }

  public Collection<User> users() {
    checkRead();
    return Collections.unmodifiableCollection(users.values());
  }

  public void putUser(User user) {
    checkWrite();
    users.put(user.uuid(), user);
    userByEmail.put(user.email().toLowerCase(Locale.ROOT), user.uuid());
  }

  // Memberships and invitations

  public Optional<Membership> membership(String uuid) {
    checkRead();
    return Optional.ofNullable(memberships.get(uuid));
  }

  public Optional<Membership> membershipOfUser(String userUuid) {
    checkRead();
    return Optional.ofNullable(membershipByUser.get(userUuid)).map(memberships::get);
  }

  public List<Membership> membershipsOf(String organizationUuid) {
    checkRead();
    return resolve(membershipsByOrganization.get(organizationUuid), memberships);
  }

  public void putMembership(Membership membership) {
    checkWrite();
    if (memberships.put(membership.uuid(), membership) == null) {
      index(membershipsByOrganization, membership.organizationUuid(), membership.uuid());
    }
    membershipByUser.put(membership.userUuid(), membership.uuid());
  }

  public void removeMembership(String uuid) {
    checkWrite();
    Membership removed = memberships.remove(uuid);
    if (removed != null) {
      membershipsByOrganization.getOrDefault(removed.organizationUuid(), new ArrayList<>()).remove(uuid);
      membershipByUser.remove(removed.userUuid(), uuid);
    }
  }

  public Optional<Invitation> invitation(String uuid) {
    checkRead();
    return Optional.ofNullable(invitations.get(uuid));
  }

  public List<Invitation> invitationsOf(String organizationUuid) {
    checkRead();
    return resolve(invitationsByOrganization.get(organizationUuid), invitations);
  }

  public void putInvitation(Invitation invitation) {
    checkWrite();
    if (invitations.put(invitation.uuid(), invitation) == null) {
      index(invitationsByOrganization, invitation.organizationUuid(), invitation.uuid());
    }
  }

  // Event types and availability

  public Optional<EventType> eventType(String uuid) {
    checkRead();
    return Optional.ofNullable(eventTypes.get(uuid));
  }

  public List<EventType> eventTypesOf(String ownerUuid) {
    checkRead();
    return resolve(eventTypesByOwner.get(ownerUuid), eventTypes);
  }

  public void putEventType(EventType eventType) {
    checkWrite();
    if (eventTypes.put(eventType.uuid(), eventType) == null) {
      index(eventTypesByOwner, eventType.ownerUuid(), eventType.uuid());
    }
  }

  /**
   * Removes an event type and the hours it was given. Its scheduled events stay: they keep the
   * event type's URI, as Calendly's meetings outlive a deleted event type.
   */
  public void removeEventType(String uuid) {
    checkWrite();
    EventType removed = eventTypes.remove(uuid);
    if (removed != null) {
      eventTypesByOwner.getOrDefault(removed.ownerUuid(), new ArrayList<>()).remove(uuid);
      eventTypeHours.remove(uuid);
    }
  }

  public Optional<AvailabilitySchedule> schedule(String uuid) {
    checkRead();
    return Optional.ofNullable(schedules.get(uuid));
  }

  public List<AvailabilitySchedule> schedulesOf(String userUuid) {
    checkRead();
    return resolve(schedulesByUser.get(userUuid), schedules);
  }

  public void putSchedule(AvailabilitySchedule schedule) {
    checkWrite();
    if (schedules.put(schedule.uuid(), schedule) == null) {
      index(schedulesByUser, schedule.userUuid(), schedule.uuid());
    }
  }

  /**
   * The hours an event type was given through {@code PATCH /event_type_availability_schedules};
   * empty while it uses its schedule's.
   */
  public Optional<Schedule> eventTypeHours(String eventTypeUuid) {
    checkRead();
    return Optional.ofNullable(eventTypeHours.get(eventTypeUuid));
  }

  public void putEventTypeHours(String eventTypeUuid, Schedule hours) {
    checkWrite();
    eventTypeHours.put(eventTypeUuid, hours);
  }

  public List<ExternalBusy> externalBusyOf(String userUuid) {
    checkRead();
    return List.copyOf(externalBusyByUser.getOrDefault(userUuid, List.of()));
  }

  public void addExternalBusy(ExternalBusy busy) {
    checkWrite();
    externalBusyByUser.computeIfAbsent(busy.userUuid(), k -> new ArrayList<>()).add(busy);
  }

  // Scheduled events and invitees

  public Optional<ScheduledEvent> event(String uuid) {
    checkRead();
    return Optional.ofNullable(events.get(uuid));
  }

  public List<ScheduledEvent> eventsOfHost(String userUuid) {
    checkRead();
    return resolve(eventsByHost.get(userUuid), events);
  }

  public List<ScheduledEvent> eventsOfOrganization(String organizationUuid) {
    checkRead();
    return resolve(eventsByOrganization.get(organizationUuid), events);
  }

  public List<ScheduledEvent> eventsOfEventType(String eventTypeUuid) {
    checkRead();
    return resolve(eventsByEventType.get(eventTypeUuid), events);
  }

  /** Adds a scheduled event or replaces it (its hosts, organization and event type are fixed). */
  public void putEvent(ScheduledEvent event) {
    checkWrite();
    if (events.put(event.uuid(), event) == null) {
      for (String host : event.hostUuids()) {
        index(eventsByHost, host, event.uuid());
      }
      index(eventsByOrganization, event.organizationUuid(), event.uuid());
      index(eventsByEventType, event.eventTypeUuid(), event.uuid());
    }
  }

  public Optional<Invitee> invitee(String uuid) {
    checkRead();
    return Optional.ofNullable(invitees.get(uuid));
  }

  public List<Invitee> inviteesOf(String eventUuid) {
    checkRead();
    return resolve(inviteesByEvent.get(eventUuid), invitees);
  }

  /** Adds an invitee or replaces it (its event is fixed). */
  public void putInvitee(Invitee invitee) {
    checkWrite();
    if (invitees.put(invitee.uuid(), invitee) == null) {
      index(inviteesByEvent, invitee.eventUuid(), invitee.uuid());
    }
  }

  public void removeInvitee(String uuid) {
    checkWrite();
    Invitee removed = invitees.remove(uuid);
    if (removed != null) {
      inviteesByEvent.getOrDefault(removed.eventUuid(), new ArrayList<>()).remove(uuid);
    }
  }

  /** Links a canceled invitee to the one its reschedule booked (Calendly's {@code new_invitee}/{@code old_invitee}). */
  public void linkReschedule(String oldInviteeUuid, String newInviteeUuid) {
    checkWrite();
    rescheduledTo.put(oldInviteeUuid, newInviteeUuid);
    rescheduledFrom.put(newInviteeUuid, oldInviteeUuid);
  }

  /** The invitee a reschedule of this one booked, if it was rescheduled. */
  public Optional<Invitee> rescheduledTo(String inviteeUuid) {
    checkRead();
    return Optional.ofNullable(rescheduledTo.get(inviteeUuid)).map(invitees::get);
  }

  /** The invitee this one replaced, if a reschedule booked it. */
  public Optional<Invitee> rescheduledFrom(String inviteeUuid) {
    checkRead();
    return Optional.ofNullable(rescheduledFrom.get(inviteeUuid)).map(invitees::get);
  }

  // No-shows and shares

  public Optional<NoShow> noShow(String uuid) {
    checkRead();
    return Optional.ofNullable(noShows.get(uuid));
  }

  /** The mark on an invitee, if it is marked as a no-show. */
  public Optional<NoShow> noShowOf(String inviteeUuid) {
    checkRead();
    return Optional.ofNullable(noShowByInvitee.get(inviteeUuid)).map(noShows::get);
  }

  public void putNoShow(NoShow noShow) {
    checkWrite();
    noShows.put(noShow.uuid(), noShow);
    noShowByInvitee.put(noShow.inviteeUuid(), noShow.uuid());
  }

  public void removeNoShow(String uuid) {
    checkWrite();
    NoShow removed = noShows.remove(uuid);
    if (removed != null) {
      noShowByInvitee.remove(removed.inviteeUuid());
    }
  }

  public Optional<Share> share(String uuid) {
    checkRead();
    return Optional.ofNullable(shares.get(uuid));
  }

  public void putShare(Share share) {
    checkWrite();
    shares.put(share.uuid(), share);
  }

  /** Every share, oldest first. */
  public List<Share> shares() {
    checkRead();
    return List.copyOf(shares.values());
  }

  public void removeShare(String uuid) {
    checkWrite();
    shares.remove(uuid);
  }

  // Scheduling links and webhooks

  public Collection<SchedulingLink> schedulingLinks() {
    checkRead();
    return Collections.unmodifiableCollection(schedulingLinks.values());
  }

  public void putSchedulingLink(SchedulingLink link) {
    checkWrite();
    schedulingLinks.put(link.uuid(), link);
  }

  public Optional<WebhookSubscription> webhook(String uuid) {
    checkRead();
    return Optional.ofNullable(webhooks.get(uuid));
  }

  public Collection<WebhookSubscription> webhooks() {
    checkRead();
    return Collections.unmodifiableCollection(webhooks.values());
  }

  public void putWebhook(WebhookSubscription subscription) {
    checkWrite();
    webhooks.put(subscription.uuid(), subscription);
  }

  public void removeWebhook(String uuid) {
    checkWrite();
    webhooks.remove(uuid);
  }

  private static void index(Map<String, List<String>> index, String key, String uuid) {
    index.computeIfAbsent(key, k -> new ArrayList<>()).add(uuid);
  }

  private static <T> List<T> resolve(List<String> uuids, Map<String, T> table) {
    if (uuids == null) {
      return List.of();
    }
    List<T> found = new ArrayList<>(uuids.size());
    for (String uuid : uuids) {
      T value = table.get(uuid);
      if (value != null) {
        found.add(value);
      }
    }
    return found;
  }
}
