package dev.calendlymcp.sandbox.model;

import java.time.Instant;
import java.util.List;

/**
 * Someone booked into a scheduled event.
 *
 * @param uuid last segment of the invitee URI
 * @param eventUuid the scheduled event
 * @param email the invitee's email
 * @param name full name
 * @param firstName first name, or null
 * @param lastName last name, or null
 * @param status active or canceled
 * @param timezone the invitee's IANA time zone
 * @param questionsAndAnswers answers to the event type's questions
 * @param tracking UTM parameters
 * @param textReminderNumber phone number for SMS reminders, or null
 * @param cancellation who canceled, when canceled; else null
 * @param createdAt booking time
 * @param updatedAt last change
 * @param schedulingMethod {@code instant_book} when booked through the API, else null
 * @param scheduledByUserUuid the user whose token booked through the API, else null
 */
public record Invitee(
    String uuid,
    String eventUuid,
    String email,
    String name,
    String firstName,
    String lastName,
    Status status,
    String timezone,
    List<QuestionAnswer> questionsAndAnswers,
    Tracking tracking,
    String textReminderNumber,
    Cancellation cancellation,
    Instant createdAt,
    Instant updatedAt,
    String schedulingMethod,
    String scheduledByUserUuid) {

  public Invitee {
    questionsAndAnswers = List.copyOf(questionsAndAnswers);
  }

  /** Whether the invitee still attends. */
  public boolean isActive() {
    return status == Status.ACTIVE;
  }

  /** This invitee canceled. */
  public Invitee canceled(Cancellation how) {
    return new Invitee(
        uuid, eventUuid, email, name, firstName, lastName, Status.CANCELED, timezone,
        questionsAndAnswers, tracking, textReminderNumber, how, createdAt, how.createdAt(),
        schedulingMethod, scheduledByUserUuid);
  }
}
