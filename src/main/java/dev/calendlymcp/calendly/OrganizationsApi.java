package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.Organization;
import dev.calendlymcp.calendly.model.OrganizationInvitation;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Organizations: the organization itself, its members and invitations. Reading needs {@code
 * organizations:read}; removing members and sending or revoking invitations needs {@code
 * organizations:write} and an admin or owner role.
 */
public final class OrganizationsApi {

  private final RestCalls rest;

  OrganizationsApi(RestCalls rest) {
    this.rest = rest;
  }

  /**
   * {@code GET /organizations/{uuid}}: the organization, with its plan; takes its URI (e.g. a
   * user's {@code current_organization}) or UUID. The plan also tells the rate limiter which booking
   * windows the token's user has (Calendly shows a token only its own organization).
   */
  public Mono<Organization> get(String organizationUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(organizationUriOrUuid, "organization"))
        .flatMap(
            uuid ->
                rest.resource(
                    Endpoint.GET_ORGANIZATION, List.of(uuid), new OutboundRequest.Query(), Organization.class))
        .flatMap(organization -> rest.learnPlan(organization.plan(), organization.stage()).thenReturn(organization));
  }

  /** {@code GET /organization_memberships}: one page of memberships. */
  public Mono<Page<OrganizationMembership>> listMemberships(MembershipQuery query, PageRequest page) {
    return Mono.fromCallable(() -> required(query, "query").toQuery())
        .flatMap(
            q ->
                rest.page(
                    Endpoint.LIST_ORGANIZATION_MEMBERSHIPS, List.of(), q, page, OrganizationMembership.class));
  }

  /** Every membership matching {@code query}, fetched page by page as the subscriber asks. */
  public Flux<OrganizationMembership> listAllMemberships(MembershipQuery query) {
    return Mono.fromCallable(() -> required(query, "query"))
        .flatMapMany(
            q ->
                rest.all(
                    Endpoint.LIST_ORGANIZATION_MEMBERSHIPS,
                    List.of(),
                    q::toQuery,
                    PageRequest.MAX_COUNT,
                    OrganizationMembership.class));
  }

  /** {@code GET /organization_memberships/{uuid}}. */
  public Mono<OrganizationMembership> getMembership(String membershipUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(membershipUriOrUuid, "membership"))
        .flatMap(
            uuid ->
                rest.resource(
                    Endpoint.GET_ORGANIZATION_MEMBERSHIP,
                    List.of(uuid),
                    new OutboundRequest.Query(),
                    OrganizationMembership.class));
  }

  /**
   * {@code DELETE /organization_memberships/{uuid}}: removes the user from the organization. The
   * owner cannot be removed (Calendly answers 403).
   */
  public Mono<Void> removeMembership(String membershipUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(membershipUriOrUuid, "membership"))
        .flatMap(uuid -> rest.noContent(Endpoint.REMOVE_ORGANIZATION_MEMBERSHIP, List.of(uuid), null));
  }

  /** {@code GET /organizations/{uuid}/invitations}: one page of invitations. */
  public Mono<Page<OrganizationInvitation>> listInvitations(
      String organizationUriOrUuid, InvitationQuery query, PageRequest page) {
    return Mono.fromCallable(
            () ->
                new InvitationCall(
                    CalendlyIds.uuid(organizationUriOrUuid, "organization"), required(query, "query")))
        .flatMap(
            call ->
                rest.page(
                    Endpoint.LIST_ORGANIZATION_INVITATIONS,
                    List.of(call.organizationUuid()),
                    call.query().toQuery(),
                    page,
                    OrganizationInvitation.class));
  }

  /** Every invitation matching {@code query}, fetched page by page as the subscriber asks. */
  public Flux<OrganizationInvitation> listAllInvitations(String organizationUriOrUuid, InvitationQuery query) {
    return Mono.fromCallable(
            () ->
                new InvitationCall(
                    CalendlyIds.uuid(organizationUriOrUuid, "organization"), required(query, "query")))
        .flatMapMany(
            call ->
                rest.all(
                    Endpoint.LIST_ORGANIZATION_INVITATIONS,
                    List.of(call.organizationUuid()),
                    call.query()::toQuery,
                    PageRequest.MAX_COUNT,
                    OrganizationInvitation.class));
  }

  /**
   * {@code POST /organizations/{uuid}/invitations}: emails an invitation to join the
   * organization. Calendly answers 400 if the address is already a member or has a pending
   * invitation.
   */
  public Mono<OrganizationInvitation> invite(String organizationUriOrUuid, String email) {
    return Mono.fromCallable(
            () ->
                new InviteCall(
                    CalendlyIds.uuid(organizationUriOrUuid, "organization"),
                    new InviteBody(Arguments.email(email, "email"))))
        .flatMap(
            call ->
                rest.resource(
                    Endpoint.INVITE_USER_TO_ORGANIZATION,
                    List.of(call.organizationUuid()),
                    call.body(),
                    OrganizationInvitation.class));
  }

  /** {@code GET /organizations/{org_uuid}/invitations/{uuid}}. */
  public Mono<OrganizationInvitation> getInvitation(String organizationUriOrUuid, String invitationUriOrUuid) {
    return Mono.fromCallable(() -> invitationPath(organizationUriOrUuid, invitationUriOrUuid))
        .flatMap(
            path ->
                rest.resource(
                    Endpoint.GET_ORGANIZATION_INVITATION,
                    path,
                    new OutboundRequest.Query(),
                    OrganizationInvitation.class));
  }

  /** {@code DELETE /organizations/{org_uuid}/invitations/{uuid}}: revokes a pending invitation. */
  public Mono<Void> revokeInvitation(String organizationUriOrUuid, String invitationUriOrUuid) {
    return Mono.fromCallable(() -> invitationPath(organizationUriOrUuid, invitationUriOrUuid))
        .flatMap(path -> rest.noContent(Endpoint.REVOKE_ORGANIZATION_INVITATION, path, null));
  }

  private static List<String> invitationPath(String organization, String invitation) {
    return List.of(
        CalendlyIds.uuid(organization, "organization"), CalendlyIds.uuid(invitation, "invitation"));
  }

  private static <T> T required(T value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  private record InvitationCall(String organizationUuid, InvitationQuery query) {}

  private record InviteCall(String organizationUuid, InviteBody body) {}

  record InviteBody(String email) {}
}
