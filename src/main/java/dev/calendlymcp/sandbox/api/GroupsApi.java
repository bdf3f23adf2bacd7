package dev.calendlymcp.sandbox.api;

import dev.calendlymcp.sandbox.auth.Caller;
import dev.calendlymcp.sandbox.http.ApiException;
import dev.calendlymcp.sandbox.http.ApiRequest;
import dev.calendlymcp.sandbox.http.ApiResponse;
import dev.calendlymcp.sandbox.http.Json;
import dev.calendlymcp.sandbox.http.Pagination;
import dev.calendlymcp.sandbox.http.Params;
import dev.calendlymcp.sandbox.http.Router;
import dev.calendlymcp.sandbox.model.ExtraStore;
import dev.calendlymcp.sandbox.model.Membership;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.node.ObjectNode;

/**
 * Groups and group relationships, read only. Calendly's pages name no role for them, so every
 * member of the organization may read its groups; other organizations' are invisible.
 */
public final class GroupsApi {

  private final ApiContext context;
  private final ExtraStore extras;

  public GroupsApi(ApiContext context, ExtraStore extras) {
    this.context = context;
    this.extras = extras;
  }

  /** Registers the routes. */
  public void register(Router router) {
    router.read("GET", "/groups", "groups:read", this::listGroups);
    router.read("GET", "/groups/{uuid}", "groups:read", this::getGroup);
    router.read("GET", "/group_relationships", "groups:read", this::listRelationships);
    router.read("GET", "/group_relationships/{uuid}", "groups:read", this::getRelationship);
  }

  private ApiResponse listGroups(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String organization = params.requiredUri("organization", "organizations");
    Pagination.Sort<ExtraStore.Group> sort = Pagination.sort(params, "name:asc",
        Map.<String, Function<ExtraStore.Group, Object>>of("name", ExtraStore.Group::name));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    Access.referencedOrganization(context.store(), caller, organization);
    return Pagination.page(request, context.uris().base(), extras.groupsOf(organization), sort,
        ExtraStore.Group::uuid, page, this::group);
  }

  private ApiResponse getGroup(ApiRequest request) {
    ExtraStore.Group group = extras.group(request.pathVariable("uuid"))
        .filter(g -> g.organizationUuid().equals(request.caller().organizationUuid()))
        .orElseThrow(ApiException::notFound);
    return ApiResponse.resource(group(group));
  }

  private ApiResponse listRelationships(ApiRequest request) {
    Caller caller = request.caller();
    Params params = context.params(request);
    String organization = params.uri("organization", "organizations");
    String group = params.uri("group", "groups");
    String owner = params.uri("owner", "organization_memberships");
    if (!params.present("organization") && !params.present("group") && !params.present("owner")) {
      params.problems().add("organization", "is required when neither group nor owner is given");
    }
    Pagination.Sort<ExtraStore.GroupRelationship> sort = Pagination.sort(params, "created_at:asc",
        Map.<String, Function<ExtraStore.GroupRelationship, Object>>of(
            "created_at", r -> Pagination.instantKey(r.createdAt())));
    Pagination.PageRequest page = Pagination.request(request, params);
    params.problems().throwIfAny();
    if (organization != null) {
      Access.referencedOrganization(context.store(), caller, organization);
    }
    if (group != null) {
      ExtraStore.Group found = extras.group(group).orElseThrow(ApiException::notFound);
      if (!found.organizationUuid().equals(caller.organizationUuid())) {
        throw ApiException.forbidden();
      }
    }
    if (owner != null) {
      Membership membership = context.store().membership(owner).orElseThrow(ApiException::notFound);
      if (!membership.organizationUuid().equals(caller.organizationUuid())) {
        throw ApiException.forbidden();
      }
    }
    List<ExtraStore.GroupRelationship> found = extras.relationships().stream()
        .filter(r -> r.organizationUuid().equals(caller.organizationUuid()))
        .filter(r -> group == null || r.groupUuid().equals(group))
        .filter(r -> owner == null || r.membershipUuid().equals(owner))
        .toList();
    return Pagination.page(request, context.uris().base(), found, sort,
        ExtraStore.GroupRelationship::uuid, page, this::relationship);
  }

  private ApiResponse getRelationship(ApiRequest request) {
    ExtraStore.GroupRelationship relationship = extras.relationship(request.pathVariable("uuid"))
        .filter(r -> r.organizationUuid().equals(request.caller().organizationUuid()))
        .orElseThrow(ApiException::notFound);
    return ApiResponse.resource(relationship(relationship));
  }

  private ObjectNode group(ExtraStore.Group group) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/groups/" + group.uuid());
    node.put("name", group.name());
    node.put("organization", context.uris().organization(group.organizationUuid()));
    node.put("member_count", extras.relationships().stream()
        .filter(r -> r.groupUuid().equals(group.uuid()) && r.role().equals("member")).count());
    node.put("created_at", Json.timestamp(group.createdAt()));
    node.put("updated_at", Json.timestamp(group.createdAt()));
    return node;
  }

  private ObjectNode relationship(ExtraStore.GroupRelationship relationship) {
    ObjectNode node = Json.object();
    node.put("uri", context.uris().base() + "/group_relationships/" + relationship.uuid());
    node.put("role", relationship.role());
    node.set("owner", context.store().membership(relationship.membershipUuid())
        .map(context.views()::membership).orElseGet(Json::object));
    node.put("organization", context.uris().organization(relationship.organizationUuid()));
    node.put("group", context.uris().base() + "/groups/" + relationship.groupUuid());
    node.put("created_at", Json.timestamp(relationship.createdAt()));
    node.put("updated_at", Json.timestamp(relationship.createdAt()));
    return node;
  }
}
