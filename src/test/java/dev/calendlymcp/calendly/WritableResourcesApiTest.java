package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.calendlymcp.calendly.EndpointTestSupport.assertRejectedBeforeSending;
import static dev.calendlymcp.calendly.EndpointTestSupport.page;
import static dev.calendlymcp.calendly.EndpointTestSupport.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calendlymcp.calendly.model.AvailabilityRule;
import dev.calendlymcp.calendly.model.AvailabilitySchedule;
import dev.calendlymcp.calendly.model.Contact;
import dev.calendlymcp.calendly.model.Share;
import dev.calendlymcp.calendly.model.ShareUpdate;
import dev.calendlymcp.calendly.model.Weekday;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Shares beyond create, user availability schedule writes and contact writes. */
class WritableResourcesApiTest extends WireMockCalendlyTest {

  static final String API = "https://api.calendly.com";
  static final URI USER = URI.create(API + "/users/U1");
  static final URI EVENT_TYPE = URI.create(API + "/event_types/ET1");

  static String share(String uuid, String status) {
    return "{\"uri\": \"" + API + "/shares/" + uuid + "\", \"status\": \"" + status + "\","
        + " \"contact\": \"" + API + "/contacts/C1\", \"created_at\": \"2026-11-20T10:00:00.000000Z\","
        + " \"scheduling_links\": [{\"booking_url\": \"https://calendly.com/d/" + uuid + "/intro\","
        + " \"owner\": \"" + EVENT_TYPE + "\", \"owner_type\": \"EventType\"}],"
        + " \"share_override\": {\"name\": \"Intro\", \"duration\": 45, \"duration_options\": [45],"
        + " \"period_type\": \"moving\", \"max_booking_time\": 14, \"min_booking_time\": 240, \"hide_location\": false,"
        + " \"location_configurations\": [], \"availability_rule\": {\"timezone\": \"UTC\", \"rules\": []}}}";
  }

  static ShareUpdate update(Integer duration, Set<String> restore) {
    return new ShareUpdate(null, null, duration, null, null, null, null, null, null, null, null, null, restore);
  }

  static List<AvailabilityRule> week(String from, String to) {
    List<AvailabilityRule> rules = new ArrayList<>();
    for (Weekday day : List.of(Weekday.SUNDAY, Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY,
        Weekday.FRIDAY, Weekday.SATURDAY)) {
      boolean weekend = day == Weekday.SUNDAY || day == Weekday.SATURDAY;
      rules.add(new AvailabilityRule(AvailabilityRule.Type.WDAY, day, null,
          weekend ? List.of() : List.of(new AvailabilityRule.Interval(from, to))));
    }
    return rules;
  }

  @Test
  void sharesAreListedPageByPageWithTheirFiltersAndReadWithContactAndNotice() {
    wm.stubFor(get(urlPathEqualTo("/shares")).withQueryParam("page_token", equalTo("P2"))
        .willReturn(okJson(page(null, share("S2", "expired")))));
    wm.stubFor(get(urlPathEqualTo("/shares")).withQueryParam("user", equalTo(USER.toString()))
        .withQueryParam("page_token", absent())
        .willReturn(okJson(page("P2", share("S1", "active")))));
    SharesApi.Query query = new SharesApi.Query(USER, EVENT_TYPE, Instant.parse("2026-11-01T00:00:00Z"), null, false);

    Page<Share> first = client.shares().list(query, PageRequest.first(1)).block();
    Page<Share> second = client.shares().list(query, PageRequest.first(1).next(first.nextPageToken().orElseThrow())).block();

    assertThat(first.collection().get(0).status()).isEqualTo("active");
    assertThat(first.collection().get(0).contact()).isEqualTo(URI.create(API + "/contacts/C1"));
    assertThat(first.collection().get(0).shareOverride().minBookingTime()).isEqualTo(240);
    assertThat(second.collection().get(0).status()).isEqualTo("expired");
    wm.verify(getRequestedFor(urlPathEqualTo("/shares")).withQueryParam("event_type", equalTo(EVENT_TYPE.toString()))
        .withQueryParam("min_created_at", equalTo("2026-11-01T00:00:00Z")).withQueryParam("count", equalTo("1")));
  }

  @Test
  void aShareUpdateSendsWhatChangesAndNullForWhatGoesBackToTheEventType() {
    wm.stubFor(patch(urlEqualTo("/shares/S1")).willReturn(okJson(resource(share("S1", "active")))));

    Share changed = client.shares().update(API + "/shares/S1", update(45, Set.of("availability_rule"))).block();

    assertThat(changed.shareOverride().duration()).isEqualTo(45);
    wm.verify(patchRequestedFor(urlEqualTo("/shares/S1"))
        .withRequestBody(equalToJson("{\"duration\": 45, \"availability_rule\": null}")));
  }

  @Test
  void aBookedShareIsAConflictWhoseAdviceIsANewLinkAndDeletionIsNoContent() {
    wm.stubFor(patch(urlEqualTo("/shares/S1")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/json").withBody("{\"title\": \"Conflict\", \"message\": \"booked\"}")));
    wm.stubFor(delete(urlEqualTo("/shares/S2")).willReturn(aResponse().withStatus(204)));

    CalendlyException.Conflict conflict = catchThrowableOfType(CalendlyException.Conflict.class,
        () -> client.shares().update("S1", update(30, Set.of())).block());
    StepVerifier.create(client.shares().delete("S2")).verifyComplete();

    assertThat(conflict.getMessage()).contains("create a new one");
    wm.verify(deleteRequestedFor(urlEqualTo("/shares/S2")));
  }

  @Test
  void listingSharesWithoutTheReadScopeNamesIt() {
    wm.stubFor(get(urlPathEqualTo("/shares")).willReturn(aResponse().withStatus(403)
        .withHeader("Content-Type", "application/json").withBody("{\"title\": \"Permission Denied\", \"message\": \"no\"}")));

    CalendlyException.PermissionDenied e = catchThrowableOfType(CalendlyException.PermissionDenied.class,
        () -> client.shares().list(new SharesApi.Query(USER, null, null, null, false), PageRequest.FIRST).block());

    assertThat(e).hasMessageContaining("shares:read");
  }

  @Test
  void badShareArgumentsFailBeforeAnythingIsSent() {
    assertRejectedBeforeSending(client.shares().list(null, PageRequest.FIRST), "user");
    assertRejectedBeforeSending(client.shares().update("S1", update(null, Set.of())), "at least one field");
    assertRejectedBeforeSending(client.shares().update("S1", update(45, Set.of("duration"))), "both set and restored");
    assertRejectedBeforeSending(client.shares().update("S1", update(null, Set.of("colour"))), "restore");
    assertRejectedBeforeSending(client.shares().update("S1", update(900, Set.of())), "duration");
    assertRejectedBeforeSending(client.shares().list(new SharesApi.Query(USER, null,
        Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"), false), PageRequest.FIRST),
        "max_created_at");
  }

  @Test
  void aScheduleIsCreatedWithAFullWeekAndChangedOrMadeTheDefault() {
    String schedule = "{\"uri\": \"" + API + "/user_availability_schedules/A1\", \"default\": true, \"name\": \"Late\","
        + " \"user\": \"" + USER + "\", \"timezone\": \"Europe/Paris\", \"rules\": []}";
    wm.stubFor(post(urlEqualTo("/user_availability_schedules")).willReturn(aResponse().withStatus(201)
        .withHeader("Content-Type", "application/json").withBody(resource(schedule))));
    wm.stubFor(patch(urlEqualTo("/user_availability_schedules/A1")).willReturn(okJson(resource(schedule))));

    AvailabilitySchedule created = client.availability()
        .createSchedule(new AvailabilityApi.NewSchedule("Late", "Europe/Paris", week("12:00", "20:00"))).block();
    AvailabilitySchedule changed = client.availability()
        .updateSchedule(API + "/user_availability_schedules/A1", new AvailabilityApi.ScheduleUpdate(null, null, null, true))
        .block();

    assertThat(created.timezone()).isEqualTo("Europe/Paris");
    assertThat(changed.defaultSchedule()).isTrue();
    wm.verify(postRequestedFor(urlEqualTo("/user_availability_schedules")).withRequestBody(equalToJson(
        "{\"name\": \"Late\", \"timezone\": \"Europe/Paris\", \"rules\": [{\"type\": \"wday\", \"wday\": \"sunday\","
            + " \"intervals\": []}, {\"type\": \"wday\", \"wday\": \"monday\", \"intervals\": [{\"from\": \"12:00\","
            + " \"to\": \"20:00\"}]}, {}, {}, {}, {}, {}]}", true, true)));
    wm.verify(patchRequestedFor(urlEqualTo("/user_availability_schedules/A1"))
        .withRequestBody(equalToJson("{\"default\": true}")));
  }

  @Test
  void aScheduleWithoutEveryWeekdayOrUnsettingTheDefaultIsRefusedBeforeSending() {
    List<AvailabilityRule> sixDays = week("09:00", "17:00").subList(0, 6);
    assertRejectedBeforeSending(client.availability().createSchedule(
        new AvailabilityApi.NewSchedule("Work", "UTC", sixDays)), "each day of the week");
    assertRejectedBeforeSending(client.availability().createSchedule(
        new AvailabilityApi.NewSchedule("Work", "Mars/Olympus", week("09:00", "17:00"))), "timezone");
    assertRejectedBeforeSending(client.availability().updateSchedule(
        "A1", new AvailabilityApi.ScheduleUpdate(null, null, null, false)), "default");
    assertRejectedBeforeSending(client.availability().updateSchedule(
        "A1", new AvailabilityApi.ScheduleUpdate(null, null, null, null)), "must change");
    assertRejectedBeforeSending(client.availability().updateSchedule(
        "A1", new AvailabilityApi.ScheduleUpdate(null, null, week("17:00", "09:00"), null)), "end after");
  }

  @Test
  void aContactIsCreatedOnceChangedAndDeleted() {
    String contact = "{\"uri\": \"" + API + "/contacts/C9\", \"name\": \"Ada\", \"emails\": [{\"email\":"
        + " \"ada@example.com\", \"primary\": true}], \"custom_fields\": []}";
    wm.stubFor(post(urlEqualTo("/contacts")).willReturn(aResponse().withStatus(500)));
    wm.stubFor(patch(urlEqualTo("/contacts/C9")).willReturn(okJson(resource(contact))));
    wm.stubFor(delete(urlEqualTo("/contacts/C9")).willReturn(aResponse().withStatus(204)));
    ContactsApi.ContactFields ada = new ContactsApi.ContactFields("Ada", List.of(new Contact.Email("ada@example.com", true)),
        null, "Europe/London", null, "Engines", null, null, null, null, null);

    assertThatThrownBy(() -> client.contacts().create(ada).block()).isInstanceOf(CalendlyException.ServerError.class);
    Contact changed = client.contacts().update(API + "/contacts/C9", new ContactsApi.ContactFields(
        null, null, null, null, "CTO", null, null, null, null, null, null)).block();
    StepVerifier.create(client.contacts().delete("C9")).verifyComplete();

    assertThat(changed.primaryEmail()).isEqualTo("ada@example.com");
    // Not idempotent: a failed create is not sent again.
    wm.verify(1, postRequestedFor(urlEqualTo("/contacts")).withRequestBody(equalToJson(
        "{\"name\": \"Ada\", \"emails\": [{\"email\": \"ada@example.com\", \"primary\": true}],"
            + " \"timezone\": \"Europe/London\", \"company\": \"Engines\"}")));
    wm.verify(patchRequestedFor(urlEqualTo("/contacts/C9")).withRequestBody(equalToJson("{\"job_title\": \"CTO\"}")));
    wm.verify(deleteRequestedFor(urlEqualTo("/contacts/C9")));
  }

  @Test
  void badContactsFailBeforeAnythingIsSent() {
    assertRejectedBeforeSending(client.contacts().create(new ContactsApi.ContactFields(
        "Ada", List.of(), null, null, null, null, null, null, null, null, null)), "emails");
    assertRejectedBeforeSending(client.contacts().create(new ContactsApi.ContactFields(
        "Ada", List.of(new Contact.Email("not-an-address", true)), null, null, null, null, null, null, null, null,
        null)), "emails");
    assertRejectedBeforeSending(client.contacts().update("C9", new ContactsApi.ContactFields(
        null, null, null, null, null, null, null, null, null, null, null)), "at least one field");
  }
}
