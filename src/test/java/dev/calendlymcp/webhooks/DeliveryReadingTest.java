package dev.calendlymcp.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Keys and changes of Calendly's delivery bodies, the reschedule pair above all. */
class DeliveryReadingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant AT = Instant.parse("2026-12-07T06:00:00Z");
  private static final String OLD = "https://api.calendly.com/scheduled_events/EV1/invitees/I1";
  private static final String NEW = "https://api.calendly.com/scheduled_events/EV2/invitees/I2";

  private static JsonNode delivery(String event, String createdAt, String payload) {
    return JSON.readTree("{\"event\":\"" + event + "\",\"created_at\":\"" + createdAt
        + "\",\"created_by\":\"https://api.calendly.com/users/U9\",\"payload\":" + payload + "}");
  }

  private static String key(JsonNode envelope) {
    return DeliveryReading.key(envelope, envelope.toString().getBytes(StandardCharsets.UTF_8));
  }

  private final JsonNode canceledHalf = delivery("invitee.canceled", "2026-12-07T05:00:00Z", """
      {"uri":"%s","rescheduled":true,"new_invitee":"%s","old_invitee":null,
       "scheduled_event":{"uri":"https://api.calendly.com/scheduled_events/EV1",
       "event_memberships":[{"user":"https://api.calendly.com/users/U1"},{"user":"https://api.calendly.com/users/U2"}]}}
      """.formatted(OLD, NEW));
  private final JsonNode createdHalf = delivery("invitee.created", "2026-12-07T05:00:01Z", """
      {"uri":"%s","rescheduled":false,"new_invitee":null,"old_invitee":"%s",
       "scheduled_event":{"uri":"https://api.calendly.com/scheduled_events/EV2",
       "event_memberships":[{"user":"https://api.calendly.com/users/U1"}]}}
      """.formatted(NEW, OLD));

  @Test
  void bothHalvesOfARescheduleHaveOneKeyAndEachGivesTheSameLinkedChange() {
    assertThat(key(canceledHalf)).isEqualTo(key(createdHalf));
    Change.Draft fromCanceled = DeliveryReading.change(canceledHalf, AT).orElseThrow();
    Change.Draft fromCreated = DeliveryReading.change(createdHalf, AT).orElseThrow();

    assertThat(fromCanceled).isEqualTo(fromCreated);
    assertThat(fromCanceled.kind()).isEqualTo(ChangeKind.RESCHEDULED);
    assertThat(fromCanceled.subjectUri()).isEqualTo("https://api.calendly.com/scheduled_events/EV1");
    assertThat(fromCanceled.oldInviteeUri()).contains(OLD);
    assertThat(fromCanceled.newInviteeUri()).contains(NEW);
    assertThat(fromCanceled.newEventUri()).contains("https://api.calendly.com/scheduled_events/EV2");
  }

  @Test
  void aPlainBookingAndItsLaterCancellationAreTwoDeliveriesWithTheirOwnKinds() {
    JsonNode booked = delivery("invitee.created", "2026-12-07T05:00:00Z",
        "{\"uri\":\"" + OLD + "\",\"old_invitee\":null,\"event\":\"https://api.calendly.com/scheduled_events/EV1\"}");
    JsonNode canceled = delivery("invitee.canceled", "2026-12-07T05:10:00Z",
        "{\"uri\":\"" + OLD + "\",\"rescheduled\":false,\"new_invitee\":null,\"event\":\"https://api.calendly.com/scheduled_events/EV1\"}");

    assertThat(key(booked)).isNotEqualTo(key(canceled));
    assertThat(DeliveryReading.change(booked, AT).orElseThrow().kind()).isEqualTo(ChangeKind.BOOKED);
    assertThat(DeliveryReading.change(canceled, AT).orElseThrow().kind()).isEqualTo(ChangeKind.CANCELED);
    assertThat(DeliveryReading.users(booked)).containsExactly("https://api.calendly.com/users/U9");
  }

  @Test
  void theUsersAreTheMeetingsHostsAndEventsThatChangeNoResourceGiveNoChange() {
    assertThat(DeliveryReading.users(canceledHalf))
        .containsExactly("https://api.calendly.com/users/U1", "https://api.calendly.com/users/U2");
    assertThat(DeliveryReading.change(delivery("invitee_no_show.created", "2026-12-07T05:00:00Z",
        "{\"uri\":\"https://api.calendly.com/invitee_no_shows/N1\"}"), AT)).isEmpty();
    assertThat(DeliveryReading.change(delivery("event_type.updated", "2026-12-07T05:00:00Z",
        "{\"uri\":\"https://api.calendly.com/event_types/ET1\"}"), AT).orElseThrow().kind())
        .isEqualTo(ChangeKind.EVENT_TYPE_CHANGED);
  }

  @Test
  void aDeletedEventTypesTombstoneIsAChangeOfItsCreatorAndNewRecapsAndSubmissionsAreNone() {
    JsonNode deleted = delivery("event_type.deleted", "2026-12-07T05:00:00Z",
        "{\"uri\":\"https://api.calendly.com/event_types/ET1\",\"deleted_at\":\"2026-12-07T05:00:00.000000Z\"}");
    Change.Draft change = DeliveryReading.change(deleted, AT).orElseThrow();
    assertThat(change.kind()).isEqualTo(ChangeKind.EVENT_TYPE_CHANGED);
    assertThat(change.subjectUri()).isEqualTo("https://api.calendly.com/event_types/ET1");
    assertThat(DeliveryReading.users(deleted)).containsExactly("https://api.calendly.com/users/U9");

    JsonNode recap = delivery("meeting_recap.created", "2026-12-07T05:00:00Z", """
        {"uri":"https://api.calendly.com/meeting_recaps/R1","status":"available",
         "event":"https://api.calendly.com/scheduled_events/EV1","summary_md":"- Agreed."}""");
    JsonNode submission = delivery("routing_form_submission.created", "2026-12-07T05:00:00Z", """
        {"uri":"https://api.calendly.com/routing_form_submissions/S1",
         "routing_form":"https://api.calendly.com/routing_forms/F1","submitter":null,
         "result":{"type":"event_type","value":"https://api.calendly.com/event_types/ET1"}}""");
    assertThat(DeliveryReading.change(recap, AT)).isEmpty();
    assertThat(DeliveryReading.change(submission, AT)).isEmpty();
    assertThat(key(recap)).isNotEqualTo(key(submission));
  }
}
