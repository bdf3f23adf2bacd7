package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A kind of meeting people can book (e.g. "30 Minute Meeting"), standard or one-off; one-on-one
 * ones are created and changed through {@code EventTypeSettingsApi}. Nullable fields are null when
 * Calendly sends null or leaves them out.
 *
 * @param uri canonical reference, e.g. {@code https://api.calendly.com/event_types/AAAA}
 * @param active whether invitees can currently book it
 * @param bookingMethod instant booking or a meeting poll
 * @param schedulingUrl the booking page invitees use
 * @param duration length in minutes
 * @param durationOptions the lengths an invitee may choose from; null for one-off event types
 * @param kind one host or several
 * @param poolingType how several hosts are combined; null for a solo event type
 * @param type {@code StandardEventType} or {@code AdhocEventType} (one-off), as Calendly spells it
 * @param color hex colour of the booking page, e.g. {@code #fff200}
 * @param internalNote a note only hosts see
 * @param profile the user or team it belongs to; null for some event types
 * @param secret whether it is hidden from the owner's main scheduling page
 * @param deletedAt when it was deleted; scheduled events keep pointing at deleted event types
 * @param adminManaged whether an organization admin manages it
 * @param position display order, from 0
 * @param locale language of the booking page, e.g. {@code en}
 * @param locations where meetings of this type can happen
 * @param customQuestions what invitees are asked when they book
 * @param startTimeIncrement minutes between offered start times; null for one-off event types
 *     (field added by Calendly in November 2026, absent from older responses)
 * @param beforeBuffer minutes kept free before each meeting (added November 2026)
 * @param afterBuffer minutes kept free after each meeting (added November 2026)
 */
public record EventType(
    URI uri,
    String name,
    Boolean active,
    BookingMethod bookingMethod,
    String slug,
    URI schedulingUrl,
    Integer duration,
    List<Integer> durationOptions,
    Kind kind,
    PoolingType poolingType,
    String type,
    String color,
    Instant createdAt,
    Instant updatedAt,
    String internalNote,
    String descriptionPlain,
    String descriptionHtml,
    Profile profile,
    Boolean secret,
    Instant deletedAt,
    Boolean adminManaged,
    Integer position,
    String locale,
    List<EventTypeLocation> locations,
    List<CustomQuestion> customQuestions,
    Integer startTimeIncrement,
    Integer beforeBuffer,
    Integer afterBuffer) {

  public EventType {
    durationOptions = durationOptions == null ? null : List.copyOf(durationOptions);
    locations = locations == null ? null : List.copyOf(locations);
    customQuestions = customQuestions == null ? null : List.copyOf(customQuestions);
  }

  /** Whether invitees book a time directly or vote in a meeting poll. */
  public enum BookingMethod {
    INSTANT,
    POLL,
    /** A booking method Calendly added after this client was written. */
    @JsonEnumDefaultValue
    UNKNOWN
  }

  /** One host ({@code solo}) or several ({@code group}). */
  public enum Kind {
    SOLO,
    GROUP,
    /** A kind Calendly added after this client was written. */
    @JsonEnumDefaultValue
    UNKNOWN
  }

  /** How an event type with several hosts picks who meets the invitee. */
  public enum PoolingType {
    /** One host per meeting, taking turns. */
    ROUND_ROBIN,
    /** Every host attends; only times when all are free are offered. */
    COLLECTIVE,
    /** Hosts in pools, with availability combined per pool. */
    MULTI_POOL,
    /** A pooling type Calendly added after this client was written. */
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
