package dev.calendlymcp.calendly.model;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The body of {@code POST /invitees}: books {@code invitee} into the slot of {@code eventType}
 * starting at {@code startTime}, as if they had used the booking page. Null fields are left out
 * of the request. Lists may hold nulls here so that validation can name the bad element.
 *
 * @param eventType URI of the event type to book (required)
 * @param startTime start of the slot, one of the event type's available times (required)
 * @param invitee who is booked (required)
 * @param location where to meet, for event types that offer a choice; may be null
 * @param questionsAndAnswers answers to the event type's custom questions; may be null
 * @param eventGuests email addresses of further guests; may be null
 * @param tracking UTM and Salesforce attribution; may be null
 */
public record CreateInviteeRequest(
    URI eventType,
    Instant startTime,
    Person invitee,
    Location location,
    List<QuestionAndAnswer> questionsAndAnswers,
    List<String> eventGuests,
    Tracking tracking) {

  public CreateInviteeRequest {
    questionsAndAnswers = copy(questionsAndAnswers);
    eventGuests = copy(eventGuests);
  }

  /** A booking with only the required parts; add the rest with the {@code with…} methods. */
  public static CreateInviteeRequest of(URI eventType, Instant startTime, Person invitee) {
    return new CreateInviteeRequest(eventType, startTime, invitee, null, null, null, null);
  }

  public CreateInviteeRequest withLocation(Location value) {
    return new CreateInviteeRequest(
        eventType, startTime, invitee, value, questionsAndAnswers, eventGuests, tracking);
  }

  public CreateInviteeRequest withQuestionsAndAnswers(List<QuestionAndAnswer> value) {
    return new CreateInviteeRequest(
        eventType, startTime, invitee, location, value, eventGuests, tracking);
  }

  public CreateInviteeRequest withEventGuests(List<String> value) {
    return new CreateInviteeRequest(
        eventType, startTime, invitee, location, questionsAndAnswers, value, tracking);
  }

  public CreateInviteeRequest withTracking(Tracking value) {
    return new CreateInviteeRequest(
        eventType, startTime, invitee, location, questionsAndAnswers, eventGuests, value);
  }

  private static <T> List<T> copy(List<T> list) {
    return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /**
   * The person being booked: a full {@code name}, or a {@code firstName} (with an optional {@code
   * lastName}) for event types that ask for them separately. Calendly requires name or first_name.
   *
   * @param email where Calendly sends the confirmation (required)
   * @param timezone IANA time zone the invitee sees times in, e.g. {@code Europe/Paris} (required)
   * @param textReminderNumber phone number for SMS reminders, in international format; may be null
   */
  public record Person(
      String name,
      String firstName,
      String lastName,
      String email,
      String timezone,
      String textReminderNumber) {

    /** An invitee known by full name. */
    public static Person named(String name, String email, String timezone) {
      return new Person(name, null, null, email, timezone, null);
    }

    /** An invitee known by first and last name; {@code lastName} may be null. */
    public static Person named(String firstName, String lastName, String email, String timezone) {
      return new Person(null, firstName, lastName, email, timezone, null);
    }

    public Person withTextReminderNumber(String number) {
      return new Person(name, firstName, lastName, email, timezone, number);
    }
  }

  /**
   * Where to meet, chosen from the locations the event type offers.
   *
   * @param kind the location kind, e.g. {@code physical}, {@code outbound_call}, {@code
   *     zoom_conference} (required when a location is given)
   * @param location the address or phone number, for kinds that need one; may be null
   */
  public record Location(String kind, String location) {}
}
