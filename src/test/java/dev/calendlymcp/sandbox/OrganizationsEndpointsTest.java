package dev.calendlymcp.sandbox;

import static dev.calendlymcp.sandbox.SandboxHttp.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OrganizationsEndpointsTest extends SandboxTestBase {

  private String membershipUri(SeededUser admin, SeededUser member) {
    return http.get("/organization_memberships?user=" + q(member.userUri()), admin.token())
        .json().path("collection").get(0).path("uri").asString();
  }

  @Test
  void anyMemberReadsTheirOrganizationWithItsPlanAndNoOtherOne() {
    SeededUser member = user(Plan.TEAMS, Role.USER);
    SeededUser free = user(Plan.FREE, Role.OWNER);

    Reply own = http.get(member.organizationUri(), member.token());
    Reply freeOwn = http.get(free.organizationUri(), free.token());
    Reply other = http.get(member.organizationUri(), free.token());
    Reply unknown = http.get("/organizations/AAAAAAAAAAAAAAAA", member.token());
    Reply noScope = http.get(member.organizationUri(), sandbox.issueToken(member.userUri(), List.of("users:read")));

    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    assertThat(own.resource("uri")).isEqualTo(member.organizationUri());
    assertThat(own.resource("plan")).isEqualTo("teams");
    assertThat(own.resource("stage")).isEqualTo("paid");
    assertThat(own.json().path("resource").path("name").asString()).isNotBlank();
    assertThat(own.resource("created_at")).endsWith("Z");
    assertThat(freeOwn.resource("stage")).isEqualTo("free");
    assertThat(other.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(noScope.status()).isEqualTo(403);
    assertThat(noScope.json().path("message").asString()).contains("organizations:read");
  }

  @Test
  void anAdminPagesThroughTheMembers() {
    SeededUser admin = user(Plan.STANDARD, Role.ADMIN);

    List<String> memberships = Paging.checkThreePages(
        http, "/organization_memberships?organization=" + q(admin.organizationUri()), admin.token(), 1, "/uri");

    assertThat(memberships).hasSize(3);
    Reply owners = http.get("/organization_memberships?organization=" + q(admin.organizationUri()) + "&role=owner", admin.token());
    JsonNode owner = owners.json().path("collection").get(0);
    assertThat(owners.json().path("collection").size()).isEqualTo(1);
    assertThat(owner.path("user").path("email").asString()).isEqualTo(user(Plan.STANDARD, Role.OWNER).email());
    assertThat(owner.path("organization").asString()).isEqualTo(admin.organizationUri());
    Reply byEmail = http.get("/organization_memberships?organization=" + q(admin.organizationUri())
        + "&email=" + q(admin.email()), admin.token());
    assertThat(byEmail.json().path("collection").get(0).path("role").asString()).isEqualTo("admin");
  }

  @Test
  void aPlainMemberSeesOnlyTheirOwnMembership() {
    SeededUser member = user(Plan.STANDARD, Role.USER);
    SeededUser owner = user(Plan.STANDARD, Role.OWNER);

    Reply own = http.get("/organization_memberships?user=" + q(member.userUri()), member.token());
    Reply all = http.get("/organization_memberships?organization=" + q(member.organizationUri()), member.token());
    Reply ownerMembership = http.get(membershipUri(owner, owner), member.token());

    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().path("collection").get(0).path("role").asString()).isEqualTo("user");
    assertThat(all.status()).isEqualTo(403);
    assertThat(ownerMembership.status()).isEqualTo(403);
    assertThat(http.get(membershipUri(owner, member), member.token()).status()).isEqualTo(200);
    assertThat(http.get("/organization_memberships", member.token()).detailParameters())
        .containsExactly("organization", "user");
  }

  @Test
  void anAdminRemovesAMemberButNotTheOwner() {
    SeededUser admin = user(Plan.STANDARD, Role.ADMIN);
    SeededUser member = user(Plan.STANDARD, Role.USER);
    SeededUser owner = user(Plan.STANDARD, Role.OWNER);
    String memberMembership = membershipUri(admin, member);

    Reply ownerRemoval = http.delete(membershipUri(admin, owner), admin.token());
    Reply byMember = http.delete(membershipUri(admin, admin), member.token());
    Reply removal = http.delete(memberMembership, admin.token());

    assertThat(ownerRemoval.status()).isEqualTo(403);
    assertThat(ownerRemoval.json().path("message").asString()).contains("owner");
    assertThat(byMember.status()).isEqualTo(403);
    assertThat(removal.status()).isEqualTo(204);
    assertThat(http.get(memberMembership, admin.token()).status()).isEqualTo(404);
    Reply removedMe = http.get("/users/me", member.token());
    assertThat(removedMe.resource("current_organization")).isNotEqualTo(admin.organizationUri());
    assertThat(http.get("/organization_memberships?organization=" + q(admin.organizationUri()), admin.token())
        .json().path("collection").size()).isEqualTo(2);
  }

  @Test
  void invitationsAreSentListedReadAndRevoked() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);
    String invitations = "/organizations/" + uuid(admin.organizationUri()) + "/invitations";
    for (String email : List.of("a@example.org", "b@example.org", "c@example.org")) {
      Reply sent = http.post(invitations, admin.token(), "{\"email\": \"" + email + "\"}");
      assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
      assertThat(sent.resource("status")).isEqualTo("pending");
      clock.advance(java.time.Duration.ofSeconds(1));
    }

    List<String> uris = Paging.checkThreePages(http, invitations, admin.token(), 1, "/uri");

    assertThat(uris).hasSize(3);
    Reply one = http.get(uris.get(0), admin.token());
    assertThat(one.resource("email")).isEqualTo("a@example.org");
    assertThat(one.resource("organization")).isEqualTo(admin.organizationUri());
    assertThat(http.delete(uris.get(0), admin.token()).status()).isEqualTo(204);
    assertThat(http.get(uris.get(0), admin.token()).resource("status")).isEqualTo("revoked");
    assertThat(http.delete(uris.get(0), admin.token()).status()).isEqualTo(403);
    assertThat(http.get(invitations + "?status=pending", admin.token()).json().path("collection").size()).isEqualTo(2);
    assertThat(http.get(invitations + "/nope", admin.token()).status()).isEqualTo(404);
  }

  @Test
  void invitingAMemberOrAPendingInviteeAgainIsInvalid() {
    SeededUser admin = user(Plan.TEAMS, Role.ADMIN);
    String invitations = "/organizations/" + uuid(admin.organizationUri()) + "/invitations";
    http.post(invitations, admin.token(), "{\"email\": \"new@example.org\"}");

    Reply member = http.post(invitations, admin.token(), "{\"email\": \"" + user(Plan.TEAMS, Role.USER).email() + "\"}");
    Reply pending = http.post(invitations, admin.token(), "{\"email\": \"NEW@example.org\"}");
    Reply malformed = http.post(invitations, admin.token(), "{\"email\": \"nope\"}");

    for (Reply reply : List.of(member, pending, malformed)) {
      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.detailParameters()).containsExactly("email");
    }
  }

  @Test
  void invitationsNeedAnAdminOfThatOrganization() {
    SeededUser member = user(Plan.TEAMS, Role.USER);
    SeededUser otherAdmin = user(Plan.STANDARD, Role.ADMIN);
    String invitations = "/organizations/" + uuid(member.organizationUri()) + "/invitations";

    assertThat(http.post(invitations, member.token(), "{\"email\": \"x@example.org\"}").status()).isEqualTo(403);
    assertThat(http.get(invitations, member.token()).status()).isEqualTo(403);
    assertThat(http.get(invitations, otherAdmin.token()).status()).isEqualTo(403);
    assertThat(http.get("/organizations/nope/invitations", otherAdmin.token()).status()).isEqualTo(404);
    String readOnly = sandbox.issueToken(user(Plan.TEAMS, Role.OWNER).userUri(), List.of("organizations:read"));
    assertThat(http.post(invitations, readOnly, "{\"email\": \"x@example.org\"}").status()).isEqualTo(403);
  }
}
