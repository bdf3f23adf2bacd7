package dev.calendlymcp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolPermissionsTest {

  private static final List<ToolDefinition> ALL = ToolCatalog.build(ToolOptions.everything()).tools();

  @Test
  void everyToolOfTheCatalogHasAnEntryInThePermissionTable() {
    assertThat(ALL).extracting(ToolDefinition::name)
        .as("add the new tools to ToolPermissions: a tool without an entry is refused to every agent with a policy")
        .allMatch(name -> ToolPermissions.of(name).isPresent());
  }

  @Test
  void theTableNamesNoToolTheCatalogDoesNotHave() {
    assertThat(ToolPermissions.tools()).isSubsetOf(ALL.stream().map(ToolDefinition::name).toList());
  }

  @Test
  void readOnlyToolsNeedReadAndOnlyDestructiveToolsNeedFull() {
    for (ToolDefinition tool : ALL) {
      List<Permission> needs = ToolPermissions.of(tool.name()).orElseThrow().needs();
      if (tool.hints().readOnly()) {
        assertThat(needs).as(tool.name()).allMatch(need -> need.level() == AccessLevel.READ);
      } else {
        assertThat(needs).as(tool.name()).isNotEmpty().allMatch(need -> need.level().includes(AccessLevel.WRITE));
      }
    }
    assertThat(ToolPermissions.of("cancel_event").orElseThrow().needs())
        .containsExactly(Permission.of(PolicyResource.CANCELLATION, AccessLevel.FULL));
    assertThat(ToolPermissions.of("book_meeting").orElseThrow().needs())
        .containsExactly(Permission.of(PolicyResource.BOOKING, AccessLevel.WRITE));
  }

  @Test
  void filteringMeetingsByAnInviteesEmailNeedsInviteeAccess() {
    Policy meetingsOnly = Policy.denyAll().with(PolicyResource.MEETINGS, ResourceGrant.of(AccessLevel.READ));

    PolicyCheck.Verdict plain = PolicyCheck.check(meetingsOnly, "list_scheduled_events", Map.of(), Granter.localFlags());
    PolicyCheck.Verdict byInvitee = PolicyCheck.check(
        meetingsOnly, "list_scheduled_events", Map.of("invitee", "jane@example.com"), Granter.localFlags());

    assertThat(plain.decision().allowed()).isTrue();
    assertThat(plain.hideInvitees()).isTrue();
    assertThat(byInvitee.decision()).isEqualTo(Decision.deny("invitees: read", byInvitee.decision().reason()));
    assertThat(byInvitee.decision().reason()).contains("needs invitees: read", "--grant invitees=read");
  }

  @Test
  void puttingPeopleOnAListNeedsContactsWriteAndTakingThemOffNeedsFull() {
    Policy writer = Policy.denyAll().with(PolicyResource.CONTACTS, ResourceGrant.of(AccessLevel.WRITE));

    Decision add = PolicyCheck.check(writer, "change_list_members",
        Map.of("list", "Key accounts", "add", List.of("ada@example.com")), Granter.localFlags()).decision();
    Decision remove = PolicyCheck.check(writer, "change_list_members",
        Map.of("list", "Key accounts", "remove", List.of("ada@example.com")), Granter.localFlags()).decision();

    assertThat(add.allowed()).isTrue();
    assertThat(remove.allowed()).isFalse();
    assertThat(remove.rule()).isEqualTo("contacts: full");
  }

  @Test
  void aRefusalNamesTheMissingPermissionAndWhoCanGrantIt() {
    Policy reader = Policy.consentDefault();

    Decision overStdio = PolicyCheck.check(reader, "book_meeting", Map.of(), Granter.localFlags()).decision();
    Decision overHttp =
        PolicyCheck.check(reader, "book_meeting", Map.of(), Granter.consentsPage("https://mcp.example/consents")).decision();

    assertThat(overStdio.allowed()).isFalse();
    assertThat(overStdio.rule()).isEqualTo("booking: write");
    assertThat(overStdio.reason()).contains("book_meeting needs booking: write", "booking: read", "--grant booking=write");
    assertThat(overHttp.reason()).contains("consents page, https://mcp.example/consents");
  }

  @Test
  void withoutAPolicyEverythingIsAllowedAndTheRuleSaysSo() {
    PolicyCheck.Verdict verdict = PolicyCheck.check(Policy.unrestricted(), "delete_invitee_data", Map.of(), Granter.localFlags());

    assertThat(verdict.decision()).isEqualTo(Decision.allow("no policy set"));
    assertThat(verdict.ask()).isFalse();
  }

  @Test
  void askAppliesToChangesOnlyAndShowsInTheRule() {
    Policy asking = Policy.denyAll().with(PolicyResource.BOOKING, ResourceGrant.parse("write+ask"))
        .with(PolicyResource.ORGANIZATION, ResourceGrant.parse("full+ask"));

    PolicyCheck.Verdict book = PolicyCheck.check(asking, "book_meeting", Map.of(), Granter.localFlags());
    PolicyCheck.Verdict read = PolicyCheck.check(asking, "list_members", Map.of(), Granter.localFlags());

    assertThat(book.ask()).isTrue();
    assertThat(book.decision().rule()).isEqualTo("booking: write+ask");
    assertThat(read.ask()).isFalse();
    assertThat(read.decision().allowed()).isTrue();
  }

  @Test
  void aToolTheTableDoesNotKnowIsRefusedUnderAPolicyAndNotListed() {
    assertThat(PolicyCheck.check(Policy.consentDefault(), "probe_echo", Map.of(), Granter.localFlags()).decision().allowed())
        .isFalse();
    assertThat(PolicyCheck.listed(Policy.consentDefault(), "probe_echo")).isFalse();
    assertThat(PolicyCheck.listed(Policy.unrestricted(), "probe_echo")).isTrue();
  }
}
