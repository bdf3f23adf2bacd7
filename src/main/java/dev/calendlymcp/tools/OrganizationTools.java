package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyIds;
import dev.calendlymcp.calendly.InvitationQuery;
import dev.calendlymcp.calendly.MembershipQuery;
import dev.calendlymcp.calendly.Page;
import dev.calendlymcp.calendly.model.OrganizationInvitation;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The {@code organization} toolset: members and invitations. Calendly lets only admins and owners
 * list the whole organization, remove members and send or revoke invitations, so every refusal
 * says who can do it instead.
 */
public final class OrganizationTools {

  private static final String ADMIN_ONLY =
      "Managing the organization needs an admin or owner role in Calendly: ask one of them to do"
          + " it, or to make this user an admin.";
  private static final String ORGANIZATION_ARGUMENT =
      "The organization's URI or UUID; leave out for your own organization.";

  private OrganizationTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(
        MemberTools.listMembers(),
        listMemberships(),
        getMembership(),
        removeMember(),
        listInvitations(),
        getInvitation(),
        inviteUser(),
        revokeInvitation());
  }

  // ---- memberships

  static ToolDefinition listMemberships() {
    return ToolDefinition.builder("list_memberships")
        .title("Organization memberships")
        .description(
            "List the members of your organization with their role, email and membership URI (what"
                + " the membership tools take). Filter by email or role; pass next_cursor back as cursor"
                + " for more.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("email", Schema.string().format(Schema.EMAIL).maxLength(254).description("Only the member with this email."))
            .optional("role", Schema.string().enumOf("user", "admin", "owner").description("Only members with this role."))
            .optional("organization", Lookups.reference(ORGANIZATION_ARGUMENT))
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .required("memberships", Schema.array(ResourceMaps.membershipSchema()).description("The members on this page."))
            .required("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          Mono<Page<OrganizationMembership>> page = References.organization(client, arguments, "organization")
              .flatMap(organization -> {
                MembershipQuery query = MembershipQuery.ofOrganization(organization.toString());
                Optional<String> email = arguments.string("email");
                if (email.isPresent()) {
                  query = query.withEmail(email.get());
                }
                Optional<String> role = arguments.string("role");
                if (role.isPresent()) {
                  query = query.withRole(OrganizationMembership.Role.valueOf(role.get().toUpperCase(Locale.ROOT)));
                }
                return client.organizations().listMemberships(query, Lookups.page(arguments));
              });
          return page.map(found -> ResourceMaps.page("memberships", found, ResourceMaps::membership, ResourceMaps::membershipLine))
              .transform(Lookups.onRefusal(ADMIN_ONLY));
        })
        .build();
  }

  static ToolDefinition getMembership() {
    return ToolDefinition.builder("get_membership")
        .title("Organization membership")
        .description(
            "Get one organization membership by URI or UUID (from list_memberships): the member's"
                + " role, name, email and time zone.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.read())
        .input(Schema.object()
            .required("membership", Lookups.reference("The membership's URI or UUID."))
            .closed())
        .output(ResourceMaps.membershipSchema())
        .handler((arguments, context) -> context.calendly().client().organizations()
            .getMembership(arguments.requiredString("membership"))
            .map(found -> new ToolResult(ResourceMaps.membership(found),
                ResourceMaps.membershipLine(found) + ". Membership URI: " + found.uri()))
            .transform(Lookups.onRefusal(ADMIN_ONLY)))
        .build();
  }

  static ToolDefinition removeMember() {
    return ToolDefinition.builder("remove_member")
        .title("Remove organization member")
        .description(
            "Remove a member from your organization by membership URI or UUID (from list_memberships);"
                + " they lose access to the organization's shared event types at once, and the owner"
                + " cannot be removed. Needs an admin or owner; confirm with the user first, as it cannot"
                + " be undone except by inviting them again.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.write(true, true))
        .input(Schema.object()
            .required("membership", Lookups.reference("The membership's URI or UUID (not the user's)."))
            .closed())
        .output(Schema.object()
            .required("removed", Schema.bool().description("Always true: the member was removed."))
            .required("membership", ResourceMaps.membershipSchema().description("Who was removed, as they were.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          String membership = arguments.requiredString("membership");
          // Read first: the result names who was removed, and a typo fails before anything changes.
          return client.organizations().getMembership(membership)
              .flatMap(found -> client.organizations().removeMembership(found.uri().toString())
                  .then(Mono.fromCallable(() -> {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("removed", true);
                    out.put("membership", ResourceMaps.membership(found));
                    return new ToolResult(out, "Removed " + ResourceMaps.membershipLine(found) + " from the organization.");
                  })))
              .transform(Lookups.onRefusal(
                  ADMIN_ONLY + " The organization's owner can never be removed."));
        })
        .build();
  }

  // ---- invitations

  static ToolDefinition listInvitations() {
    return ToolDefinition.builder("list_invitations")
        .title("Organization invitations")
        .description(
            "List the invitations to join your organization, newest last, filtered by status or"
                + " email; each has the URI the invitation tools take. Pass next_cursor back as cursor"
                + " for more.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("status", Schema.string().enumOf("pending", "accepted", "declined", "revoked")
                .description("Only invitations in this state."))
            .optional("email", Schema.string().format(Schema.EMAIL).maxLength(254).description("Only invitations sent to this email."))
            .optional("organization", Lookups.reference(ORGANIZATION_ARGUMENT))
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .required("invitations", Schema.array(ResourceMaps.invitationSchema()).description("The invitations on this page."))
            .required("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          Mono<Page<OrganizationInvitation>> page = References.organization(client, arguments, "organization")
              .flatMap(organization -> {
                InvitationQuery query = InvitationQuery.ALL;
                Optional<String> status = arguments.string("status");
                if (status.isPresent()) {
                  query = query.withStatus(OrganizationInvitation.Status.valueOf(status.get().toUpperCase(Locale.ROOT)));
                }
                Optional<String> email = arguments.string("email");
                if (email.isPresent()) {
                  query = query.withEmail(email.get());
                }
                return client.organizations().listInvitations(organization.toString(), query, Lookups.page(arguments));
              });
          return page.map(found -> ResourceMaps.page("invitations", found, ResourceMaps::invitation, ResourceMaps::invitationLine))
              .transform(Lookups.onRefusal(ADMIN_ONLY));
        })
        .build();
  }

  static ToolDefinition getInvitation() {
    return ToolDefinition.builder("get_invitation")
        .title("Organization invitation")
        .description(
            "Get one invitation to your organization by URI (from list_invitations), or by UUID:"
                + " who was invited, its status and when it was last sent.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.read())
        .input(invitationInput())
        .output(ResourceMaps.invitationSchema())
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return invitationOrganization(client, arguments)
              .flatMap(organization -> client.organizations()
                  .getInvitation(organization.toString(), arguments.requiredString("invitation")))
              .map(found -> new ToolResult(ResourceMaps.invitation(found),
                  "Invitation for " + ResourceMaps.invitationLine(found) + ". URI: " + found.uri()))
              .transform(Lookups.onRefusal(ADMIN_ONLY));
        })
        .build();
  }

  static ToolDefinition inviteUser() {
    return ToolDefinition.builder("invite_user")
        .title("Invite to organization")
        .description(
            "Email someone an invitation to join your organization (needs an admin or owner); they"
                + " become a member when they accept. Fails if the address is already a member or"
                + " has a pending invitation: check list_invitations or list_memberships first.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.write(false, false))
        .input(Schema.object()
            .required("email", Schema.string().format(Schema.EMAIL).maxLength(254).description("The address to invite."))
            .optional("organization", Lookups.reference(ORGANIZATION_ARGUMENT))
            .closed())
        .output(ResourceMaps.invitationSchema())
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          return References.organization(client, arguments, "organization")
              .flatMap(organization -> client.organizations()
                  .invite(organization.toString(), arguments.requiredString("email")))
              .map(created -> new ToolResult(ResourceMaps.invitation(created),
                  "Invited " + created.email() + "; the invitation is " + ResourceMaps.wire(created.status())
                      + ". URI: " + created.uri()))
              .transform(Lookups.onRefusal(ADMIN_ONLY));
        })
        .build();
  }

  static ToolDefinition revokeInvitation() {
    return ToolDefinition.builder("revoke_invitation")
        .title("Revoke invitation")
        .description(
            "Revoke a pending invitation to your organization (needs an admin or owner), so its link"
                + " no longer works; pass its URI from list_invitations, or its UUID. Accepted or"
                + " declined invitations cannot be revoked: use remove_member for someone who joined.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.write(true, true))
        .input(invitationInput())
        .output(Schema.object()
            .required("revoked", Schema.bool().description("Always true: the invitation was revoked."))
            .required("invitation_uri", Schema.string().description("The revoked invitation.")))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          String invitation = arguments.requiredString("invitation");
          return invitationOrganization(client, arguments)
              .flatMap(organization -> client.organizations()
                  .revokeInvitation(organization.toString(), invitation)
                  .then(Mono.fromCallable(() -> {
                    String uri = invitation.contains("/") ? invitation.strip()
                        : organization + "/invitations/" + CalendlyIds.uuid(invitation, "invitation");
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("revoked", true);
                    out.put("invitation_uri", uri);
                    return new ToolResult(out, "Revoked the invitation " + uri + ".");
                  })))
              .transform(Lookups.onRefusal(
                  ADMIN_ONLY + " Only pending invitations can be revoked; check its status with get_invitation."));
        })
        .build();
  }

  private static Schema invitationInput() {
    return Schema.object()
        .required("invitation", Lookups.reference(
            "The invitation's URI (…/organizations/ORG/invitations/UUID), or its UUID."))
        .optional("organization", Lookups.reference(
            "The organization's URI or UUID; only for an invitation UUID of another organization than yours."))
        .closed();
  }

  /** The organization an invitation belongs to: named in its URI, given, or the user's own. */
  private static Mono<URI> invitationOrganization(CalendlyClient client, ToolArguments arguments) {
    String invitation = arguments.requiredString("invitation").strip();
    if (invitation.contains("/")) {
      return Mono.fromCallable(() -> {
        URI uri = CalendlyIds.uri(invitation, "invitation");
        String path = uri.getPath();
        int at = path.indexOf("/invitations/");
        if (!path.startsWith("/organizations/") || at < 0) {
          throw new IllegalArgumentException(
              "invitation must be an invitation URI such as https://api.calendly.com/organizations/ORG/invitations/UUID, got "
                  + (invitation.length() > 120 ? invitation.substring(0, 120) + "…" : invitation));
        }
        return uri.resolve(path.substring(0, at));
      });
    }
    return References.organization(client, arguments, "organization");
  }
}
