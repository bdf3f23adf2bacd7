package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Calendly's Scheduling API: booking a meeting on someone's behalf, as if they had used the
 * booking page ({@code POST /invitees}; every plan since 2026-11-03, with its own, tighter rate limit). Pick
 * {@code start_time} from the event type's available times; a taken slot is refused with a 400.
 */
public final class SchedulingApi {

  private final RestCalls rest;

  SchedulingApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code POST /invitees}: books the invitee and returns them, with the new scheduled event's URI
   * in {@link Invitee#event()}. Calendly emails the confirmation as for any booking.
   */
  public Mono<Invitee> createInvitee(CreateInviteeRequest request) {
    return Mono.fromCallable(() -> validate(request))
        .flatMap(body -> rest.resource(Endpoint.CREATE_INVITEE, List.of(), body, Invitee.class));
  }

  private static CreateInviteeRequest validate(CreateInviteeRequest request) {
    if (request == null) {
      throw Arguments.invalid("request", "is required");
    }
    Arguments.uri(request.eventType(), "event_type");
    if (request.startTime() == null) {
      throw Arguments.invalid("start_time", "is required: pick one of the event type's available times");
    }
    validate(request.invitee());
    if (request.location() != null) {
      Arguments.text(request.location().kind(), "location.kind");
    }
    List<QuestionAndAnswer> answers = request.questionsAndAnswers();
    if (answers != null) {
      for (int i = 0; i < answers.size(); i++) {
        String field = "questions_and_answers[" + i + "]";
        QuestionAndAnswer answer = answers.get(i);
        if (answer == null) {
          throw Arguments.invalid(field, "must not be null");
        }
        Arguments.text(answer.question(), field + ".question");
        if (answer.answer() == null) {
          throw Arguments.invalid(field + ".answer", "is required");
        }
        if (answer.position() != null && answer.position() < 0) {
          throw Arguments.invalid(field + ".position", "must be 0 or more, got " + answer.position());
        }
      }
    }
    List<String> guests = request.eventGuests();
    if (guests != null) {
      for (int i = 0; i < guests.size(); i++) {
        Arguments.email(guests.get(i), "event_guests[" + i + "]");
      }
    }
    return request;
  }

  private static void validate(CreateInviteeRequest.Person invitee) {
    if (invitee == null) {
      throw Arguments.invalid("invitee", "is required (name or first_name, email, timezone)");
    }
    boolean hasName = invitee.name() != null && !invitee.name().isBlank();
    boolean hasFirst = invitee.firstName() != null && !invitee.firstName().isBlank();
    // Calendly's rule: name or first_name; last_name is optional and never enough on its own.
    if (!hasName && !hasFirst) {
      throw Arguments.invalid(
          "invitee.name",
          "is required: give invitee.name, or invitee.first_name (invitee.last_name is optional)");
    }
    Arguments.email(invitee.email(), "invitee.email");
    Arguments.timezone(invitee.timezone(), "invitee.timezone");
    if (invitee.textReminderNumber() != null) {
      Arguments.text(invitee.textReminderNumber(), "invitee.text_reminder_number");
    }
  }
}
