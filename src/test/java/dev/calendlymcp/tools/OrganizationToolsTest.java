package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationToolsTest {

  // A sandbox per test: members are removed and invitations revoked here.
  private SandboxToolHarness tools;
  private SeededUser owner;
  private SeededUser member;

  @BeforeEach
  void start() {
    tools = SandboxToolHarness.everyTool();
    owner = tools.sandbox.user(Plan.STANDARD, Role.OWNER);
    member = tools.sandbox.user(Plan.STANDARD, Role.USER);
  }

  @AfterEach
  void stop() {
    tools.close();
  }

  private Map<String, Object> membershipOf(SeededUser user) {
    List<Map<String, Object>> found = tools.call(owner, "list_memberships", Map.of("email", user.email())).get("memberships");
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  @Test
  void membersArePagedWithTheCursorAndFilteredByRole() {
    List<Object> seen = new ArrayList<>();
    Map<String, Object> arguments = new HashMap<>(Map.of("count", 1));
    String cursor;
    do {
      SandboxToolHarness.Outcome page = tools.call(owner, "list_memberships", arguments);
      page.<List<Map<String, Object>>>get("memberships").forEach(m -> seen.add(m.get("email")));
      cursor = page.get("next_cursor");
      arguments.put("cursor", cursor);
    } while (cursor != null);

    assertThat(seen).hasSize(3).contains(owner.email(), member.email());
    assertThat(tools.call(owner, "list_memberships", Map.of("role", "owner")).<List<Map<String, Object>>>get("memberships"))
        .extracting(m -> m.get("email")).containsExactly(owner.email());
  }

  @Test
  void aMembershipIsFetchedByUri() {
    Map<String, Object> listed = membershipOf(member);

    SandboxToolHarness.Outcome one = tools.call(owner, "get_membership", Map.of("membership", listed.get("uri")));

    assertThat(one.ok().structured()).isEqualTo(listed).containsEntry("role", "user").containsEntry("user_uri", member.userUri());
    assertThat(tools.call(owner, "get_membership", Map.of("membership", "NOSUCHMEMBERSHIP")).failure()).startsWith("Not found");
  }

  @Test
  void theOwnerRemovesAMemberAndTheResultSaysWho() {
    Map<String, Object> listed = membershipOf(member);

    SandboxToolHarness.Outcome removed = tools.call(owner, "remove_member", Map.of("membership", listed.get("uri")));

    assertThat(removed.<Boolean>get("removed")).isTrue();
    assertThat(removed.ok().text()).isEqualTo("Removed " + member.name() + " <" + member.email() + "> (user) from the organization.");
    assertThat(tools.call(owner, "list_memberships", Map.of("email", member.email())).<List<?>>get("memberships")).isEmpty();
    assertThat(tools.sandbox.stats().count("DELETE /organization_memberships/{uuid}")).isEqualTo(1);
  }

  @Test
  void aPlainMemberCannotRemoveAnyoneAndIsToldWhoCan() {
    String ownerMembership = (String) membershipOf(owner).get("uri");

    String error = tools.call(member, "remove_member", Map.of("membership", ownerMembership)).failure();

    assertThat(error).startsWith("Calendly refused this.").contains("403", "admin or owner role");
    assertThat(tools.sandbox.stats().count("DELETE /organization_memberships/{uuid}")).isZero();
  }

  @Test
  void theOwnerCannotBeRemoved() {
    String error = tools.call(owner, "remove_member", Map.of("membership", membershipOf(owner).get("uri"))).failure();

    assertThat(error).contains("403", "owner can never be removed");
  }

  @Test
  void anInvitationIsSentListedFetchedAndRevoked() {
    SandboxToolHarness.Outcome invited = tools.call(owner, "invite_user", Map.of("email", "new.hire@example.org"));
    String uri = invited.get("uri");
    assertThat(invited.ok().structured()).containsEntry("status", "pending").containsEntry("email", "new.hire@example.org");

    assertThat(tools.call(owner, "list_invitations", Map.of("status", "pending")).<List<Map<String, Object>>>get("invitations"))
        .extracting(i -> i.get("uri")).contains(uri);
    assertThat(tools.call(owner, "get_invitation", Map.of("invitation", uri)).ok().structured())
        .isEqualTo(invited.ok().structured());
    String uuid = uri.substring(uri.lastIndexOf('/') + 1);
    assertThat(tools.call(owner, "get_invitation", Map.of("invitation", uuid)).<String>get("uri")).isEqualTo(uri);

    SandboxToolHarness.Outcome revoked = tools.call(owner, "revoke_invitation", Map.of("invitation", uuid));
    assertThat(revoked.ok().structured()).containsEntry("revoked", true).containsEntry("invitation_uri", uri);
    assertThat(tools.call(owner, "get_invitation", Map.of("invitation", uri)).<String>get("status")).isEqualTo("revoked");

    String again = tools.call(owner, "revoke_invitation", Map.of("invitation", uri)).failure();
    assertThat(again).contains("403", "Only pending invitations can be revoked");
  }

  @Test
  void invitingAnExistingMemberNamesTheProblem() {
    String error = tools.call(owner, "invite_user", Map.of("email", member.email())).failure();

    assertThat(error).startsWith("Calendly rejected the request. POST /organizations/{uuid}/invitations: 400");
  }

  @Test
  void aPlainMemberCannotInviteOrListTheOrganization() {
    assertThat(tools.call(member, "invite_user", Map.of("email", "someone@example.org")).failure())
        .contains("403", "admin or owner role");
    assertThat(tools.call(member, "list_invitations", Map.of()).failure()).contains("403", "admin or owner role");
  }

  @Test
  void anInvitationUriThatIsNotOneIsRefusedBeforeCallingCalendly() {
    tools.sandbox.stats().reset();

    String error = tools.call(owner, "get_invitation", Map.of("invitation", owner.userUri())).failure();

    assertThat(error).startsWith("Invalid argument: invitation must be an invitation URI");
    assertThat(tools.sandbox.stats().total()).isZero();
  }

  @Test
  void anotherOrganizationsInvitationsAreRefused() {
    SeededUser stranger = tools.sandbox.user(Plan.TEAMS, Role.OWNER);

    String error = tools.call(owner, "list_invitations", Map.of("organization", stranger.organizationUri())).failure();

    assertThat(error).startsWith("Calendly refused this. GET /organizations/{uuid}/invitations: 403");
  }
}
