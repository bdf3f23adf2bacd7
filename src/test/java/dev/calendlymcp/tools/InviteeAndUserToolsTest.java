package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.ScheduledEventQuery;
import dev.calendlymcp.calendly.model.ScheduledEvent;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InviteeAndUserToolsTest {

  private static SandboxToolHarness tools;
  private static SeededUser owner;
  private static SeededUser member;
  /** An event of the owner's organization that the plain member does not host. */
  private static ScheduledEvent event;

  @BeforeAll
  static void start() {
    tools = SandboxToolHarness.everyTool();
    owner = tools.sandbox.user(Plan.ENTERPRISE, Role.OWNER);
    member = tools.sandbox.user(Plan.ENTERPRISE, Role.USER);
    event = tools.client(owner).scheduledEvents()
        .listAll(ScheduledEventQuery.forOrganization(URI.create(owner.organizationUri())), 100)
        .filter(e -> e.eventMemberships().stream().noneMatch(m -> m.user().toString().equals(member.userUri())))
        .filter(e -> e.inviteesCounter() != null && e.inviteesCounter().total() > 0)
        .blockFirst(Duration.ofSeconds(10));
    assertThat(event).as("a seeded event the member does not host").isNotNull();
  }

  @AfterAll
  static void stop() {
    tools.close();
  }

  @Test
  void theInviteesOfAnEventAreListedAndOneCanBeFetchedByUriOrByUuidWithTheEvent() {
    SandboxToolHarness.Outcome list = tools.call(owner, "list_event_invitees", Map.of("event", event.uri().toString()));
    List<Map<String, Object>> invitees = list.get("invitees");
    assertThat(invitees).isNotEmpty();
    Map<String, Object> first = invitees.get(0);
    assertThat(first).containsEntry("event_uri", event.uri().toString()).containsKeys("questions_and_answers", "cancel_url");
    assertThat(list.ok().text()).contains(first.get("name") + " <" + first.get("email") + ">");

    String uri = (String) first.get("uri");
    SandboxToolHarness.Outcome byUri = tools.call(owner, "get_invitee", Map.of("invitee", uri));
    String eventUuid = event.uri().getPath().substring(event.uri().getPath().lastIndexOf('/') + 1);
    SandboxToolHarness.Outcome byUuid = tools.call(owner, "get_invitee",
        Map.of("invitee", uri.substring(uri.lastIndexOf('/') + 1), "event", eventUuid));

    assertThat(byUri.ok().structured()).isEqualTo(first);
    assertThat(byUuid.ok().structured()).isEqualTo(first);
  }

  @Test
  void inviteesAreFilteredByStatusAndEmailAndPagedWithACursor() {
    SandboxToolHarness.Outcome all = tools.call(owner, "list_event_invitees", Map.of("event", event.uri().toString()));
    Map<String, Object> first = all.<List<Map<String, Object>>>get("invitees").get(0);

    SandboxToolHarness.Outcome byEmail = tools.call(owner, "list_event_invitees",
        Map.of("event", event.uri().toString(), "email", first.get("email"), "status", first.get("status")));
    assertThat(byEmail.<List<Map<String, Object>>>get("invitees")).extracting(i -> i.get("uri")).containsExactly(first.get("uri"));

    SandboxToolHarness.Outcome canceledOnly = tools.call(owner, "list_event_invitees",
        Map.of("event", event.uri().toString(), "status", "canceled"));
    assertThat(canceledOnly.<List<Map<String, Object>>>get("invitees")).allSatisfy(i -> assertThat(i).containsEntry("status", "canceled"));

    String cursor = tools.call(owner, "list_memberships", Map.of("count", 1)).get("next_cursor");
    assertThat(cursor).isNotNull();
    String error = tools.call(owner, "list_event_invitees", Map.of("event", event.uri().toString(), "cursor", cursor)).failure();
    assertThat(error).startsWith("Calendly rejected the request.").contains("page_token");
  }

  @Test
  void anInviteeUuidWithoutItsEventIsRefusedWithTheFix() {
    String error = tools.call(owner, "get_invitee", Map.of("invitee", "ABCDEF")).failure();

    assertThat(error).isEqualTo("Invalid argument: event is required when invitee is a UUID; or pass the"
        + " invitee's full URI. Fix it and call the tool again.");
  }

  @Test
  void aMemberCannotSeeTheInviteesOfSomeoneElsesEvent() {
    String error = tools.call(member, "list_event_invitees", Map.of("event", event.uri().toString())).failure();

    assertThat(error).startsWith("Calendly refused this.").contains("403", "list_scheduled_events");
  }

  @Test
  void anUnknownEventIsNotFound() {
    assertThat(tools.call(owner, "list_event_invitees", Map.of("event", "NOSUCHEVENT")).failure())
        .startsWith("Not found at Calendly.");
  }

  @Test
  void aUserIsFetchedByUriOrUuid() {
    SandboxToolHarness.Outcome byUri = tools.call(owner, "get_user", Map.of("user", member.userUri()));
    SandboxToolHarness.Outcome byUuid = tools.call(owner, "get_user",
        Map.of("user", member.userUri().substring(member.userUri().lastIndexOf('/') + 1)));

    assertThat(byUri.ok().structured())
        .containsEntry("uri", member.userUri())
        .containsEntry("email", member.email())
        .containsEntry("timezone", member.timezone());
    assertThat(byUuid.ok().structured()).isEqualTo(byUri.ok().structured());
    assertThat(byUri.ok().text()).startsWith(member.name() + " <" + member.email() + ">, time zone " + member.timezone());
  }

  @Test
  void aUserIsFoundByEmailByNameAndMeIsTheCaller() {
    for (String reference : List.of(member.email(), member.name(), member.name().split(" ")[1])) {
      assertThat(tools.call(owner, "get_user", Map.of("user", reference)).ok().structured())
          .as(reference).containsEntry("uri", member.userUri());
    }
    assertThat(tools.call(owner, "get_user", Map.of("user", "me")).ok().structured()).containsEntry("uri", owner.userUri());
  }

  @Test
  void aNameSeveralMembersShareListsThemAsCandidates() {
    // Every member's email is at the organization's domain, so its words match them all.
    String domain = owner.email().substring(owner.email().indexOf('@') + 1).replace('.', ' ');

    String error = tools.call(owner, "get_user", Map.of("user", domain)).failure();

    assertThat(error).startsWith("Invalid argument: user '" + domain + "' matches ")
        .contains(" members: ", owner.name() + " <" + owner.email() + "> (URI " + owner.userUri() + ")",
            "Pass the email or URI of the one you mean as user");
  }

  @Test
  void anUnknownUserIsNotFoundAndAnUnknownNameMatchesNoMember() {
    assertThat(tools.call(owner, "get_user", Map.of("user", "00000000-0000-4000-8000-000000000000")).failure())
        .startsWith("Not found at Calendly. GET /users/{uuid}: 404");
    assertThat(tools.call(owner, "get_user", Map.of("user", "not a uuid!")).failure())
        .startsWith("Invalid argument: user 'not a uuid!' matches no member of your organization")
        .contains("list_members");
  }

  @Test
  void aUserOfAnotherOrganizationIsInvisible() {
    SeededUser stranger = tools.sandbox.user(Plan.FREE, Role.OWNER);

    assertThat(tools.call(owner, "get_user", Map.of("user", stranger.userUri())).failure()).contains("404");
  }
}
