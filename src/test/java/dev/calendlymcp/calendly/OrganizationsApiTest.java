package dev.calendlymcp.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calendlymcp.calendly.model.Organization;
import dev.calendlymcp.calendly.model.OrganizationInvitation;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import dev.calendlymcp.calendly.model.User;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class OrganizationsApiTest extends WireMockCalendlyTest {

  static final String ORG = "https://api.calendly.com/organizations/ORGAAAAAAAAAAAAA";
  static final String USER = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
  static final String INVITATION = ORG + "/invitations/INVITEAAAAAAAAAA";

  @Test
  void listMembershipsSendsEveryFilterAndReadsEveryField() {
    wm.stubFor(
        get(urlPathEqualTo("/organization_memberships"))
            .willReturn(okJson(fixture("organization-memberships-page1.json"))));

    Page<OrganizationMembership> page =
        client
            .organizations()
            .listMemberships(
                MembershipQuery.ofOrganization(ORG)
                    .withEmail("test@example.com")
                    .withRole(OrganizationMembership.Role.OWNER),
                new PageRequest(2, "CURSOR1"))
            .block();

    assertThat(page).isNotNull();
    assertThat(page.collection()).hasSize(2);
    assertThat(page.nextPageToken()).contains("PAGE2TOKEN");
    assertThat(page.pagination().count()).isEqualTo(2);
    assertThat(page.pagination().previousPage()).isNull();
    OrganizationMembership owner = page.collection().get(0);
    assertThat(owner.uri())
        .isEqualTo(URI.create("https://api.calendly.com/organization_memberships/MEMBERAAAAAAAAAA"));
    assertThat(owner.role()).isEqualTo(OrganizationMembership.Role.OWNER);
    assertThat(owner.organization()).isEqualTo(URI.create(ORG));
    assertThat(owner.createdAt()).isEqualTo(Instant.parse("2019-01-02T03:04:05.678123Z"));
    assertThat(owner.updatedAt()).isEqualTo(Instant.parse("2019-08-07T06:05:04.321123Z"));
    User user = owner.user();
    assertThat(user.uri()).isEqualTo(URI.create(USER));
    assertThat(user.name()).isEqualTo("John Doe");
    assertThat(user.slug()).isEqualTo("acmesales");
    assertThat(user.email()).isEqualTo("test@example.com");
    assertThat(user.schedulingUrl()).isEqualTo(URI.create("https://calendly.com/acmesales"));
    assertThat(user.timezone()).isEqualTo("America/New_York");
    assertThat(user.avatarUrl())
        .isEqualTo(URI.create("https://01234567890.cloudfront.net/uploads/user/avatar/0123456/a1b2c3d4.png"));
    assertThat(user.createdAt()).isEqualTo(Instant.parse("2019-01-02T03:04:05.678123Z"));
    assertThat(user.updatedAt()).isEqualTo(Instant.parse("2019-08-07T06:05:04.321123Z"));
    assertThat(user.currentOrganization()).isNull();
    assertThat(page.collection().get(1).role()).isEqualTo(OrganizationMembership.Role.ADMIN);
    assertThat(page.collection().get(1).user().avatarUrl()).isNull();
    wm.verify(
        getRequestedFor(urlPathEqualTo("/organization_memberships"))
            .withQueryParam("organization", equalTo(ORG))
            .withQueryParam("user", absent())
            .withQueryParam("email", equalTo("test@example.com"))
            .withQueryParam("role", equalTo("owner"))
            .withQueryParam("count", equalTo("2"))
            .withQueryParam("page_token", equalTo("CURSOR1")));
  }

  @Test
  void allMembershipsFollowsNextPageTokenAcrossTwoPages() {
    wm.stubFor(
        get(urlPathEqualTo("/organization_memberships"))
            .withQueryParam("page_token", absent())
            .willReturn(okJson(fixture("organization-memberships-page1.json"))));
    wm.stubFor(
        get(urlPathEqualTo("/organization_memberships"))
            .withQueryParam("page_token", equalTo("PAGE2TOKEN"))
            .willReturn(okJson(fixture("organization-memberships-page2.json"))));

    StepVerifier.create(client.organizations().listAllMemberships(MembershipQuery.ofUser(USER)))
        .assertNext(m -> assertThat(m.role()).isEqualTo(OrganizationMembership.Role.OWNER))
        .assertNext(m -> assertThat(m.role()).isEqualTo(OrganizationMembership.Role.ADMIN))
        .assertNext(
            m -> {
              assertThat(m.role()).isEqualTo(OrganizationMembership.Role.USER);
              assertThat(m.user().email()).isEqualTo("max@example.com");
            })
        .verifyComplete();

    assertThat(wm.getAllServeEvents()).hasSize(2);
    wm.verify(
        2,
        getRequestedFor(urlPathEqualTo("/organization_memberships"))
            .withQueryParam("user", equalTo(USER))
            .withQueryParam("count", equalTo("100")));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/organization_memberships"))
            .withQueryParam("page_token", equalTo("PAGE2TOKEN")));
  }

  @Test
  void membershipQueriesRejectBadFiltersWhenBuilt() {
    assertThatThrownBy(() -> new MembershipQuery(null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization or user is required");
    assertThatThrownBy(() -> new MembershipQuery(null, URI.create("users/AAAA"), null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user must be an absolute URI");
    assertThatThrownBy(() -> MembershipQuery.ofOrganization("ORGAAAAAAAAAAAAA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization");
    assertThatThrownBy(() -> MembershipQuery.ofUser(USER).withEmail("nobody"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("email");
    assertThatThrownBy(() -> MembershipQuery.ofUser(USER).withRole(OrganizationMembership.Role.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role");
  }

  @Test
  void listingWithoutAQueryOrWithAnOversizedPageFailsBeforeSendingAnything() {
    assertThatThrownBy(() -> client.organizations().listMemberships(null, PageRequest.FIRST).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query is required");
    assertThatThrownBy(() -> client.organizations().listAllMemberships(null).blockFirst())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query is required");
    assertThatThrownBy(
            () -> client.organizations().listMemberships(MembershipQuery.ofUser(USER), PageRequest.first(101)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count must be between 1 and 100");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void getOrganizationSendsOnlyItsUuidAndReadsItsPlan() {
    wm.stubFor(get(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA")).willReturn(okJson(fixture("organization.json"))));

    Organization byUri = client.organizations().get(ORG).block();
    Organization byUuid = client.organizations().get("ORGAAAAAAAAAAAAA").block();

    assertThat(byUri).isEqualTo(byUuid);
    assertThat(byUri.uri()).hasToString(ORG);
    assertThat(byUri.name()).isEqualTo("Acme Sales");
    assertThat(byUri.plan()).isEqualTo("teams");
    assertThat(byUri.stage()).isEqualTo("paid");
    assertThat(byUri.createdAt()).isEqualTo(Instant.parse("2019-01-02T03:04:05.678900Z"));
    assertThat(byUri.updatedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    wm.verify(2, getRequestedFor(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA")));
  }

  @Test
  void getOrganizationRefusesAMalformedReferenceBeforeSendingAnything() {
    EndpointTestSupport.assertRejectedBeforeSending(client.organizations().get("not an org!"), "organization");
    EndpointTestSupport.assertRejectedBeforeSending(client.organizations().get(null), "organization");
  }

  @Test
  void getMembershipReadsAnUnknownRoleAsUnknown() {
    wm.stubFor(
        get(urlEqualTo("/organization_memberships/MEMBERBBBBBBBBBB"))
            .willReturn(okJson(fixture("organization-membership.json"))));

    OrganizationMembership membership =
        client
            .organizations()
            .getMembership("https://api.calendly.com/organization_memberships/MEMBERBBBBBBBBBB")
            .block();

    assertThat(membership).isNotNull();
    assertThat(membership.role()).isEqualTo(OrganizationMembership.Role.UNKNOWN);
    assertThat(membership.user().name()).isEqualTo("Jane Roe");
  }

  @Test
  void removeMembershipSendsDeleteAndCompletesOnNoContent() {
    wm.stubFor(delete(urlEqualTo("/organization_memberships/MEMBERBBBBBBBBBB")).willReturn(aResponse().withStatus(204)));

    StepVerifier.create(client.organizations().removeMembership("MEMBERBBBBBBBBBB")).verifyComplete();

    wm.verify(
        deleteRequestedFor(urlEqualTo("/organization_memberships/MEMBERBBBBBBBBBB"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void removingTheOwnerIsReportedAsPermissionDenied() {
    wm.stubFor(
        delete(urlEqualTo("/organization_memberships/MEMBERAAAAAAAAAA"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"title\":\"Permission Denied\",\"message\":\"The owner cannot be removed\"}")));

    assertThatThrownBy(() -> client.organizations().removeMembership("MEMBERAAAAAAAAAA").block())
        .isInstanceOfSatisfying(
            CalendlyException.PermissionDenied.class,
            e -> {
              assertThat(e.calendlyMessage()).isEqualTo("The owner cannot be removed");
              assertThat(e.mayHaveBeenPerformed()).isFalse();
            });
  }

  @Test
  void listInvitationsSendsTheFiltersAndReadsEveryField() {
    wm.stubFor(
        get(urlPathEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations"))
            .willReturn(okJson(fixture("organization-invitations.json"))));

    Page<OrganizationInvitation> page =
        client
            .organizations()
            .listInvitations(
                ORG,
                InvitationQuery.ALL
                    .withStatus(OrganizationInvitation.Status.PENDING)
                    .withEmail("new.hire@example.com")
                    .withSort("created_at:DESC"),
                PageRequest.first(2))
            .block();

    assertThat(page).isNotNull();
    assertThat(page.nextPageToken()).contains("INVPAGE2");
    OrganizationInvitation pending = page.collection().get(0);
    assertThat(pending.uri()).isEqualTo(URI.create(INVITATION));
    assertThat(pending.organization()).isEqualTo(URI.create(ORG));
    assertThat(pending.email()).isEqualTo("new.hire@example.com");
    assertThat(pending.status()).isEqualTo(OrganizationInvitation.Status.PENDING);
    assertThat(pending.createdAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(pending.updatedAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(pending.lastSentAt()).isEqualTo(Instant.parse("2026-11-02T10:00:00Z"));
    assertThat(pending.user()).isNull();
    OrganizationInvitation accepted = page.collection().get(1);
    assertThat(accepted.status()).isEqualTo(OrganizationInvitation.Status.ACCEPTED);
    assertThat(accepted.user()).isEqualTo(URI.create("https://api.calendly.com/users/DDDDDDDDDDDDDDDD"));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations"))
            .withQueryParam("status", equalTo("pending"))
            .withQueryParam("email", equalTo("new.hire@example.com"))
            .withQueryParam("sort", equalTo("created_at:desc"))
            .withQueryParam("count", equalTo("2"))
            .withQueryParam("page_token", absent()));
  }

  @Test
  void allInvitationsStopsOnTheLastPage() {
    wm.stubFor(
        get(urlPathEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations"))
            .withQueryParam("page_token", absent())
            .willReturn(okJson(fixture("organization-invitations.json"))));
    wm.stubFor(
        get(urlPathEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations"))
            .withQueryParam("page_token", equalTo("INVPAGE2"))
            .willReturn(okJson("{\"collection\":[],\"pagination\":{\"count\":0,\"next_page_token\":null}}")));

    List<OrganizationInvitation> all =
        client.organizations().listAllInvitations("ORGAAAAAAAAAAAAA", InvitationQuery.ALL).collectList().block();

    assertThat(all).extracting(OrganizationInvitation::email).containsExactly("new.hire@example.com", "joined@example.com");
    assertThat(wm.getAllServeEvents()).hasSize(2);
  }

  @Test
  void invitationQueriesRejectBadFiltersWhenBuilt() {
    assertThatThrownBy(() -> InvitationQuery.ALL.withSort("newest first"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sort");
    assertThatThrownBy(() -> InvitationQuery.ALL.withStatus(OrganizationInvitation.Status.UNKNOWN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("status");
    assertThatThrownBy(() -> InvitationQuery.ALL.withEmail("@"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("email");
  }

  @Test
  void inviteSendsTheEmailAndReadsTheCreatedInvitation() {
    wm.stubFor(
        post(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations"))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(fixture("organization-invitation.json"))));

    OrganizationInvitation invitation = client.organizations().invite(ORG, " new.hire@example.com ").block();

    assertThat(invitation).isNotNull();
    assertThat(invitation.status()).isEqualTo(OrganizationInvitation.Status.PENDING);
    wm.verify(
        postRequestedFor(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations"))
            .withRequestBody(equalToJson("{\"email\":\"new.hire@example.com\"}")));
  }

  @Test
  void inviteRejectsBadArgumentsBeforeSendingAnything() {
    assertThatThrownBy(() -> client.organizations().invite(ORG, "new hire").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("email must be an email address");
    assertThatThrownBy(() -> client.organizations().invite(null, "new.hire@example.com").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization is required");
    assertThatThrownBy(() -> client.organizations().listInvitations(ORG, null, PageRequest.FIRST).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query is required");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void inviteReportsAnExistingMemberAsBadRequest() {
    wm.stubFor(
        post(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"title\":\"Invalid Argument\",\"message\":\"The supplied parameters are invalid.\","
                            + "\"details\":[{\"parameter\":\"email\",\"message\":\"is already a member\"}]}")));

    assertThatThrownBy(() -> client.organizations().invite(ORG, "test@example.com").block())
        .isInstanceOf(CalendlyException.BadRequest.class)
        .hasMessageContaining("email: is already a member");
  }

  @Test
  void getInvitationTakesBothIdentifiersFromUris() {
    wm.stubFor(
        get(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations/INVITEAAAAAAAAAA"))
            .willReturn(okJson(fixture("organization-invitation.json"))));

    OrganizationInvitation invitation = client.organizations().getInvitation(ORG, INVITATION).block();

    assertThat(invitation).isNotNull();
    assertThat(invitation.uri()).isEqualTo(URI.create(INVITATION));
    assertThat(invitation.lastSentAt()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
  }

  @Test
  void revokeInvitationSendsDeleteAndCompletesOnNoContent() {
    wm.stubFor(
        delete(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations/INVITEAAAAAAAAAA"))
            .willReturn(aResponse().withStatus(204)));

    StepVerifier.create(client.organizations().revokeInvitation("ORGAAAAAAAAAAAAA", "INVITEAAAAAAAAAA"))
        .verifyComplete();

    wm.verify(deleteRequestedFor(urlEqualTo("/organizations/ORGAAAAAAAAAAAAA/invitations/INVITEAAAAAAAAAA")));
  }

  @Test
  void invitationCallsRejectMalformedIdentifiersBeforeSendingAnything() {
    assertThatThrownBy(() -> client.organizations().revokeInvitation(ORG, "not valid!").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invitation");
    assertThatThrownBy(() -> client.organizations().getInvitation("", "INVITEAAAAAAAAAA").block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization");
    assertThatThrownBy(() -> client.organizations().getMembership(null).block())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("membership");
    assertThat(wm.getAllServeEvents()).isEmpty();
  }
}
