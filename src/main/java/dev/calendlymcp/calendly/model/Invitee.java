package dev.calendlymcp.calendly.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A person booked into a scheduled event. A reschedule shows up as two invitees: the old one,
 * canceled, with {@code rescheduled} true and {@code newInvitee} set, and the new one with {@code
 * oldInvitee} set. Nullable fields are null when Calendly sends null or leaves them out.
 *
 * @param uri canonical reference, {@code …/scheduled_events/{event_uuid}/invitees/{uuid}}
 * @param name full name
 * @param firstName first name, when the event type asks for first and last name separately
 * @param lastName last name, likewise
 * @param status whether the invitee is still booked
 * @param timezone the invitee's IANA time zone
 * @param event URI of the scheduled event
 * @param questionsAndAnswers answers to the event type's custom questions
 * @param tracking UTM and Salesforce attribution; may be null
 * @param textReminderNumber phone number for SMS reminders; may be null
 * @param rescheduled whether this invitee was replaced by a reschedule
 * @param oldInvitee URI of the invitee this one replaced; null unless it came from a reschedule
 * @param newInvitee URI of the invitee that replaced this one; null unless rescheduled
 * @param cancelUrl a page where the invitee can cancel
 * @param rescheduleUrl a page where the invitee can pick another time
 * @param routingFormSubmission URI of the routing form submission that led here; may be null
 * @param cancellation who canceled and why; null unless canceled
 * @param payment what the invitee paid; null when the event type takes no payment
 * @param noShow the no-show mark; null unless the host marked the invitee absent
 * @param reconfirmation the attendance reconfirmation; null when none was requested
 * @param schedulingMethod how the booking was made; null for an ordinary booking
 * @param inviteeScheduledBy URI of the user who booked on the invitee's behalf; may be null
 */
public record Invitee(
    URI uri,
    String email,
    String name,
    String firstName,
    String lastName,
    EventStatus status,
    String timezone,
    URI event,
    List<QuestionAndAnswer> questionsAndAnswers,
    Tracking tracking,
    String textReminderNumber,
    Boolean rescheduled,
    URI oldInvitee,
    URI newInvitee,
    URI cancelUrl,
    URI rescheduleUrl,
    URI routingFormSubmission,
    Cancellation cancellation,
    Payment payment,
    NoShow noShow,
    Reconfirmation reconfirmation,
    SchedulingMethod schedulingMethod,
    URI inviteeScheduledBy,
    Instant createdAt,
    Instant updatedAt) {

  public Invitee {
    questionsAndAnswers = questionsAndAnswers == null ? null : List.copyOf(questionsAndAnswers);
  }

  /** How a booking was made, when it was not through the ordinary booking page. */
  public enum SchedulingMethod {
    /** Calendly's {@code instant_book}. */
    INSTANT_BOOK,
    /** A scheduling method Calendly added after this client was written. */
    @JsonEnumDefaultValue
    UNKNOWN
  }
}
