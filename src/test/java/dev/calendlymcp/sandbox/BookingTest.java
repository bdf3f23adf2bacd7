package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BookingTest extends SandboxTestBase {

  private String eventTypeUri(SeededUser owner, String name) {
    Reply reply = http.get("/event_types?user=" + q(owner.userUri()) + "&count=100", owner.token());
    for (JsonNode eventType : reply.json().path("collection")) {
      if (eventType.path("name").asString().equals(name)) {
        return eventType.path("uri").asString();
      }
    }
    throw new AssertionError("no event type " + name + " in " + reply);
  }

  private List<String> availableStarts(SeededUser user, String eventTypeUri) {
    String query = "/event_type_available_times?event_type=" + q(eventTypeUri)
        + "&start_time=" + q(START.plus(Duration.ofMinutes(1)).toString())
        + "&end_time=" + q(START.plus(Duration.ofDays(7)).toString());
    Reply reply = http.get(query, user.token());
    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
    List<String> starts = new ArrayList<>();
    reply.json().path("collection").forEach(slot -> starts.add(slot.path("start_time").asString()));
    return starts;
  }

  private static String booking(String eventTypeUri, String start, String email) {
    return """
        {"event_type": "%s", "start_time": "%s",
         "invitee": {"name": "Pat Doe", "email": "%s", "timezone": "Europe/Paris"},
         "questions_and_answers": [{"question": "What would you like to discuss?", "answer": "Pricing", "position": 0}],
         "tracking": {"utm_source": "agent"}}
        """.formatted(eventTypeUri, start, email);
  }

  @Test
  void bookingAnOfferedSlotCreatesTheEventAndTheSlotDisappears() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    List<String> before = availableStarts(owner, eventType);
    String slot = before.get(0);

    Reply booked = http.post("/invitees", owner.token(), booking(eventType, slot, "pat@example.org"));

    assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
    JsonNode invitee = booked.json().path("resource");
    assertThat(invitee.path("email").asString()).isEqualTo("pat@example.org");
    assertThat(invitee.path("status").asString()).isEqualTo("active");
    assertThat(invitee.path("cancel_url").asString()).startsWith(sandbox.apiBaseUrl() + "/cancellations/");
    assertThat(invitee.path("reschedule_url").asString()).startsWith(sandbox.apiBaseUrl() + "/reschedulings/");
    assertThat(invitee.path("questions_and_answers").get(0).path("answer").asString()).isEqualTo("Pricing");
    assertThat(invitee.path("tracking").path("utm_source").asString()).isEqualTo("agent");
    assertThat(invitee.path("scheduling_method").asString()).isEqualTo("instant_book");
    assertThat(availableStarts(owner, eventType)).doesNotContain(slot).hasSize(before.size() - 1);

    String eventUri = invitee.path("event").asString();
    Reply event = http.get(eventUri, owner.token());
    assertThat(event.resource("start_time")).isEqualTo(slot);
    assertThat(event.resource("status")).isEqualTo("active");
    Reply listed = http.get("/scheduled_events?user=" + q(owner.userUri()) + "&min_start_time=" + q(slot)
        + "&max_start_time=" + q(START.plus(Duration.ofDays(8)).toString()) + "&count=100", owner.token());
    assertThat(listed.json().path("collection").valueStream().map(e -> e.path("uri").asString()))
        .contains(eventUri);
    Reply invitees = http.get(eventUri + "/invitees", owner.token());
    assertThat(invitees.json().path("collection").get(0).path("uri").asString())
        .isEqualTo(invitee.path("uri").asString());
  }

  @Test
  void bookingATakenSlotIsRejectedWithCalendlysWordingAndCreatesNothing() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    String slot = availableStarts(owner, eventType).get(0);
    assertThat(http.post("/invitees", owner.token(), booking(eventType, slot, "a@example.org")).status()).isEqualTo(201);
    int eventsBefore = sandbox.model().scheduledEventsOf(owner.userUri()).size();

    Reply again = http.post("/invitees", owner.token(), booking(eventType, slot, "b@example.org"));

    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json().path("title").asString()).isEqualTo("Invalid Argument");
    assertThat(again.json().path("details").get(0).path("parameter").asString()).isEqualTo("start_time");
    assertThat(again.json().path("details").get(0).path("message").asString())
        .isEqualTo("That start time has been filled");
    assertThat(sandbox.model().scheduledEventsOf(owner.userUri())).hasSize(eventsBefore);
  }

  @Test
  void aTimeOutsideTheScheduleIsUnavailable() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    String slot = availableStarts(owner, eventType).get(0);
    String offGrid = java.time.Instant.parse(slot).plus(Duration.ofMinutes(7)).toString();

    Reply reply = http.post("/invitees", owner.token(), booking(eventType, offGrid, "a@example.org"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().path("details").get(0).path("message").asString()).startsWith("That time is unavailable");
  }

  @Test
  void cancelingTheBookingFreesTheSlotAndCancelsEveryInvitee() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    String slot = availableStarts(owner, eventType).get(0);
    String eventUri = http.post("/invitees", owner.token(), booking(eventType, slot, "a@example.org"))
        .json().path("resource").path("event").asString();

    Reply canceled = http.post(eventUri + "/cancellation", owner.token(), "{\"reason\": \"Host is ill\"}");

    assertThat(canceled.status()).as(canceled.toString()).isEqualTo(201);
    assertThat(canceled.resource("reason")).isEqualTo("Host is ill");
    assertThat(canceled.resource("canceler_type")).isEqualTo("host");
    assertThat(canceled.resource("canceled_by")).isEqualTo(owner.name());
    assertThat(availableStarts(owner, eventType)).contains(slot);
    Reply event = http.get(eventUri, owner.token());
    assertThat(event.resource("status")).isEqualTo("canceled");
    assertThat(event.json().path("resource").path("cancellation").path("reason").asString()).isEqualTo("Host is ill");
    Reply invitees = http.get(eventUri + "/invitees", owner.token());
    assertThat(invitees.json().path("collection").valueStream().map(i -> i.path("status").asString()))
        .containsOnly("canceled");
    assertThat(http.post("/invitees", owner.token(), booking(eventType, slot, "b@example.org")).status())
        .isEqualTo(201);
  }

  @Test
  void cancelingAnAlreadyCanceledEventIsNotAllowed() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    String slot = availableStarts(owner, eventType).get(0);
    String eventUri = http.post("/invitees", owner.token(), booking(eventType, slot, "a@example.org"))
        .json().path("resource").path("event").asString();
    assertThat(http.post(eventUri + "/cancellation", owner.token(), "{}").status()).isEqualTo(201);

    Reply again = http.post(eventUri + "/cancellation", owner.token(), "{}");

    assertThat(again.status()).isEqualTo(403);
    assertThat(again.json().path("title").asString()).isEqualTo("Permission Denied");
  }

  @Test
  void fiftyConcurrentBookingsOfOneSlotBookItExactlyOnce() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    String slot = availableStarts(owner, eventType).get(0);

    List<CompletableFuture<Reply>> attempts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      attempts.add(http.postAsync("/invitees", owner.token(), booking(eventType, slot, "racer" + i + "@example.org")));
    }
    List<Integer> statuses = attempts.stream().map(CompletableFuture::join).map(Reply::status).toList();

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 400).hasSize(49);
    List<ScheduledEvent> atSlot = sandbox.model().activeBookings(eventType).stream()
        .filter(e -> e.start().toString().equals(java.time.Instant.parse(slot).toString())).toList();
    assertThat(atSlot).hasSize(1);
  }

  @Test
  void aGroupEventKeepsItsSlotUntilTheSeatsAreTaken() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "Group Workshop");
    String query = "/event_type_available_times?event_type=" + q(eventType)
        + "&start_time=" + q(START.plus(Duration.ofMinutes(1)).toString())
        + "&end_time=" + q(START.plus(Duration.ofDays(7)).toString());
    JsonNode first = http.get(query, owner.token()).json().path("collection").get(0);
    String slot = first.path("start_time").asString();
    int seats = first.path("invitees_remaining").asInt();
    assertThat(seats).isGreaterThan(1);

    List<String> events = new ArrayList<>();
    for (int i = 0; i < seats; i++) {
      Reply reply = http.post("/invitees", owner.token(), """
          {"event_type": "%s", "start_time": "%s",
           "invitee": {"first_name": "Seat", "last_name": "%d", "email": "seat%d@example.org", "timezone": "UTC"}}
          """.formatted(eventType, slot, i, i));
      assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
      events.add(reply.json().path("resource").path("event").asString());
    }

    assertThat(events).containsOnly(events.get(0));
    Reply full = http.get(query, owner.token());
    assertThat(full.json().path("collection").valueStream().map(s -> s.path("start_time").asString()))
        .doesNotContain(slot);
    Reply event = http.get(events.get(0), owner.token());
    assertThat(event.json().path("resource").path("invitees_counter").path("active").asInt()).isEqualTo(seats);
  }

  @Test
  void aFreePlanBooksThroughTheApiSinceCalendlysNovember2026Release() {
    SeededUser free = user(Plan.FREE, Role.OWNER);
    String eventType = eventTypeUri(free, "30 Minute Meeting");

    String slot = availableStarts(free, eventType).get(0);

    Reply reply = http.post("/invitees", free.token(), booking(eventType, slot, "a@example.org"));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
  }

  @Test
  void aBookingRequestNamesEveryBadField() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);

    Reply reply = http.post("/invitees", owner.token(), """
        {"event_type": "not a uri", "start_time": "tomorrow",
         "invitee": {"email": "nope", "timezone": "Mars/Olympus"}, "event_guests": ["x"]}
        """);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters())
        .contains("event_type", "start_time", "invitee.email", "invitee.name", "invitee.timezone", "event_guests");
  }

  @Test
  void aFirstNameAloneBooksAndALastNameAloneIsRefusedNamingName() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    List<String> slots = availableStarts(owner, eventType);
    String person = """
        {"event_type": "%s", "start_time": "%s", "invitee": {%s, "email": "pat@example.org", "timezone": "UTC"},
         "questions_and_answers": [{"question": "What would you like to discuss?", "answer": "Pricing", "position": 0}]}
        """;

    Reply firstOnly = http.post("/invitees", owner.token(), person.formatted(eventType, slots.get(0), "\"first_name\": \"Pat\""));
    Reply lastOnly = http.post("/invitees", owner.token(), person.formatted(eventType, slots.get(1), "\"last_name\": \"Doe\""));
    Reply blankName = http.post("/invitees", owner.token(),
        person.formatted(eventType, slots.get(1), "\"name\": \" \", \"last_name\": \"Doe\""));

    assertThat(firstOnly.status()).as(firstOnly.toString()).isEqualTo(201);
    assertThat(firstOnly.resource("first_name")).isEqualTo("Pat");
    assertThat(firstOnly.resource("name")).isEqualTo("Pat");
    assertThat(firstOnly.json().path("resource").path("last_name").isNull()).isTrue();
    assertThat(lastOnly.status()).isEqualTo(400);
    assertThat(lastOnly.detailParameters()).containsExactly("invitee.name");
    assertThat(blankName.detailParameters()).containsExactly("invitee.name");
  }

  @Test
  void aRequiredQuestionMustBeAnswered() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "60 Minute Consultation");
    String slot = availableStarts(owner, eventType).get(0);

    Reply reply = http.post("/invitees", owner.token(), """
        {"event_type": "%s", "start_time": "%s",
         "invitee": {"name": "Pat", "email": "pat@example.org", "timezone": "UTC"}}
        """.formatted(eventType, slot));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactly("questions_and_answers");
    assertThat(reply.json().path("details").get(0).path("message").asString()).contains("Company");
  }

  @Test
  void aStartInThePastIsRejected() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");

    Reply reply = http.post("/invitees", owner.token(),
        booking(eventType, START.minus(Duration.ofDays(1)).toString(), "pat@example.org"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactly("start_time");
  }

  @Test
  void anUnknownLocationKindIsRejected() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String eventType = eventTypeUri(owner, "30 Minute Meeting");
    String slot = availableStarts(owner, eventType).get(0);

    Reply reply = http.post("/invitees", owner.token(), """
        {"event_type": "%s", "start_time": "%s", "location": {"kind": "physical", "location": "Cafe"},
         "invitee": {"name": "Pat", "email": "pat@example.org", "timezone": "UTC"}}
        """.formatted(eventType, slot));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.detailParameters()).containsExactly("location.kind");
  }

  @Test
  void bookingWithoutTheWriteScopeIsDenied() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    String readOnly = sandbox.issueToken(owner.userUri(), List.of("scheduled_events:read"));

    Reply reply = http.post("/invitees", readOnly, "{}");

    assertThat(reply.status()).isEqualTo(403);
    assertThat(reply.json().path("message").asString()).contains("scheduled_events:write");
  }
}
