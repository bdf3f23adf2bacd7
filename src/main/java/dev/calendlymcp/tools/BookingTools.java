package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.InviteeQuery;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.calendly.model.CustomQuestion;
import dev.calendlymcp.calendly.model.EventGuest;
import dev.calendlymcp.calendly.model.EventStatus;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeLocation;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.calendly.model.User;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * {@code book_meeting} and {@code reschedule_meeting}: the tools that create bookings. Both go
 * through one {@link Bookings}, so a retried or concurrent identical call never books twice, and a
 * reschedule retried after a partial failure reuses the booking it already made.
 */
final class BookingTools {

  private static final int MAX_ANSWERS = 20;
  private static final int MAX_GUESTS = 10;

  private final Bookings bookings;

  BookingTools(Bookings bookings) {
    this.bookings = Objects.requireNonNull(bookings, "bookings");
  }

  List<ToolDefinition> definitions() {
    return List.of(bookMeeting(), rescheduleMeeting());
  }

  // ---- book_meeting ----

  ToolDefinition bookMeeting() {
    return ToolDefinition.builder("book_meeting")
        .title("Book meeting")
        .description(
            "Book an invitee into a find_available_times slot; a repeat returns the first booking, never a second.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.write(false, true))
        .input(
            Schema.object()
                .required("event_type", References.eventTypeArgument())
                .required("start_time", Schema.string().format(Schema.DATE_TIME)
                    .description("A slot's start_time."))
                .required("invitee_name", Schema.string().minLength(1).maxLength(255).description("Full name."))
                .required("invitee_email", Schema.string().format(Schema.EMAIL)
                    .description("Gets the confirmation."))
                .optional("invitee_timezone", Schema.string().minLength(1).maxLength(64)
                    .description("IANA; default: yours."))
                .optional("location_kind", Schema.string().minLength(1).maxLength(64)
                    .description("See get_event_type."))
                .optional("location", Schema.string().minLength(1).maxLength(1024)
                    .description("Address or phone."))
                .optional("answers", Schema.array(
                        Schema.object()
                            .required("question", Schema.string().minLength(1).maxLength(1024)
                                .description("As asked."))
                            .required("answer", Schema.string().minLength(1).maxLength(2000)
                                .description("Text or a choice."))
                            .closed())
                    .maxItems(MAX_ANSWERS)
                    .description("Booking questions."))
                .optional("guests", Schema.array(Schema.string().format(Schema.EMAIL))
                    .maxItems(MAX_GUESTS)
                    .description("Emails."))
                .optional("idempotency_key", Schema.string().minLength(1).maxLength(100)
                    .description("Unique per booking."))
                .closed())
        .output(bookingSchema())
        .handler(this::book)
        .build();
  }

  private Mono<ToolResult> book(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    Instant now = context.clock().instant();
    Instant start = arguments.instant("start_time").orElseThrow();
    if (!start.isAfter(now)) {
      return Mono.error(new IllegalArgumentException(
          "start_time must be in the future, got " + start + " (now is " + now + ")"));
    }
    Optional<String> timezone = arguments.string("invitee_timezone");
    if (timezone.isPresent()) {
      checkZone(timezone.get(), "invitee_timezone");
    }
    return Mono.zip(client.users().me(), eventType(client, arguments.requiredString("event_type")))
        .flatMap(both -> {
          User me = both.getT1();
          EventType eventType = both.getT2();
          requireBookable(eventType);
          String zone = timezone.orElse(me.timezone() == null ? "UTC" : me.timezone());
          CreateInviteeRequest.Location location = arguments.string("location_kind")
              .map(kind -> new CreateInviteeRequest.Location(kind, arguments.string("location").orElse(null)))
              .orElse(null);
          if (location == null && arguments.string("location").isPresent()) {
            throw new IllegalArgumentException("location needs location_kind too; " + offeredKinds(eventType));
          }
          if (location != null && !kinds(eventType).contains(location.kind())) {
            throw new IllegalArgumentException(wrongLocation(eventType, location.kind()));
          }
          Bookings.Request request = new Bookings.Request(
              eventType,
              start,
              CreateInviteeRequest.Person.named(
                  arguments.requiredString("invitee_name"), arguments.requiredString("invitee_email"), zone),
              location,
              answers(eventType, arguments.objects("answers")),
              arguments.strings("guests"),
              arguments.string("idempotency_key").orElse(null));
          return bookings.book(client, me, request, now, context.cancellation());
        })
        .map(booked -> render(booked, timezone.isEmpty()));
  }

  private static Schema bookingSchema() {
    return Schema.object()
        .field("outcome", Schema.string().enumOf("booked", "already_booked", "recovered"))
        .strings("event_uri", "invitee_uri", "event_type_uri", "event_name", "start_time", "end_time", "start_time_local")
        .strings("invitee_name", "invitee_email", "invitee_timezone", "cancel_url", "reschedule_url");
  }

  static Map<String, Object> bookingMap(Bookings.Booked booked) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("outcome", booked.outcome().wireName());
    out.put("event_uri", MeetingViews.text(booked.eventUri()));
    out.put("invitee_uri", MeetingViews.text(booked.inviteeUri()));
    out.put("event_type_uri", MeetingViews.text(booked.eventTypeUri()));
    out.put("event_name", booked.eventName());
    out.put("start_time", MeetingViews.text(booked.start()));
    out.put("end_time", MeetingViews.text(booked.end()));
    out.put("start_time_local", local(booked.start(), booked.inviteeTimezone()));
    out.put("invitee_name", booked.inviteeName());
    out.put("invitee_email", booked.inviteeEmail());
    out.put("invitee_timezone", booked.inviteeTimezone());
    out.put("cancel_url", MeetingViews.text(booked.cancelUrl()));
    out.put("reschedule_url", MeetingViews.text(booked.rescheduleUrl()));
    return out;
  }

  /**
   * @param zoneDefaulted whether invitee_timezone was left out, so the confirmation shows the
   *     host's zone, which the invitee may not be in
   */
  private static ToolResult render(Bookings.Booked booked, boolean zoneDefaulted) {
    String verb = switch (booked.outcome()) {
      case BOOKED -> "Booked";
      case ALREADY_BOOKED -> "Already booked by an identical earlier call (nothing new was booked):";
      case RECOVERED -> "Booked (Calendly's answer was lost; the booking was confirmed by looking it up):";
    };
    String zone = zoneDefaulted
        ? " invitee_timezone was not given, so Calendly's confirmation to the invitee shows times in "
            + booked.inviteeTimezone() + ", your time zone; tell the invitee if they are elsewhere."
        : "";
    return new ToolResult(bookingMap(booked), verb + " " + summary(booked) + zone);
  }

  static String summary(Bookings.Booked booked) {
    String local = local(booked.start(), booked.inviteeTimezone());
    return (booked.eventName() == null ? "meeting" : booked.eventName()) + " with " + booked.inviteeName()
        + " <" + booked.inviteeEmail() + "> at " + booked.start()
        + (local == null ? "" : " (" + local + " " + booked.inviteeTimezone() + ")")
        + (booked.end() == null ? "" : " until " + booked.end())
        + ". Meeting: " + booked.eventUri() + "; invitee: " + booked.inviteeUri()
        + ". Cancel link: " + booked.cancelUrl() + "; reschedule link: " + booked.rescheduleUrl() + ".";
  }

  private static String local(Instant instant, String zone) {
    if (zone == null) {
      return null;
    }
    try {
      return MeetingViews.local(instant, ZoneId.of(zone));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static Mono<EventType> eventType(CalendlyClient client, String reference) {
    return References.eventType(client, reference, "event_type")
        .onErrorMap(CalendlyException.NotFound.class, e -> new ToolFailure(
            "No event type " + reference + " is visible to this user. Call list_event_types for valid ones.", e));
  }

  private static void requireBookable(EventType eventType) {
    if (Boolean.FALSE.equals(eventType.active())) {
      throw new ToolFailure(EventTypeTools.inactive(eventType) + " Nothing was booked.");
    }
  }

  /** The location kinds the event type offers, as Calendly names them. */
  static List<String> kinds(EventType eventType) {
    return eventType.locations() == null
        ? List.of()
        : eventType.locations().stream().map(EventTypeLocation::kind).filter(Objects::nonNull).toList();
  }

  /** What to pass instead of a location kind the event type does not offer. */
  static String wrongLocation(EventType eventType, String kind) {
    String shown = kind.length() > 64 ? kind.substring(0, 64) + "…" : kind;
    return "location_kind '" + shown + "' is not offered by '" + eventType.name() + "'; " + offeredKinds(eventType);
  }

  static String offeredKinds(EventType eventType) {
    List<String> kinds = kinds(eventType);
    return kinds.isEmpty()
        ? "it has no locations set, so leave location_kind and location out"
        : "it offers " + String.join(", ", kinds) + " (pass one as location_kind, or leave it out for "
            + kinds.get(0) + ")";
  }

  /**
   * The answers matched to the event type's questions, with their positions, so that a misspelt
   * question or a missing required answer is named before anything is sent.
   */
  static List<QuestionAndAnswer> answers(EventType eventType, List<ToolArguments> given) {
    List<CustomQuestion> questions = eventType.customQuestions() == null
        ? List.of()
        : eventType.customQuestions().stream().filter(q -> !Boolean.FALSE.equals(q.enabled())).toList();
    List<QuestionAndAnswer> out = new ArrayList<>();
    List<CustomQuestion> answered = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String question = given.get(i).requiredString("question");
      String answer = given.get(i).requiredString("answer");
      String field = "answers[" + i + "]";
      CustomQuestion match = questions.stream()
          .filter(q -> q.name() != null && normalize(q.name()).equals(normalize(question)))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(field + ".question '" + question
              + "' is not a question of '" + eventType.name() + "'; its questions are: " + names(questions)));
      if (answered.contains(match)) {
        throw new IllegalArgumentException("answers[" + i + "] answers '" + match.name() + "' a second time");
      }
      checkChoice(match, answer, i);
      answered.add(match);
      out.add(new QuestionAndAnswer(match.name(), answer, match.position()));
    }
    List<String> missing = questions.stream()
        .filter(q -> Boolean.TRUE.equals(q.required()) && !answered.contains(q))
        .map(q -> "'" + q.name() + "'" + choices(q))
        .toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("answers must include the required question"
          + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing) + " of '" + eventType.name() + "'");
    }
    return out;
  }

  private static void checkChoice(CustomQuestion question, String answer, int index) {
    List<String> choices = question.answerChoices();
    if (choices == null || choices.isEmpty() || Boolean.TRUE.equals(question.includeOther())) {
      return;
    }
    List<String> picked = question.type() == CustomQuestion.Type.MULTI_SELECT
        ? List.of(answer.split("\n"))
        : List.of(answer);
    for (String one : picked) {
      if (choices.stream().noneMatch(choice -> choice.equals(one.strip()))) {
        throw new IllegalArgumentException("answers[" + index + "].answer '" + one + "' is not a choice of '"
            + question.name() + "'; choose from: " + String.join(", ", choices));
      }
    }
  }

  private static String choices(CustomQuestion question) {
    return question.answerChoices() == null || question.answerChoices().isEmpty()
        ? ""
        : " (one of: " + String.join(", ", question.answerChoices()) + ")";
  }

  private static String names(List<CustomQuestion> questions) {
    return questions.isEmpty()
        ? "none"
        : questions.stream().map(q -> "'" + q.name() + "'").collect(Collectors.joining(", "));
  }

  private static String normalize(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  private static void checkZone(String zone, String field) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(field + " must be an IANA time zone such as Europe/Paris, got '"
          + (zone.length() > 64 ? zone.substring(0, 64) + "…" : zone) + "'");
    }
  }

  // ---- reschedule_meeting ----

  ToolDefinition rescheduleMeeting() {
    return ToolDefinition.builder("reschedule_meeting")
        .title("Reschedule meeting")
        .description(
            "Move a one-on-one meeting to a find_available_times slot: books the new time, then cancels the old.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.write(true, true))
        .input(
            Schema.object()
                .required("event", Schema.string().minLength(1).maxLength(300).description("URI or UUID."))
                .required("new_start_time", Schema.string().format(Schema.DATE_TIME)
                    .description("A slot's start_time."))
                .optional("reason", Schema.string().minLength(1).maxLength(500)
                    .description("Sent to invitees."))
                .closed())
        .output(
            Schema.object()
                .field("status", Schema.string().enumOf("rescheduled", "partial"))
                .field("new_booking", Schema.object().description("as book_meeting"))
                .field("old_event", Schema.object()
                    .strings("uri", "start_time")
                    .field("status", Schema.string().enumOf("canceled", "active"))
                    .strings("error")))
        .handler(this::reschedule)
        .build();
  }

  private Mono<ToolResult> reschedule(ToolArguments arguments, ToolContext context) {
    CalendlyClient client = context.calendly().client();
    Instant now = context.clock().instant();
    Instant newStart = arguments.instant("new_start_time").orElseThrow();
    if (!newStart.isAfter(now)) {
      return Mono.error(new IllegalArgumentException(
          "new_start_time must be in the future, got " + newStart + " (now is " + now + ")"));
    }
    String reference = arguments.requiredString("event");
    Mono<ScheduledEvent> old = client.scheduledEvents().get(reference)
        .contextWrite(CacheMode.bypass())
        .onErrorMap(CalendlyException.NotFound.class, e -> new ToolFailure(
            "No meeting " + reference + " is visible to this user; find it with list_scheduled_events.", e));
    return Mono.zip(client.users().me(), old)
        .flatMap(both -> {
          User me = both.getT1();
          ScheduledEvent event = both.getT2();
          if (newStart.equals(event.startTime())) {
            throw new IllegalArgumentException("new_start_time is the meeting's current start; nothing to move");
          }
          if (event.status() == EventStatus.ACTIVE && event.endTime() != null && !event.endTime().isAfter(now)) {
            throw new ToolFailure("The meeting " + event.uri() + " already took place (ended " + event.endTime()
                + "); use book_meeting for a new one.");
          }
          return Mono.zip(
                  client.eventTypes().get(event.eventType().toString()),
                  client.scheduledEvents()
                      .listInvitees(event.uri().toString(), InviteeQuery.all(), PageRequest.first(100))
                      .contextWrite(CacheMode.bypass()))
              .flatMap(parts -> move(client, me, event, parts.getT1(), parts.getT2().collection(), newStart,
                  arguments.string("reason"), now, context));
        });
  }

  private Mono<ToolResult> move(
      CalendlyClient client,
      User me,
      ScheduledEvent event,
      EventType eventType,
      List<Invitee> invitees,
      Instant newStart,
      Optional<String> reason,
      Instant now,
      ToolContext context) {
    boolean canceled = event.status() == EventStatus.CANCELED;
    List<Invitee> candidates = invitees.stream()
        .filter(i -> canceled || i.status() == EventStatus.ACTIVE)
        .toList();
    if (candidates.size() != 1) {
      throw new ToolFailure("The meeting " + event.uri() + " has " + candidates.size() + " invitees;"
          + " reschedule_meeting moves one-on-one meetings only, because canceling cancels everyone."
          + " Use book_meeting for each invitee and then cancel_event, after checking with the user.");
    }
    Invitee invitee = candidates.get(0);
    if (canceled) {
      // A repeat after a successful reschedule: the new booking, if it exists, is the answer.
      return bookings.findExisting(client, me, eventType, newStart, invitee.email())
          .map(found -> rescheduled(event, found, "The meeting was already rescheduled: "))
          .switchIfEmpty(Mono.error(() -> new ToolFailure("The meeting " + event.uri() + " is already canceled, so"
              + " there is nothing to move; use book_meeting to book " + invitee.email() + " at " + newStart + ".")));
    }
    requireBookable(eventType);
    List<String> guests = event.eventGuests() == null
        ? List.of()
        : event.eventGuests().stream().map(EventGuest::email).filter(Objects::nonNull).toList();
    CreateInviteeRequest.Person person = invitee.name() != null && !invitee.name().isBlank()
        ? CreateInviteeRequest.Person.named(invitee.name(), invitee.email(), zoneOf(invitee, me))
        : CreateInviteeRequest.Person.named(invitee.firstName(), invitee.lastName(), invitee.email(), zoneOf(invitee, me));
    Bookings.Request request = new Bookings.Request(
        eventType, newStart, person, null,
        invitee.questionsAndAnswers() == null ? List.of() : invitee.questionsAndAnswers(),
        guests, null);
    String note = "Rescheduled to " + newStart + reason.map(r -> ": " + r).orElse("");
    return bookings.book(client, me, request, now, context.cancellation())
        .onErrorMap(error -> new ToolFailure("Nothing changed: the new time could not be booked. "
            + ToolErrors.describe(error, context.calendly().reconnectAdvice())
                .orElse("An internal error stopped the booking.")
            + " The meeting at " + event.startTime() + " (" + event.uri() + ") is still on.", error))
        .flatMap(booked -> client.scheduledEvents().cancel(event.uri().toString(), note)
            .map(cancellation -> rescheduled(event, booked, "Rescheduled: "))
            .onErrorResume(CalendlyException.class, error -> cancelFailed(client, event, booked, error)));
  }

  /** The booking stands; find out whether the old meeting is canceled after all, and say so. */
  private Mono<ToolResult> cancelFailed(
      CalendlyClient client, ScheduledEvent event, Bookings.Booked booked, CalendlyException error) {
    return client.scheduledEvents().get(event.uri().toString())
        .contextWrite(CacheMode.bypass())
        .map(now -> now.status() == EventStatus.CANCELED
            ? rescheduled(event, booked, "Rescheduled: ")
            : partial(event, booked, error.getMessage()))
        .onErrorResume(CalendlyException.class, lookup -> Mono.just(partial(event, booked,
            error.getMessage() + " (and reading the meeting back failed: " + lookup.getMessage() + ")")));
  }

  private static ToolResult rescheduled(ScheduledEvent old, Bookings.Booked booked, String lead) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "rescheduled");
    out.put("new_booking", bookingMap(booked));
    out.put("old_event", oldEvent(old, "canceled", null));
    return new ToolResult(out, lead + "the meeting at " + old.startTime() + " (" + old.uri() + ") is canceled,"
        + " and the new one is booked: " + summary(booked));
  }

  private static ToolResult partial(ScheduledEvent old, Bookings.Booked booked, String error) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", "partial");
    out.put("new_booking", bookingMap(booked));
    out.put("old_event", oldEvent(old, "active", error));
    return new ToolResult(out, "Only half done. The new meeting is booked: " + summary(booked)
        + " But the old meeting at " + old.startTime() + " (" + old.uri() + ") could NOT be canceled and is still"
        + " on: " + error + ". Cancel it with cancel_event, or call reschedule_meeting again with the same"
        + " arguments (it reuses the new booking); tell the user both meetings exist until then.");
  }

  private static Map<String, Object> oldEvent(ScheduledEvent old, String status, String error) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", MeetingViews.text(old.uri()));
    out.put("start_time", MeetingViews.text(old.startTime()));
    out.put("status", status);
    if (error != null) {
      out.put("error", error);
    }
    return out;
  }

  private static String zoneOf(Invitee invitee, User me) {
    if (invitee.timezone() != null) {
      try {
        ZoneId.of(invitee.timezone());
        return invitee.timezone();
      } catch (DateTimeException e) {
        // Fall through to the host's zone: Calendly would refuse the booking with this one.
      }
    }
    return me.timezone() == null ? "UTC" : me.timezone();
  }
}
