package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Body;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.Invitation;
import dev.calendlymcp.sandbox.model.InvitationStatus;
import dev.calendlymcp.sandbox.model.Membership;
import dev.calendlymcp.sandbox.model.Organization;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.model.SandboxStore;
import dev.calendlymcp.sandbox.model.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The organization itself (get), and endpoints 17–23: organization memberships (list, get,
 * remove) and invitations (list, send, get, revoke). Listing an organization, removing members and all invitation calls need admin or
 * owner; the owner cannot be removed.
 */
public final class OrganizationsApi {

  private final ApiContext context;

  public OrganizationsApi(ApiContext context) {
    this.context = context;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/organization_memberships", "organizations:read", this::listMemberships);
    router.read("GET", "/organization_memberships/{uuid}", "organizations:read", this::getMembership);
    router.write("DELETE", "/organization_memberships/{uuid}", "organizations:write", this::removeMembership);
    router.read("GET", "/organizations/{uuid}", "organizations:read", this::getOrganization);
    router.read("GET", "/organizations/{uuid}/invitations", "organizations:read", this::listInvitations);
    router.write("POST", "/organizations/{uuid}/invitations", "organizations:write", this::invite);
    router.read(
        "GET", "/organizations/{org_uuid}/invitations/{uuid}", "organizations:read", this::getInvitation);
    router.write(
        "DELETE", "/organizations/{org_uuid}/invitations/{uuid}", "organizations:write", this::revokeInvitation);
  }

  private ApiResponse listMemberships(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Params params = context.params(request);
    String organization = params.uri("organization", "organizations");
    String user = params.uri("user", "users");
    if (!params.present("organization") && !params.present("user")) {
      params.problems().add("organization", "either organization or user is required");
      params.problems().add("user", "either organization or user is required");
    }
    String email = params.string("email");
    String role = params.oneOf("role", List.of("user", "admin", "owner"));
    Pagination.Sort<Membership> sort =
        Pagination.sort(params, "created_at:asc",
            Map.<String, Function<Membership, Object>>of(
                "created_at", m -> Pagination.instantKey(m.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();

    List<Membership> found = new ArrayList<>();
    if (organization != null) {
      Access.referencedOrganization(store, caller, organization);
      if (!caller.userUuid().equals(user)) {
        Access.requireAdmin(caller);
      }
      found.addAll(store.membershipsOf(organization));
    } else {
      Access.referencedUser(store, caller, user);
      Access.requireSelfOrAdmin(caller, user);
      store.membershipOfUser(user).ifPresent(found::add);
    }
    List<Membership> filtered =
        found.stream()
            .filter(m -> user == null || m.userUuid().equals(user))
            .filter(m -> role == null || m.role().wireName().equals(role))
            .filter(m -> email == null || store.user(m.userUuid())
                .map(u -> u.email().equalsIgnoreCase(email)).orElse(false))
            .toList();
    return Pagination.page(
        request, context.uris().base(), filtered, sort, Membership::uuid, page, context.views()::membership);
  }

  /**
   * {@code GET /organizations/{uuid}} (Calendly's Get Organization page, 2025-03-08): any member
   * reads their own organization; another organization, like an unknown one, is a 404.
   */
  private ApiResponse getOrganization(ApiRequest request) {
    String uuid = request.pathVariable("uuid");
    Organization organization = context.store().organization(uuid).orElseThrow(ApiException::notFound);
    if (!uuid.equals(request.caller().organizationUuid())) {
      throw ApiException.notFound();
    }
    return ApiResponse.resource(context.views().organization(organization));
  }

  private ApiResponse getMembership(ApiRequest request) {
    Membership membership = visibleMembership(request.caller(), request.pathVariable("uuid"));
    Access.requireSelfOrAdmin(request.caller(), membership.userUuid());
    return ApiResponse.resource(context.views().membership(membership));
  }

  private ApiResponse removeMembership(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    Membership membership = visibleMembership(caller, request.pathVariable("uuid"));
    Access.requireAdmin(caller);
    if (membership.role() == Role.OWNER) {
      throw ApiException.forbidden("The owner of an organization cannot be removed from it.");
    }
    Instant now = context.now();
    store.removeMembership(membership.uuid());
    // Like Calendly, a removed member keeps their account as a solo user in an organization of their own.
    User user = store.user(membership.userUuid()).orElseThrow();
    Organization personal = new Organization(context.ids().uuid(), user.name(), Plan.FREE, now);
    store.putOrganization(personal);
    store.putMembership(new Membership(context.ids().uuid(), user.uuid(), personal.uuid(), Role.OWNER, now, now));
    store.putUser(user.withOrganization(personal.uuid(), now));
    return ApiResponse.noContent();
  }

  private Membership visibleMembership(Caller caller, String uuid) {
    Membership membership = context.store().membership(uuid).orElseThrow(ApiException::notFound);
    if (!membership.organizationUuid().equals(caller.organizationUuid())) {
      throw ApiException.notFound();
    }
    return membership;
  }

  private ApiResponse listInvitations(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String status = params.oneOf("status", List.of("pending", "accepted", "declined", "revoked"));
    String email = params.string("email");
    Pagination.Sort<Invitation> sort =
        Pagination.sort(params, "created_at:asc",
            Map.<String, Function<Invitation, Object>>of(
                "created_at", i -> Pagination.instantKey(i.createdAt()),
                "email", i -> i.email().toLowerCase(Locale.ROOT)));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    String organization = request.pathVariable("uuid");
    Access.referencedOrganization(context.store(), caller, organization);
    Access.requireAdmin(caller);
    List<Invitation> filtered =
        context.store().invitationsOf(organization).stream()
            .filter(i -> status == null || i.status().wireName().equals(status))
            .filter(i -> email == null || i.email().equalsIgnoreCase(email))
            .toList();
    return Pagination.page(
        request, context.uris().base(), filtered, sort, Invitation::uuid, page, context.views()::invitation);
  }

  private ApiResponse invite(ApiRequest request) {
    Caller caller = request.caller();
    SandboxStore store = context.store();
    String organization = request.pathVariable("uuid");
    Body body = context.body(request);
    String email = body.requiredString("email", 254);
    if (email != null && !BookingApi.EMAIL.matcher(email).matches()) {
      body.problems().add("email", "must be a valid email address");
    }
    body.problems().throwIfAny();
    Access.referencedOrganization(store, caller, organization);
    Access.requireAdmin(caller);
    boolean member =
        store.userByEmail(email)
            .flatMap(u -> store.membershipOfUser(u.uuid()))
            .map(m -> m.organizationUuid().equals(organization))
            .orElse(false);
    if (member) {
      throw ApiException.invalid("email", "is already a member of the organization");
    }
    boolean pending =
        store.invitationsOf(organization).stream()
            .anyMatch(i -> i.status() == InvitationStatus.PENDING && i.email().equalsIgnoreCase(email));
    if (pending) {
      throw ApiException.invalid("email", "has already been invited to the organization");
    }
    Instant now = context.now();
    Invitation invitation =
        new Invitation(context.ids().uuid(), organization, email, InvitationStatus.PENDING, now, now, now, null);
    store.putInvitation(invitation);
    return ApiResponse.resource(201, context.views().invitation(invitation));
  }

  private ApiResponse getInvitation(ApiRequest request) {
    Invitation invitation = visibleInvitation(request);
    return ApiResponse.resource(context.views().invitation(invitation));
  }

  private ApiResponse revokeInvitation(ApiRequest request) {
    Invitation invitation = visibleInvitation(request);
    if (invitation.status() != InvitationStatus.PENDING) {
      throw ApiException.forbidden(
          "Only pending invitations can be revoked; this one is " + invitation.status().wireName() + ".");
    }
    context.store().putInvitation(invitation.revoked(context.now()));
    return ApiResponse.noContent();
  }

  private Invitation visibleInvitation(ApiRequest request) {
    Caller caller = request.caller();
    String organization = request.pathVariable("org_uuid");
    Access.referencedOrganization(context.store(), caller, organization);
    Access.requireAdmin(caller);
    return context.store().invitation(request.pathVariable("uuid"))
        .filter(i -> i.organizationUuid().equals(organization))
        .orElseThrow(ApiException::notFound);
  }
}
