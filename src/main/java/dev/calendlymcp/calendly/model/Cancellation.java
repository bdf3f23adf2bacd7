package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.time.Instant;

/**
 * Who canceled a scheduled event or invitee, and why; also what {@code POST
 * /scheduled_events/{uuid}/cancellation} returns.
 *
 * @param canceledBy the name of the person who canceled
 * @param reason the reason they gave; may be null
 * @param cancelerType whether a host or the invitee canceled
 * @param createdAt when it was canceled
 */
public record Cancellation(String canceledBy, String reason, CancelerType cancelerType, Instant createdAt) {

  /** Which side of the meeting canceled it. */
  public enum CancelerType {
    HOST,
    INVITEE,
    /** A canceler type Calendly added after this client was written. */
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
