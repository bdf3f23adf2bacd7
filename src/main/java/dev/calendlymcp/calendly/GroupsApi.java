package dev.calendlymcp.calendly;

import dev.calendlymcp.calendly.model.Group;
import dev.calendlymcp.calendly.model.GroupRelationship;
import java.net.URI;
import java.util.List;
import reactor.core.publisher.Mono;

/** Groups of an organization and who is member or admin of them ({@code groups:read}). */
public final class GroupsApi {

  private final RestCalls rest;

  GroupsApi(RestCalls rest) {
    this.rest = rest;
  }

  /** {@code GET /groups}: one page of the organization's groups. */
  public Mono<Page<Group>> list(URI organization, PageRequest page) {
    return Mono.fromCallable(() -> new OutboundRequest.Query()
            .add("organization", Arguments.uri(organization, "organization")))
        .flatMap(q -> rest.page(Endpoint.LIST_GROUPS, List.of(), q, page, Group.class));
  }

  /** {@code GET /groups/{uuid}}. */
  public Mono<Group> get(String groupUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(groupUriOrUuid, "group"))
        .flatMap(uuid -> rest.resource(Endpoint.GET_GROUP, List.of(uuid), new OutboundRequest.Query(), Group.class));
  }

  /**
   * {@code GET /group_relationships}: one page of relationships, filtered by any of organization,
   * group and owner (a membership or invitation URI); at least one must be given.
   */
  public Mono<Page<GroupRelationship>> relationships(URI organization, URI group, URI owner, PageRequest page) {
    return Mono.fromCallable(() -> {
          if (organization == null && group == null && owner == null) {
            throw new IllegalArgumentException("relationships need an organization, group or owner filter");
          }
          return new OutboundRequest.Query()
              .add("organization", Arguments.optionalUri(organization, "organization"))
              .add("group", Arguments.optionalUri(group, "group"))
              .add("owner", Arguments.optionalUri(owner, "owner"));
        })
        .flatMap(q -> rest.page(Endpoint.LIST_GROUP_RELATIONSHIPS, List.of(), q, page, GroupRelationship.class));
  }

  /** {@code GET /group_relationships/{uuid}}. */
  public Mono<GroupRelationship> relationship(String relationshipUriOrUuid) {
    return Mono.fromCallable(() -> CalendlyIds.uuid(relationshipUriOrUuid, "relationship"))
        .flatMap(uuid -> rest.resource(
            Endpoint.GET_GROUP_RELATIONSHIP, List.of(uuid), new OutboundRequest.Query(), GroupRelationship.class));
  }
}
