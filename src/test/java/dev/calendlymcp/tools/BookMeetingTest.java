package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/** book_meeting against the sandbox: the booking, its checks, and never booking twice. */
class BookMeetingTest {

  private static final Bookings.Settings QUICK_RECONCILE =
      new Bookings.Settings(Duration.ofHours(24), 100, 4, Duration.ofMillis(100));

  private final List<SandboxToolHarness> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(SandboxToolHarness::close);
  }

  private SandboxToolHarness harness(Plan plan, Duration responseTimeout) {
    SandboxToolHarness harness = SandboxToolHarness.actingOwner(plan, responseTimeout, tools());
    opened.add(harness);
    return harness;
  }

  private static List<ToolDefinition> tools() {
    List<ToolDefinition> tools = new ArrayList<>(new BookingTools(new Bookings(QUICK_RECONCILE)).definitions());
    tools.addAll(new MeetingTools().definitions());
    return tools;
  }

  private static Map<String, Object> booking(EventType type, Instant start, String email) {
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("event_type", type.uri().toString());
    args.put("start_time", start.toString());
    args.put("invitee_name", "Pat Doe");
    args.put("invitee_email", email);
    args.put("invitee_timezone", "Europe/Paris");
    return args;
  }

  private static List<ScheduledEvent> bookedAt(SandboxToolHarness h, EventType type, Instant start) {
    return h.sandbox.model().activeBookings(type.uri().toString()).stream()
        .filter(event -> event.start().equals(start))
        .toList();
  }

  @Test
  void bookingAnOpenSlotReturnsTheMeetingTheInviteeAndTheirLinks() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(0);

    SandboxToolHarness.Outcome answer = h.call("book_meeting", booking(type, start, "pat@example.org"));

    assertThat(answer.string("outcome")).isEqualTo("booked");
    assertThat(answer.string("start_time")).isEqualTo(start.toString());
    assertThat(answer.string("end_time")).isEqualTo(start.plus(Duration.ofMinutes(30)).toString());
    assertThat(answer.string("invitee_email")).isEqualTo("pat@example.org");
    // In the invitee's zone; whether the text shows seconds depends on the slot, so compare values.
    assertThat(OffsetDateTime.parse(answer.string("start_time_local")))
        .isEqualTo(start.atOffset(ZoneOffset.ofHours(1)));
    assertThat(answer.string("event_uri")).contains("/scheduled_events/");
    assertThat(answer.string("invitee_uri")).startsWith(answer.string("event_uri") + "/invitees/");
    assertThat(answer.string("cancel_url")).contains("/cancellations/");
    assertThat(answer.string("reschedule_url")).contains("/reschedulings/");
    assertThat(answer.text()).startsWith("Booked 30 Minute Meeting with Pat Doe <pat@example.org> at " + start);
    assertThat(bookedAt(h, type, start)).hasSize(1);
    assertThat(h.openTimes(type)).doesNotContain(start);
    assertThat(h.posts()).isEqualTo(1);
  }

  @Test
  void theSameCallSentTwiceConcurrentlyMakesOneBooking() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(1);
    Map<String, Object> args = booking(type, start, "pat@example.org");
    // Slow enough that the second call surely arrives while the first is in flight.
    h.sandbox.faults().latency("POST /invitees", Duration.ofMillis(300));

    List<SandboxToolHarness.Outcome> answers = Mono.zip(
            h.callAsync("book_meeting", args, Mono.never()).subscribeOn(Schedulers.parallel()),
            h.callAsync("book_meeting", args, Mono.never()).subscribeOn(Schedulers.parallel()))
        .map(both -> List.of(both.getT1(), both.getT2()))
        .block(Duration.ofSeconds(10));

    assertThat(answers).extracting(a -> a.string("outcome")).containsExactlyInAnyOrder("booked", "already_booked");
    assertThat(answers.get(0).string("event_uri")).isEqualTo(answers.get(1).string("event_uri"));
    assertThat(h.posts()).isEqualTo(1);
    assertThat(bookedAt(h, type, start)).hasSize(1);
  }

  @Test
  void repeatingACallThatSucceededReturnsTheSameBookingWithoutBookingAgain() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(2);
    Map<String, Object> args = booking(type, start, "pat@example.org");

    SandboxToolHarness.Outcome first = h.call("book_meeting", args);
    SandboxToolHarness.Outcome second = h.call("book_meeting", args);

    assertThat(second.string("outcome")).isEqualTo("already_booked");
    assertThat(second.string("event_uri")).isEqualTo(first.string("event_uri"));
    assertThat(second.text()).startsWith("Already booked by an identical earlier call");
    assertThat(h.posts()).isEqualTo(1);
  }

  @Test
  void aRetryAfterTheCallTimedOutGetsTheBookingTheFirstCallMade() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(3);
    Map<String, Object> args = booking(type, start, "pat@example.org");
    h.sandbox.faults().latency("POST /invitees", Duration.ofMillis(600));

    // The caller gives up while the booking is on its way: once the sandbox has the POST (counted on
    // arrival, before its 600 ms delay), not after a fixed time, which on a loaded machine could end
    // the call before the POST was sent.
    Mono<Long> postArrived = Flux.interval(Duration.ofMillis(5))
        .filter(tick -> h.sandbox.stats().count("POST /invitees") >= 1)
        .next();
    Throwable timedOut = h.callAsync("book_meeting", args, Mono.never())
        .timeout(postArrived)
        .map(answer -> (Throwable) new AssertionError("expected the call to time out, got " + answer))
        .onErrorResume(Mono::just)
        .block(Duration.ofSeconds(30));
    SandboxToolHarness.Outcome retried = h.call("book_meeting", args);
    SandboxToolHarness.Outcome again = h.call("book_meeting", args);

    assertThat(timedOut).isInstanceOf(TimeoutException.class);
    assertThat(retried.string("outcome")).isEqualTo("already_booked");
    assertThat(again.string("event_uri")).isEqualTo(retried.string("event_uri"));
    assertThat(h.posts()).isEqualTo(1);
    assertThat(bookedAt(h, type, start)).hasSize(1);
  }

  @Test
  void aBookingWhoseResponseTimedOutIsLookedUpAndARetryBooksItOnce() {
    // The response timeout is shorter than the sandbox's delay; the sandbox drops a request whose
    // client hung up, so the lookup finds nothing and says a retry is safe.
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofMillis(250));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(3);
    Map<String, Object> args = booking(type, start, "pat@example.org");
    h.sandbox.faults().latency("POST /invitees", Duration.ofMillis(600));

    SandboxToolHarness.Outcome lost = h.call("book_meeting", args);
    long lookups = h.sandbox.stats().count("GET /scheduled_events");
    h.sandbox.faults().clear();
    SandboxToolHarness.Outcome retried = h.call("book_meeting", args);
    SandboxToolHarness.Outcome again = h.call("book_meeting", args);

    assertThat(lost.isError()).isTrue();
    assertThat(lost.text()).contains("no response from Calendly within 250 ms", "so it was not made",
        "Calling book_meeting again is safe");
    assertThat(lookups).isEqualTo(QUICK_RECONCILE.reconcileLookups());
    assertThat(retried.string("outcome")).isEqualTo("booked");
    assertThat(again.string("outcome")).isEqualTo("already_booked");
    assertThat(bookedAt(h, type, start)).hasSize(1);
  }

  @Test
  void aBookingWhoseAnswerCameBackUnreadableIsRecoveredByLookup() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(4);
    h.sandbox.faults().malformedRate("POST /invitees", 1.0);

    SandboxToolHarness.Outcome answer = h.call("book_meeting", booking(type, start, "pat@example.org"));

    assertThat(answer.string("outcome")).isEqualTo("recovered");
    assertThat(answer.string("invitee_uri")).startsWith(answer.string("event_uri"));
    assertThat(h.posts()).isEqualTo(1);
    assertThat(bookedAt(h, type, start)).hasSize(1);
  }

  @Test
  void aLostAnswerForABookingThatWasNeverMadeSaysRetryingIsSafe() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(5);
    Map<String, Object> args = booking(type, start, "pat@example.org");
    h.sandbox.faults().dropRate("POST /invitees", 1.0);

    SandboxToolHarness.Outcome lost = h.call("book_meeting", args);
    h.sandbox.faults().clear();
    SandboxToolHarness.Outcome retried = h.call("book_meeting", args);

    assertThat(lost.isError()).isTrue();
    assertThat(lost.text())
        .contains("Calendly's answer to the booking was lost", "so it was not made", "Calling book_meeting again is safe");
    assertThat(retried.string("outcome")).isEqualTo("booked");
    assertThat(bookedAt(h, type, start)).hasSize(1);
  }

  @Test
  void aRetryThatNoLongerHasTheRecordFindsTheBookingInsteadOfBookingAgain() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(0);
    Map<String, Object> args = booking(type, start, "pat@example.org");
    SandboxToolHarness.Outcome first = h.call("book_meeting", args);
    // Another server process (or a restart) has an empty record.
    ToolDefinition fresh = new BookingTools(new Bookings(QUICK_RECONCILE)).bookMeeting();

    SandboxToolHarness.Outcome again = h.callWith(fresh, args);

    assertThat(again.string("outcome")).isEqualTo("already_booked");
    assertThat(again.string("event_uri")).isEqualTo(first.string("event_uri"));
    assertThat(h.posts()).isEqualTo(1);
  }

  @Test
  void theSameIdempotencyKeyForAnotherBookingIsRefused() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    List<Instant> open = h.openTimes(type);
    Map<String, Object> first = booking(type, open.get(0), "pat@example.org");
    first.put("idempotency_key", "order-1234");
    Map<String, Object> second = booking(type, open.get(1), "pat@example.org");
    second.put("idempotency_key", "order-1234");

    h.call("book_meeting", first);
    SandboxToolHarness.Outcome refused = h.call("book_meeting", second);

    assertThat(refused.isError()).isTrue();
    assertThat(refused.text()).contains("idempotency_key 'order-1234' was already used for a different booking");
    assertThat(h.posts()).isEqualTo(1);
  }

  @Test
  void aSlotSomeoneElseTookIsRefusedWithOpenTimesNearby() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(0);
    h.call("book_meeting", booking(type, start, "first@example.org"));

    SandboxToolHarness.Outcome refused = h.call("book_meeting", booking(type, start, "second@example.org"));

    assertThat(refused.isError()).isTrue();
    assertThat(refused.text())
        .startsWith(start + " is not an open time of '30 Minute Meeting'")
        .contains("nothing was booked", "Open times nearby: ", "find_available_times");
    assertThat(h.posts()).isEqualTo(1);
  }

  @Test
  void onAFreePlanBookingWorksSinceCalendlysNovember2026Release() {
    SandboxToolHarness h = harness(Plan.FREE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(0);

    SandboxToolHarness.Outcome booked = h.call("book_meeting", booking(type, start, "pat@example.org"));

    assertThat(booked.isError()).as(booked.text()).isFalse();
    assertThat(booked.text()).doesNotContain("paid").doesNotContain(h.user().token());
  }

  @Test
  void requiredQuestionsAndTheirChoicesAreCheckedBeforeAnythingIsSent() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("60 Minute Consultation");
    Instant start = h.openTimes(type).get(0);
    Map<String, Object> unanswered = booking(type, start, "pat@example.org");
    Map<String, Object> misspelt = booking(type, start, "pat@example.org");
    misspelt.put("answers", List.of(Map.of("question", "Compnay", "answer", "Acme")));

    SandboxToolHarness.Outcome missing = h.call("book_meeting", unanswered);
    SandboxToolHarness.Outcome unknown = h.call("book_meeting", misspelt);

    assertThat(missing.text()).startsWith("Invalid argument: answers must include the required question").contains("'Company'");
    assertThat(unknown.text()).startsWith("Invalid argument: answers[0].question 'Compnay' is not a question of");
    assertThat(h.posts()).isZero();
  }

  @Test
  void answersToTheEventTypesQuestionsAreBookedWithTheMeeting() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("60 Minute Consultation");
    Instant start = h.openTimes(type).get(0);
    Map<String, Object> args = booking(type, start, "pat@example.org");
    List<Map<String, Object>> answers = new ArrayList<>();
    type.customQuestions().stream()
        .filter(q -> Boolean.TRUE.equals(q.required()))
        .forEach(q -> answers.add(Map.of("question", q.name(),
            "answer", q.answerChoices() == null || q.answerChoices().isEmpty() ? "Acme" : q.answerChoices().get(0))));
    args.put("answers", answers);
    args.put("guests", List.of("guest@example.org"));

    SandboxToolHarness.Outcome booked = h.call("book_meeting", args);
    SandboxToolHarness.Outcome read = h.call("get_scheduled_event", Map.of("event", booked.string("event_uri")));

    assertThat(booked.string("outcome")).isEqualTo("booked");
    assertThat(read.text()).contains("Pat Doe <pat@example.org>");
    assertThat(read.<Object>get("invitees")).asString().contains("Acme");
  }

  @Test
  void bookingTakesTheEventTypeNameThatFindAvailableTimesTakes() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(0);
    Map<String, Object> byName = booking(type, start, "named@example.org");
    byName.put("event_type", "30 minute meeting");

    SandboxToolHarness.Outcome answer = h.call("book_meeting", byName);

    assertThat(answer.string("outcome")).isEqualTo("booked");
    assertThat(answer.string("event_type_uri")).isEqualTo(type.uri().toString());
    assertThat(bookedAt(h, type, start)).hasSize(1);
  }

  @Test
  void anAmbiguousEventTypeNameListsTheCandidatesAndBooksNothing() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Map<String, Object> ambiguous = booking(type, h.openTimes(type).get(0), "which@example.org");
    ambiguous.put("event_type", "minute");

    String error = h.call("book_meeting", ambiguous).failure();

    assertThat(error).startsWith("Invalid argument: event_type 'minute' matches 3 event types: ")
        .contains("\"30 Minute Meeting\" (slug 30-minute-meeting, URI ", "Pass the URI of the one you mean");
    assertThat(h.posts()).isZero();
  }

  @Test
  void withoutAnInviteeTimezoneTheResultSaysWhichZoneTheConfirmationShows() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    List<Instant> open = h.openTimes(type);
    Map<String, Object> withoutZone = booking(type, open.get(0), "nozone@example.org");
    withoutZone.remove("invitee_timezone");

    SandboxToolHarness.Outcome defaulted = h.call("book_meeting", withoutZone);
    SandboxToolHarness.Outcome given = h.call("book_meeting", booking(type, open.get(1), "zone@example.org"));

    assertThat(defaulted.string("invitee_timezone")).isEqualTo(h.user().timezone());
    assertThat(defaulted.text()).endsWith(" invitee_timezone was not given, so Calendly's confirmation to the"
        + " invitee shows times in " + h.user().timezone() + ", your time zone; tell the invitee if they are elsewhere.");
    assertThat(given.text()).doesNotContain("invitee_timezone was not given");
    assertThat(h.tool("book_meeting").inputSchema()).asString().contains("IANA; default: yours.");
  }

  @Test
  void aLocationKindTheEventTypeDoesNotOfferIsAnsweredWithTheKindsItOffers() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("60 Minute Consultation");
    Map<String, Object> zoom = booking(type, h.openTimes(type).get(0), "where@example.org");
    zoom.put("location_kind", "zoom_conference");

    String error = h.call("book_meeting", zoom).failure();

    assertThat(error).isEqualTo("Invalid argument: location_kind 'zoom_conference' is not offered by"
        + " '60 Minute Consultation'; it offers physical, google_conference (pass one as location_kind, or"
        + " leave it out for physical). Fix it and call the tool again.");
    assertThat(h.posts()).isZero();
  }

  @Test
  void anInactiveEventTypeSaysItIsInactiveAndHowToActivateIt() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType active = h.eventType("30 Minute Meeting");
    Map<String, Object> intro = booking(active, h.openTimes(active).get(0), "intro@example.org");
    intro.put("event_type", "15 Minute Intro");

    String error = h.call("book_meeting", intro).failure();

    assertThat(error).startsWith("The event type '15 Minute Intro' (")
        .contains("is inactive", "switches it on in Calendly's web app",
            "update_event_type with active=true", "list_event_types", "Nothing was booked.")
        .doesNotContain("Fix the named parameters");
    assertThat(h.posts()).isZero();
  }

  @Test
  void badInputIsRefusedNamingTheArgument() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(0);
    Map<String, Object> past = booking(type, Instant.now().minus(Duration.ofHours(1)), "pat@example.org");
    Map<String, Object> zone = booking(type, start, "pat@example.org");
    zone.put("invitee_timezone", "Mars/Olympus_Mons");
    Map<String, Object> email = booking(type, start, "not-an-email");

    assertThat(h.call("book_meeting", past).text()).contains("start_time must be in the future");
    assertThat(h.call("book_meeting", zone).text()).contains("invitee_timezone must be an IANA time zone");
    assertThat(h.call("book_meeting", email).text()).contains("invitee_email");
    assertThat(h.posts()).isZero();
  }

  @Test
  void aCallCancelledBeforeTheBookingIsSentBooksNothing() {
    SandboxToolHarness h = harness(Plan.ENTERPRISE, Duration.ofSeconds(5));
    EventType type = h.eventType("30 Minute Meeting");
    Instant start = h.openTimes(type).get(0);
    Sinks.Empty<Void> cancel = Sinks.empty();
    cancel.tryEmitEmpty();

    SandboxToolHarness.Outcome answer = h.call("book_meeting", booking(type, start, "pat@example.org"), cancel.asMono());

    assertThat(answer.text()).contains("cancelled book_meeting before the booking was sent; nothing was booked");
    assertThat(h.posts()).isZero();
  }
}
