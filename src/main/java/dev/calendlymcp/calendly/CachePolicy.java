package dev.calendlymcp.calendly;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How long each read may be served from the cache, and which reads a write makes stale. Reads with
 * a zero TTL are still coalesced while in flight. Defaults favour what changes rarely (the user,
 * event types, memberships, schedules: minutes) and keep availability fresh (seconds, and dropped
 * by this server's own bookings and cancellations).
 */
public final class CachePolicy {

  private static final Set<Endpoint> MEETING_DATA =
      EnumSet.of(
          Endpoint.LIST_EVENT_TYPE_AVAILABLE_TIMES,
          Endpoint.LIST_USER_BUSY_TIMES,
          Endpoint.LIST_SCHEDULED_EVENTS,
          Endpoint.GET_SCHEDULED_EVENT,
          Endpoint.LIST_EVENT_INVITEES,
          Endpoint.GET_EVENT_INVITEE);

  private final Map<Endpoint, Duration> ttls;

  private CachePolicy(Map<Endpoint, Duration> ttls) {
    this.ttls = ttls;
  }

  /**
   * @param rarelyChanging TTL for the user, the organization, event types, memberships and
   *     availability schedules
   * @param availability TTL for available times and busy times
   */
  public static CachePolicy of(Duration rarelyChanging, Duration availability) {
    if (rarelyChanging.isNegative() || availability.isNegative()) {
      throw new IllegalArgumentException("cache TTLs must be zero or positive");
    }
    Map<Endpoint, Duration> ttls = new EnumMap<>(Endpoint.class);
    for (Endpoint e :
        EnumSet.of(
            Endpoint.GET_CURRENT_USER,
            Endpoint.GET_USER,
            Endpoint.GET_ORGANIZATION,
            Endpoint.LIST_EVENT_TYPES,
            Endpoint.GET_EVENT_TYPE,
            Endpoint.LIST_ORGANIZATION_MEMBERSHIPS,
            Endpoint.GET_ORGANIZATION_MEMBERSHIP,
            Endpoint.LIST_USER_AVAILABILITY_SCHEDULES,
            Endpoint.GET_USER_AVAILABILITY_SCHEDULE)) {
      ttls.put(e, rarelyChanging);
    }
    ttls.put(Endpoint.LIST_EVENT_TYPE_AVAILABLE_TIMES, availability);
    ttls.put(Endpoint.LIST_USER_BUSY_TIMES, availability);
    return new CachePolicy(ttls);
  }

  /** 5 minutes for what changes rarely, 20 seconds for availability. */
  public static CachePolicy defaults() {
    return of(Duration.ofMinutes(5), Duration.ofSeconds(20));
  }

  /** Nothing is reused after it arrives; identical reads in flight are still joined. */
  public static CachePolicy off() {
    return of(Duration.ZERO, Duration.ZERO);
  }

  /** How long a successful answer to this read may be reused; zero for writes and volatile reads. */
  public Duration ttl(Endpoint endpoint) {
    return endpoint.isWrite() ? Duration.ZERO : ttls.getOrDefault(endpoint, Duration.ZERO);
  }

  /**
   * The cache groups a change made at Calendly (heard through a webhook or a poll) makes stale:
   * meetings, invitees and availability, and the event types too when one of them changed.
   */
  public static Set<String> staleAfterCalendlyChange(boolean eventTypeChanged) {
    Set<Endpoint> stale = EnumSet.copyOf(MEETING_DATA);
    if (eventTypeChanged) {
      stale.add(Endpoint.LIST_EVENT_TYPES);
      stale.add(Endpoint.GET_EVENT_TYPE);
    }
    return stale.stream().map(Endpoint::name).collect(Collectors.toUnmodifiableSet());
  }

  /** The cache groups (endpoint names) a successful write makes stale. */
  public Set<String> staleAfter(Endpoint write) {
    Set<Endpoint> stale =
        switch (write) {
          case CREATE_INVITEE, CANCEL_SCHEDULED_EVENT -> MEETING_DATA;
          case CREATE_ONE_OFF_EVENT_TYPE, CREATE_EVENT_TYPE ->
              EnumSet.of(Endpoint.LIST_EVENT_TYPES, Endpoint.GET_EVENT_TYPE);
          // A new length, increment, buffer or schedule changes which times are open at once.
          case UPDATE_EVENT_TYPE, UPDATE_EVENT_TYPE_AVAILABILITY_SCHEDULES ->
              EnumSet.of(
                  Endpoint.LIST_EVENT_TYPES,
                  Endpoint.GET_EVENT_TYPE,
                  Endpoint.LIST_EVENT_TYPE_AVAILABILITY_SCHEDULES,
                  Endpoint.LIST_EVENT_TYPE_AVAILABLE_TIMES);
          // A schedule's hours are the hours of every event type that uses it.
          case CREATE_USER_AVAILABILITY_SCHEDULE, UPDATE_USER_AVAILABILITY_SCHEDULE ->
              EnumSet.of(
                  Endpoint.LIST_USER_AVAILABILITY_SCHEDULES,
                  Endpoint.GET_USER_AVAILABILITY_SCHEDULE,
                  Endpoint.LIST_EVENT_TYPE_AVAILABILITY_SCHEDULES,
                  Endpoint.LIST_EVENT_TYPE_AVAILABLE_TIMES);
          case CREATE_INVITEE_NO_SHOW, DELETE_INVITEE_NO_SHOW ->
              EnumSet.of(Endpoint.LIST_EVENT_INVITEES, Endpoint.GET_EVENT_INVITEE);
          case REMOVE_ORGANIZATION_MEMBERSHIP ->
              EnumSet.of(Endpoint.LIST_ORGANIZATION_MEMBERSHIPS, Endpoint.GET_ORGANIZATION_MEMBERSHIP);
          default -> EnumSet.noneOf(Endpoint.class);
        };
    return stale.stream().map(Endpoint::name).collect(Collectors.toUnmodifiableSet());
  }
}
