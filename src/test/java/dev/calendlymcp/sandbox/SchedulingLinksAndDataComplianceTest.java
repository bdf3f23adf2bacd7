package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Invitee;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.ScheduledEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulingLinksAndDataComplianceTest extends SandboxTestBase {

  @Test
  void aSingleUseSchedulingLinkIsCreatedForAnEventType() {
    SeededUser user = user(Plan.FREE, Role.USER);
    String eventType = http.get("/event_types?user=" + q(user.userUri()) + "&active=true", user.token())
        .json().path("collection").get(0).path("uri").asString();

    Reply reply = http.post("/scheduling_links", user.token(), """
        {"max_event_count": 1, "owner": "%s", "owner_type": "EventType"}""".formatted(eventType));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.resource("owner")).isEqualTo(eventType);
    assertThat(reply.resource("owner_type")).isEqualTo("EventType");
    assertThat(reply.resource("booking_url")).startsWith(sandbox.apiBaseUrl() + "/d/");
  }

  @Test
  void aSchedulingLinkRequestIsValidatedAndScoped() {
    SeededUser user = user(Plan.FREE, Role.USER);
    String readOnly = sandbox.issueToken(user.userUri(), List.of("event_types:read"));

    Reply bad = http.post("/scheduling_links", user.token(), "{\"max_event_count\": 2, \"owner_type\": \"User\"}");
    Reply unknown = http.post("/scheduling_links", user.token(), """
        {"max_event_count": 1, "owner": "%s/event_types/nope", "owner_type": "EventType"}""".formatted(sandbox.apiBaseUrl()));
    Reply noScope = http.post("/scheduling_links", readOnly, "{}");
    Reply notJson = http.post("/scheduling_links", user.token(), "{oops");

    assertThat(bad.detailParameters()).containsExactlyInAnyOrder("max_event_count", "owner", "owner_type");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(noScope.status()).isEqualTo(403);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.detailParameters()).containsExactly("body");
  }

  @Test
  void anEnterpriseAdminDeletesInviteeDataByEmail() {
    SeededUser owner = user(Plan.ENTERPRISE, Role.OWNER);
    ScheduledEvent event = sandbox.model().scheduledEventsOf(owner.userUri()).get(0);
    String eventUri = sandbox.apiBaseUrl() + "/scheduled_events/" + event.uuid();
    String email = sandbox.model().invitees(eventUri).get(0).email();

    Reply reply = http.post("/data_compliance/deletion/invitees", owner.token(), "{\"emails\": [\"" + email + "\"]}");

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.json().isEmpty()).isTrue();
    List<Invitee> left = sandbox.model().read(store -> store.eventsOfOrganization(uuid(owner.organizationUri())).stream()
        .flatMap(e -> store.inviteesOf(e.uuid()).stream()).toList());
    assertThat(left).extracting(Invitee::email).doesNotContain(email);
  }

  @Test
  void dataComplianceNeedsEnterpriseAndAnAdminAndValidEmails() {
    String body = "{\"emails\": [\"someone@example.org\"]}";

    Reply teams = http.post("/data_compliance/deletion/invitees", user(Plan.TEAMS, Role.OWNER).token(), body);
    Reply member = http.post("/data_compliance/deletion/invitees", user(Plan.ENTERPRISE, Role.USER).token(), body);
    Reply invalid = http.post("/data_compliance/deletion/invitees", user(Plan.ENTERPRISE, Role.OWNER).token(),
        "{\"emails\": [\"not-an-email\"]}");

    assertThat(teams.status()).isEqualTo(403);
    assertThat(teams.json().path("message").asString()).contains("Enterprise");
    assertThat(member.status()).isEqualTo(403);
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.detailParameters()).containsExactly("emails");
  }
}
