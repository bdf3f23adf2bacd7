package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The catalog's view of the toolsets that are off by default. */
class MoreToolsetsTest {

  private final List<ToolDefinition> all = ToolCatalog.build(ToolOptions.everything()).tools();

  @Test
  void everyToolsetOffByDefaultHasToolsAndNoneOfThemIsOfferedByDefault() {
    Map<Toolset, List<String>> byToolset = all.stream().collect(
        Collectors.groupingBy(ToolDefinition::toolset, Collectors.mapping(ToolDefinition::name, Collectors.toList())));

    assertThat(byToolset.keySet()).containsAll(EnumSet.complementOf(EnumSet.of(Toolset.SCHEDULING)));
    assertThat(ToolCatalog.build(ToolOptions.defaults()).tools())
        .allSatisfy(tool -> assertThat(tool.toolset()).isEqualTo(Toolset.SCHEDULING));
  }

  @Test
  void exactlyTheRemovingToolsAreDestructiveAndTheCreatingOnesAreNotIdempotent() {
    List<ToolDefinition> more = all.stream().filter(t -> t.toolset() != Toolset.SCHEDULING).toList();

    assertThat(more).filteredOn(t -> t.hints().destructive()).extracting(ToolDefinition::name)
        .containsExactlyInAnyOrder("remove_member", "revoke_invitation", "delete_webhook_subscription", "delete_invitee_data",
            "delete_event_data", "update_meeting_recap", "delete_meeting_recap", "change_custom_link", "delete_contact",
            "change_list_members");
    assertThat(more).filteredOn(t -> !t.hints().readOnly() && !t.hints().idempotent()).extracting(ToolDefinition::name)
        .containsExactlyInAnyOrder("invite_user", "create_webhook_subscription", "create_one_off_event_type",
            "create_event_type", "create_custom_link", "add_contact_note", "save_contact", "set_working_hours",
            "save_contact_list", "create_custom_field");
    assertThat(more).allSatisfy(t -> assertThat(t.hints().openWorld()).isTrue());
  }

  @Test
  void readOnlyKeepsEveryReadToolOfTheseToolsets() {
    List<String> readOnly = ToolCatalog.build(new ToolOptions(EnumSet.allOf(Toolset.class), true)).tools().stream()
        .map(ToolDefinition::name).toList();

    assertThat(readOnly).containsAll(all.stream().filter(t -> t.hints().readOnly()).map(ToolDefinition::name).toList());
    assertThat(all).filteredOn(t -> !t.hints().readOnly()).extracting(ToolDefinition::name).doesNotContainAnyElementsOf(readOnly);
  }

  @Test
  void theDeletionOfInviteeDataSaysItIsEnterpriseOnlyAndIrreversible() {
    ToolDefinition tool = ComplianceTools.deleteInviteeData();

    assertThat(tool.title()).contains("Enterprise");
    assertThat(tool.description()).contains("Enterprise plan", "irreversible");
  }

  @Test
  void busyTimesAreSplitIntoWindowsOfAtMostSevenDays() {
    Instant start = Instant.parse("2026-12-01T10:00:00Z");

    List<Instant[]> windows = AvailabilityTools.windows(start, start.plus(Duration.ofDays(15)));

    assertThat(windows).hasSize(3);
    assertThat(windows.get(0)[1]).isEqualTo(windows.get(1)[0]);
    assertThat(windows.get(2)).containsExactly(start.plus(Duration.ofDays(14)), start.plus(Duration.ofDays(15)));
  }
}
