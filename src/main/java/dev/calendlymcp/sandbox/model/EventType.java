package dev.calendlymcp.sandbox.model;

import dev.calendlymcp.sandbox.availability.SlotRules;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An event type: what invitees can book with its owner, and the rules that turn the owner's
 * availability into slots.
 *
 * @param uuid last segment of the event type URI
 * @param ownerUuid the host
 * @param name display name
 * @param slug scheduling page slug
 * @param active whether it can be booked
 * @param kind {@code solo} (one invitee per meeting) or {@code group} (seats)
 * @param adhoc true for one-off event types ({@code AdhocEventType})
 * @param durationMinutes meeting length
 * @param durationOptions other lengths offered, or null
 * @param incrementMinutes time between slot starts
 * @param bufferBeforeMinutes free time needed before each meeting
 * @param bufferAfterMinutes free time needed after each meeting
 * @param minimumNoticeMinutes how long before its start a slot can still be booked
 * @param seats invitees per slot (1 for solo)
 * @param maxDaysInFuture booking window in days, 0 for unlimited
 * @param color hex color
 * @param descriptionPlain description, or null
 * @param internalNote note for the host, or null
 * @param secret hidden from the owner's landing page
 * @param adminManaged managed by an organization admin
 * @param position display order
 * @param locale language of the booking page
 * @param locations where meetings can be held
 * @param customQuestions questions asked at booking
 * @param scheduleUuid the availability schedule used
 * @param dateRange bookable dates of a one-off event type, else null
 * @param coHostUuids co-hosts of a one-off event type
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record EventType(
    String uuid,
    String ownerUuid,
    String name,
    String slug,
    boolean active,
    String kind,
    boolean adhoc,
    int durationMinutes,
    List<Integer> durationOptions,
    int incrementMinutes,
    int bufferBeforeMinutes,
    int bufferAfterMinutes,
    int minimumNoticeMinutes,
    int seats,
    int maxDaysInFuture,
    String color,
    String descriptionPlain,
    String internalNote,
    boolean secret,
    boolean adminManaged,
    int position,
    String locale,
    List<EventTypeLocation> locations,
    List<CustomQuestion> customQuestions,
    String scheduleUuid,
    DateRange dateRange,
    List<String> coHostUuids,
    Instant createdAt,
    Instant updatedAt) {

  public EventType {
    durationOptions = durationOptions == null ? null : List.copyOf(durationOptions);
    locations = List.copyOf(locations);
    customQuestions = List.copyOf(customQuestions);
    coHostUuids = List.copyOf(coHostUuids);
  }

  /** True for group event types, where several invitees share one meeting. */
  public boolean isGroup() {
    return seats > 1;
  }

  /** How the availability engine should cut this event type's slots. */
  public SlotRules slotRules() {
    return new SlotRules(
        Duration.ofMinutes(durationMinutes),
        Duration.ofMinutes(incrementMinutes),
        Duration.ofMinutes(bufferBeforeMinutes),
        Duration.ofMinutes(bufferAfterMinutes),
        Duration.ofMinutes(minimumNoticeMinutes),
        seats,
        maxDaysInFuture);
  }
}
