package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.jsonResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.calendly.model.CreateInviteeRequest.Person;
import dev.calendlymcp.calendly.model.Invitee;
import dev.calendlymcp.calendly.model.QuestionAndAnswer;
import dev.calendlymcp.calendly.model.Tracking;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SchedulingApiTest extends WireMockCalendlyTest {

  private static final URI EVENT_TYPE = URI.create("https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA");
  private static final Instant SLOT = Instant.parse("2026-12-01T15:00:00Z");
  private static final Person JANE = Person.named("Jane Roe", "jane@example.com", "Europe/Paris");

  @Test
  void createInviteePostsEveryFieldAsCalendlyNamesThemAndReadsTheInvitee() {
    wm.stubFor(post(urlEqualTo("/invitees")).willReturn(jsonResponse(resource(fixture("invitee.json")), 201)));
    CreateInviteeRequest request =
        CreateInviteeRequest.of(
                EVENT_TYPE,
                SLOT,
                new Person("Jane Roe", "Jane", "Roe", "jane@example.com", "Europe/Paris", null)
                    .withTextReminderNumber("+33 6 12 34 56 78"))
            .withLocation(new CreateInviteeRequest.Location("outbound_call", "+33 6 12 34 56 78"))
            .withQuestionsAndAnswers(List.of(new QuestionAndAnswer("Company size?", "11-50", 0)))
            .withEventGuests(List.of("guest@example.com", "other@example.org"))
            .withTracking(new Tracking("spring", "newsletter", "email", "cta-button", "scheduling", "0031U00001abcdeQAA"));

    Invitee invitee = client.scheduling().createInvitee(request).block();

    assertThat(invitee).isNotNull();
    assertThat(invitee.uri())
        .isEqualTo(URI.create("https://api.calendly.com/scheduled_events/EEEEEEEEEEEEEEEE/invitees/IIIIIIIIIIIIIIII"));
    assertThat(invitee.event()).isEqualTo(URI.create("https://api.calendly.com/scheduled_events/EEEEEEEEEEEEEEEE"));
    wm.verify(
        postRequestedFor(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "event_type": "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA",
                      "start_time": "2026-12-01T15:00:00Z",
                      "invitee": {
                        "name": "Jane Roe",
                        "first_name": "Jane",
                        "last_name": "Roe",
                        "email": "jane@example.com",
                        "timezone": "Europe/Paris",
                        "text_reminder_number": "+33 6 12 34 56 78"
                      },
                      "location": {"kind": "outbound_call", "location": "+33 6 12 34 56 78"},
                      "questions_and_answers": [{"question": "Company size?", "answer": "11-50", "position": 0}],
                      "event_guests": ["guest@example.com", "other@example.org"],
                      "tracking": {
                        "utm_campaign": "spring",
                        "utm_source": "newsletter",
                        "utm_medium": "email",
                        "utm_content": "cta-button",
                        "utm_term": "scheduling",
                        "salesforce_uuid": "0031U00001abcdeQAA"
                      }
                    }
                    """)));
  }

  @Test
  void createInviteeWithFirstAndLastNameSendsOnlyTheGivenFields() {
    wm.stubFor(post(urlEqualTo("/invitees")).willReturn(jsonResponse(resource(fixture("invitee_nulls.json")), 201)));

    client
        .scheduling()
        .createInvitee(
            CreateInviteeRequest.of(
                EVENT_TYPE, SLOT, Person.named("Sam", "Poe", "sam@example.com", "America/New_York")))
        .block();

    wm.verify(
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "event_type": "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA",
                      "start_time": "2026-12-01T15:00:00Z",
                      "invitee": {
                        "first_name": "Sam",
                        "last_name": "Poe",
                        "email": "sam@example.com",
                        "timezone": "America/New_York"
                      }
                    }
                    """)));
  }

  @Test
  void aFirstNameAloneIsEnoughAsCalendlysPageSays() {
    wm.stubFor(post(urlEqualTo("/invitees")).willReturn(jsonResponse(resource(fixture("invitee_nulls.json")), 201)));

    client.scheduling()
        .createInvitee(CreateInviteeRequest.of(EVENT_TYPE, SLOT, Person.named("Sam", null, "sam@example.com", "UTC")))
        .block();

    wm.verify(
        postRequestedFor(urlEqualTo("/invitees"))
            .withRequestBody(
                equalToJson(
                    """
                    {
                      "event_type": "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA",
                      "start_time": "2026-12-01T15:00:00Z",
                      "invitee": {"first_name": "Sam", "email": "sam@example.com", "timezone": "UTC"}
                    }
                    """)));
  }

  @Test
  void aTakenSlotComesBackAsABadRequestNamingTheParameter() {
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .willReturn(
                jsonResponse(
                    """
                    {"title": "Invalid Argument", "message": "The supplied parameters are invalid.",
                     "details": [{"parameter": "start_time", "message": "is no longer available"}]}
                    """,
                    400)));

    assertThatThrownBy(() -> client.scheduling().createInvitee(CreateInviteeRequest.of(EVENT_TYPE, SLOT, JANE)).block())
        .isInstanceOfSatisfying(
            CalendlyException.BadRequest.class,
            e -> {
              assertThat(e.endpoint()).isEqualTo(Endpoint.CREATE_INVITEE);
              assertThat(e.details())
                  .containsExactly(new CalendlyException.FieldError("start_time", "is no longer available"));
            });
  }

  @Test
  void createInviteeRefusesAMissingOrRelativeEventType() {
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(CreateInviteeRequest.of(null, SLOT, JANE)), "event_type");
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(CreateInviteeRequest.of(URI.create("event_types/AAAA"), SLOT, JANE)),
        "event_type");
    assertRejectedBeforeSending(client.scheduling().createInvitee(null), "request");
  }

  @Test
  void createInviteeRefusesAMissingStartTime() {
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(CreateInviteeRequest.of(EVENT_TYPE, null, JANE)), "start_time");
  }

  @Test
  void createInviteeRefusesAMissingOrImplausibleEmail() {
    assertRejectedBeforeSending(book(Person.named("Jane Roe", null, "Europe/Paris")), "invitee.email");
    assertRejectedBeforeSending(book(Person.named("Jane Roe", "jane at example", "Europe/Paris")), "invitee.email");
    assertRejectedBeforeSending(book(Person.named("Jane Roe", "jane@localhost", "Europe/Paris")), "invitee.email");
    assertRejectedBeforeSending(book(Person.named("Jane Roe", "jane at example.com", "Europe/Paris")), "invitee.email");
  }

  @Test
  void createInviteeRefusesAnythingButAnIanaTimeZone() {
    assertRejectedBeforeSending(book(Person.named("Jane Roe", "jane@example.com", null)), "invitee.timezone");
    assertRejectedBeforeSending(book(Person.named("Jane Roe", "jane@example.com", "Paris")), "invitee.timezone");
    assertRejectedBeforeSending(book(Person.named("Jane Roe", "jane@example.com", "+02:00")), "invitee.timezone");
  }

  @Test
  void createInviteeNeedsANameOrAFirstNameAndALastNameIsNeverEnough() {
    assertRejectedBeforeSending(book(Person.named(" ", "jane@example.com", "Europe/Paris")), "invitee.name");
    assertRejectedBeforeSending(
        book(new Person(null, null, "Roe", "jane@example.com", "Europe/Paris", null)), "invitee.name");
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(CreateInviteeRequest.of(EVENT_TYPE, SLOT, null)), "invitee");
  }

  @Test
  void createInviteeRefusesBadOptionalParts() {
    CreateInviteeRequest base = CreateInviteeRequest.of(EVENT_TYPE, SLOT, JANE);
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(base.withEventGuests(Arrays.asList("a@example.com", "not-an-email"))),
        "event_guests[1]");
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(base.withLocation(new CreateInviteeRequest.Location(null, "Office"))),
        "location.kind");
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(base.withQuestionsAndAnswers(List.of(new QuestionAndAnswer("", "x", 0)))),
        "questions_and_answers[0].question");
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(base.withQuestionsAndAnswers(Arrays.asList((QuestionAndAnswer) null))),
        "questions_and_answers[0]");
    assertRejectedBeforeSending(
        client.scheduling().createInvitee(base.withQuestionsAndAnswers(List.of(new QuestionAndAnswer("Q", "A", -1)))),
        "questions_and_answers[0].position");
    assertRejectedBeforeSending(book(JANE.withTextReminderNumber(" ")), "invitee.text_reminder_number");
  }

  private Mono<Invitee> book(Person invitee) {
    return client.scheduling().createInvitee(CreateInviteeRequest.of(EVENT_TYPE, SLOT, invitee));
  }
}
