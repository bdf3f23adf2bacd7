package dev.calendlymcp.sandbox.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A booked meeting. Invitees live in their own records; the counter is derived from them.
 *
 * @param uuid last segment of the scheduled event URI
 * @param eventTypeUuid what was booked
 * @param organizationUuid the host's organization when it was booked
 * @param name the event type's name at booking
 * @param status active or canceled
 * @param start start time
 * @param end end time
 * @param hostUuids the hosts (event memberships)
 * @param location where it takes place
 * @param inviteesLimit seats of the event type (1 for one-on-one)
 * @param guests people invitees added
 * @param cancellation who canceled, when canceled; else null
 * @param bufferBeforeMinutes buffer before, from the event type at booking
 * @param bufferAfterMinutes buffer after, from the event type at booking
 * @param createdAt booking time
 * @param updatedAt last change
 */
public record ScheduledEvent(
    String uuid,
    String eventTypeUuid,
    String organizationUuid,
    String name,
    Status status,
    Instant start,
    Instant end,
    List<String> hostUuids,
    MeetingLocation location,
    int inviteesLimit,
    List<Guest> guests,
    Cancellation cancellation,
    int bufferBeforeMinutes,
    int bufferAfterMinutes,
    Instant createdAt,
    Instant updatedAt) {

  public ScheduledEvent {
    hostUuids = List.copyOf(hostUuids);
    guests = List.copyOf(guests);
  }

  /** Whether the meeting still takes place. */
  public boolean isActive() {
    return status == Status.ACTIVE;
  }

  /** Start minus the buffer before: the host is busy from here. */
  public Instant bufferedStart() {
    return start.minus(Duration.ofMinutes(bufferBeforeMinutes));
  }

  /** End plus the buffer after: the host is busy until here. */
  public Instant bufferedEnd() {
    return end.plus(Duration.ofMinutes(bufferAfterMinutes));
  }

  /** This event canceled. */
  public ScheduledEvent canceled(Cancellation how) {
    return new ScheduledEvent(
        uuid, eventTypeUuid, organizationUuid, name, Status.CANCELED, start, end, hostUuids,
        location, inviteesLimit, guests, how, bufferBeforeMinutes, bufferAfterMinutes, createdAt,
        how.createdAt());
  }

  /** This event with more guests, added at {@code now}. */
  public ScheduledEvent withGuests(List<Guest> more, Instant now) {
    List<Guest> all = new ArrayList<>(guests);
    all.addAll(more);
    return new ScheduledEvent(
        uuid, eventTypeUuid, organizationUuid, name, status, start, end, hostUuids, location,
        inviteesLimit, all, cancellation, bufferBeforeMinutes, bufferAfterMinutes, createdAt, now);
  }
}
