package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MemberToolsTest {

  private static SandboxToolHarness calendly;
  private static SeededUser owner;
  private static List<SeededUser> team;

  @BeforeAll
  static void start() {
    calendly = SandboxToolHarness.everyToolAtFixedTime(SandboxToolHarness.defaults());
    owner = calendly.sandbox.user(Plan.ENTERPRISE, Role.OWNER);
    team = calendly.sandbox.users().stream().filter(u -> u.organizationUri().equals(owner.organizationUri())).toList();
  }

  @AfterAll
  static void stop() {
    calendly.close();
  }

  private static List<Object> field(ToolResult result, String name) {
    List<Object> out = new ArrayList<>();
    if (result.structured().get("members") instanceof List<?> members) {
      members.forEach(member -> out.add(((Map<?, ?>) member).get(name)));
    }
    return out;
  }

  @Test
  void listsEveryMemberOfTheUsersOrganizationWithRoleTimeZoneAndUri() {
    calendly.actAs(owner);

    ToolResult result = calendly.callOk("list_members", Map.of());

    assertThat(field(result, "email")).containsExactlyInAnyOrderElementsOf(team.stream().map(SeededUser::email).toList());
    assertThat(field(result, "user_uri")).containsExactlyInAnyOrderElementsOf(team.stream().map(SeededUser::userUri).toList());
    assertThat(field(result, "role")).containsExactlyInAnyOrder("owner", "admin", "user");
    assertThat(field(result, "timezone")).containsExactlyInAnyOrderElementsOf(team.stream().map(SeededUser::timezone).toList());
    assertThat(result.structured()).doesNotContainKey("next_cursor").containsEntry("members_read", team.size());
    assertThat(result.text()).startsWith(team.size() + " members:").contains(owner.name() + " <" + owner.email() + ">, owner");
  }

  @Test
  void filtersByEmailAtCalendly() {
    SeededUser admin = calendly.sandbox.user(Plan.ENTERPRISE, Role.ADMIN);
    calendly.actAs(owner);

    ToolResult result = calendly.callOk("list_members", Map.of("email", admin.email()));

    assertThat(field(result, "name")).containsExactly(admin.name());
  }

  @Test
  void filtersByPartOfTheNameIgnoringCaseAndAccents() {
    SeededUser admin = calendly.sandbox.user(Plan.ENTERPRISE, Role.ADMIN);
    String lastName = admin.name().substring(admin.name().lastIndexOf(' ') + 1);
    calendly.actAs(owner);

    ToolResult result = calendly.callOk("list_members", Map.of("name", lastName.toUpperCase(java.util.Locale.ROOT)));

    assertThat(field(result, "name")).contains(admin.name()).allMatch(name -> ((String) name).contains(lastName));
  }

  @Test
  void aNameNobodyHasFindsNoMember() {
    calendly.actAs(owner);

    ToolResult result = calendly.callOk("list_members", Map.of("name", "Zebedee Quux"));

    assertThat(field(result, "name")).isEmpty();
    assertThat(result.structured()).doesNotContainKey("next_cursor").containsEntry("members_read", team.size());
    assertThat(result.text()).isEqualTo("0 members found.");
  }

  @Test
  void aCursorResumesWhereTheLastCallStoppedEvenInsideAPage() {
    calendly.actAs(owner);
    // A letter most names share, so that a name-filtered page holds several matches.
    Map<Character, Integer> letters = new HashMap<>();
    team.forEach(u -> u.name().toLowerCase(java.util.Locale.ROOT).chars().distinct()
        .filter(Character::isLetter).forEach(c -> letters.merge((char) c, 1, Integer::sum)));
    String letter = letters.entrySet().stream().filter(e -> e.getValue() >= 2).map(e -> String.valueOf(e.getKey()))
        .findFirst().orElseThrow();
    List<Object> expected = field(calendly.callOk("list_members", Map.of("name", letter, "count", 100)), "email");

    List<Object> paged = new ArrayList<>();
    String cursor = null;
    int calls = 0;
    do {
      Map<String, Object> arguments = new HashMap<>(Map.of("name", letter, "count", 1));
      if (cursor != null) {
        arguments.put("cursor", cursor);
      }
      ToolResult page = calendly.callOk("list_members", arguments);
      paged.addAll(field(page, "email"));
      cursor = (String) page.structured().get("next_cursor");
      calls++;
    } while (cursor != null && calls < 10);

    assertThat(expected).hasSizeGreaterThanOrEqualTo(2);
    assertThat(paged).containsExactlyElementsOf(expected);
  }

  @Test
  void aCursorItDidNotIssueIsRefused() {
    calendly.actAs(owner);

    String error = calendly.callFailing("list_members", Map.of("cursor", "abc"));

    assertThat(error).startsWith("Invalid argument: cursor is not one list_members returned");
    assertThat(calendly.sandbox.stats().total()).isZero();
  }

  @Test
  void aPlainUserMayNotListTheOrganizationAndIsToldWhy() {
    calendly.actAs(calendly.sandbox.user(Plan.ENTERPRISE, Role.USER));

    String error = calendly.callFailing("list_members", Map.of());

    assertThat(error).startsWith("Calendly refused this.").contains("403");
  }

  @Test
  void itIsAReadOnlyOrganizationToolOutsideTheDefaultSet() {
    calendly.actAs(owner);

    assertThat(calendly.tool("list_members").hints()).isEqualTo(ToolHints.read());
    assertThat(calendly.tool("list_members").toolset()).isEqualTo(Toolset.ORGANIZATION);
  }
}
