package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Problems;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.CustomQuestion;
import dev.calendlymcp.sandbox.model.EventType;
import dev.calendlymcp.sandbox.model.EventTypeLocation;
import dev.calendlymcp.sandbox.model.Guest;
import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.MeetingLocation;
import dev.calendlymcp.sandbox.model.QuestionAnswer;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import dev.calendlymcp.sandbox.model.Status;
import dev.calendlymcp.sandbox.model.Tracking;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Endpoint 11, {@code POST /invitees}: books a slot. The whole request runs under the store's
 * write lock, so the availability check and the insert are one step and two requests for the same
 * slot cannot both win. A slot that is not free is a 400 with Calendly's wording and nothing is
 * created.
 */
public final class BookingApi {

  static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final ApiContext context;
  private final EventTypesApi eventTypes;
  private final WebhookEvents webhookEvents;

  public BookingApi(ApiContext context, EventTypesApi eventTypes) {
    this.context = context;
    this.eventTypes = eventTypes;
    this.webhookEvents = new WebhookEvents(context);
  }

  /** Registers the route. */
  public void register(Router router) {
    router.write("POST", "/invitees", "scheduled_events:write", this::book);
  }

  /** The validated parts of a booking request. */
  private record Booking(
      String eventTypeUuid,
      Instant start,
      String email,
      String name,
      String firstName,
      String lastName,
      String timezone,
      String textReminderNumber,
      String locationKind,
      String locationValue,
      List<QuestionAnswer> answers,
      List<String> guests,
      Tracking tracking) {}

  private ApiResponse book(ApiRequest request) {
    Caller caller = request.caller();
    Booking booking = read(context.body(request));
    SandboxStore store = context.store();
    EventType eventType = eventTypes.visible(caller, booking.eventTypeUuid());
    Instant now = context.now();

    Problems problems = new Problems();
    if (!eventType.active()) {
      problems.add("event_type", "is not active and cannot be booked");
    }
    if (!booking.start().isAfter(now)) {
      problems.add("start_time", "must be in the future");
    }
    EventTypeLocation location = location(eventType, booking, problems);
    checkAnswers(eventType, booking.answers(), problems);
    problems.throwIfAny();

    if (!context.availability().isBookable(eventType, now, booking.start())) {
      String message =
          context.availability().isOfferedWhenFree(eventType, now, booking.start())
              ? "That start time has been filled"
              : "That time is unavailable; pick a start_time from GET /event_type_available_times";
      throw ApiException.invalid("start_time", message);
    }

    ScheduledEvent event = joinableSession(eventType, booking.start()).orElse(null);
    List<Guest> guests = booking.guests().stream().map(email -> new Guest(email, now)).toList();
    if (event == null) {
      event =
          new ScheduledEvent(
              context.ids().uuid(), eventType.uuid(), caller.organizationUuid(), eventType.name(),
              Status.ACTIVE, booking.start(),
              booking.start().plus(Duration.ofMinutes(eventType.durationMinutes())),
              hosts(eventType), meeting(location), eventType.seats(), guests, null,
              eventType.bufferBeforeMinutes(), eventType.bufferAfterMinutes(), now, now);
    } else if (!guests.isEmpty()) {
      event = event.withGuests(guests, now);
    }
    store.putEvent(event);
    Invitee invitee =
        new Invitee(
            context.ids().uuid(), event.uuid(), booking.email(), booking.name(),
            booking.firstName(), booking.lastName(), Status.ACTIVE, booking.timezone(),
            booking.answers(), booking.tracking(), booking.textReminderNumber(), null, now, now,
            "instant_book", caller.userUuid());
    store.putInvitee(invitee);
    webhookEvents.queue(request, "invitee.created", invitee, event);
    return ApiResponse.resource(201, context.views().invitee(invitee));
  }

  private Booking read(Body body) {
    String eventType = body.requiredUri("event_type", "event_types");
    Instant start = body.requiredInstant("start_time");
    String email = null;
    String name = null;
    String firstName = null;
    String lastName = null;
    String timezone = null;
    String reminder = null;
    Body invitee = body.requiredObject("invitee");
    if (invitee != null) {
      email = invitee.requiredString("email", 254);
      if (email != null && !EMAIL.matcher(email).matches()) {
        body.problems().add(invitee.name("email"), "must be a valid email address");
      }
      name = invitee.string("name", 255);
      firstName = invitee.string("first_name", 255);
      lastName = invitee.string("last_name", 255);
      if ((name == null || name.isBlank()) && (firstName == null || firstName.isBlank())) {
        body.problems().add(invitee.name("name"), "either name or first_name must be provided");
      } else if (name == null || name.isBlank()) {
        name = lastName == null || lastName.isBlank() ? firstName : firstName + " " + lastName;
      }
      timezone = invitee.requiredString("timezone", 64);
      if (timezone != null) {
        try {
          ZoneId.of(timezone);
        } catch (DateTimeException e) {
          body.problems().add(invitee.name("timezone"), "must be an IANA time zone, e.g. Europe/Paris");
        }
      }
      reminder = invitee.string("text_reminder_number", 32);
    }
    String locationKind = null;
    String locationValue = null;
    Body location = body.object("location");
    if (location != null) {
      locationKind = location.requiredString("kind", 64);
      locationValue = location.string("location", 1024);
    }
    List<QuestionAnswer> answers = new ArrayList<>();
    List<JsonNode> items = body.array("questions_and_answers", 50);
    if (items != null) {
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = items.get(i);
        if (!item.isObject()) {
          body.problems().add(body.name("questions_and_answers[" + i + "]"), "must be an object");
          continue;
        }
        Body qa = body.element("questions_and_answers", i, item);
        String question = qa.requiredString("question", 1024);
        String answer = qa.requiredString("answer", 10_000);
        Integer position = qa.integer("position", 0, 1000);
        if (question != null && answer != null) {
          answers.add(new QuestionAnswer(question, answer, position == null ? i : position));
        }
      }
    }
    List<String> guests = body.strings("event_guests", 10);
    if (guests != null) {
      for (String guest : guests) {
        if (!EMAIL.matcher(guest).matches()) {
          body.problems().add("event_guests", "must contain only valid email addresses");
          break;
        }
      }
    }
    Tracking tracking = Tracking.NONE;
    Body track = body.object("tracking");
    if (track != null) {
      tracking =
          new Tracking(
              track.string("utm_campaign", 255), track.string("utm_source", 255),
              track.string("utm_medium", 255), track.string("utm_content", 255),
              track.string("utm_term", 255), track.string("salesforce_uuid", 255));
    }
    body.problems().throwIfAny();
    return new Booking(
        eventType, start, email, name, firstName, lastName, timezone, reminder, locationKind,
        locationValue, answers, guests == null ? List.of() : guests, tracking);
  }

  private static EventTypeLocation location(EventType eventType, Booking booking, Problems problems) {
    if (booking.locationKind() == null) {
      return eventType.locations().isEmpty() ? null : eventType.locations().get(0);
    }
    for (EventTypeLocation offered : eventType.locations()) {
      if (offered.kind().equals(booking.locationKind())) {
        String value = booking.locationValue() != null ? booking.locationValue() : offered.location();
        return new EventTypeLocation(offered.kind(), value, offered.additionalInfo());
      }
    }
    problems.add("location.kind", "Specified location kind is not configured for this event type.");
    return null;
  }

  private static void checkAnswers(EventType eventType, List<QuestionAnswer> answers, Problems problems) {
    for (CustomQuestion question : eventType.customQuestions()) {
      if (!question.enabled()) {
        continue;
      }
      Optional<QuestionAnswer> answer =
          answers.stream().filter(a -> a.question().equals(question.name())).findFirst();
      if (answer.isEmpty() || answer.get().answer().isBlank()) {
        if (question.required()) {
          problems.add("questions_and_answers", "an answer to \"" + question.name() + "\" is required");
        }
        continue;
      }
      if (question.type().equals("single_select") && !question.includeOther()
          && !question.answerChoices().contains(answer.get().answer())) {
        problems.add("questions_and_answers",
            "the answer to \"" + question.name() + "\" must be one of: "
                + String.join(", ", question.answerChoices()));
      }
    }
  }

  /** For a group event type, the active session at {@code start} that still has seats. */
  private Optional<ScheduledEvent> joinableSession(EventType eventType, Instant start) {
    if (!eventType.isGroup()) {
      return Optional.empty();
    }
    return context.store().eventsOfEventType(eventType.uuid()).stream()
        .filter(e -> e.isActive() && e.start().equals(start))
        .findFirst();
  }

  private static List<String> hosts(EventType eventType) {
    List<String> hosts = new ArrayList<>();
    hosts.add(eventType.ownerUuid());
    hosts.addAll(eventType.coHostUuids());
    return hosts;
  }

  private MeetingLocation meeting(EventTypeLocation location) {
    if (location == null) {
      return new MeetingLocation("custom", null, null);
    }
    return switch (location.kind()) {
      case "zoom_conference" -> new MeetingLocation("zoom", null, "https://zoom.example/j/" + context.ids().hex(10));
      case "google_conference" ->
          new MeetingLocation("google_conference", null, "https://meet.example/" + context.ids().hex(10));
      case "microsoft_teams_conference" ->
          new MeetingLocation("microsoft_teams_conference", null, "https://teams.example/l/" + context.ids().hex(10));
      default -> new MeetingLocation(location.kind(), location.location(), null);
    };
  }
}
