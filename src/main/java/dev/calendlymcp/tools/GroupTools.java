package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.Group;
import dev.calendlymcp.calendly.model.GroupRelationship;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The {@code groups} toolset: the organization's groups (teams such as Sales) and, on request,
 * who is in each, from the group relationships; one tool, since both answer "who is in which
 * team".
 */
public final class GroupTools {

  /** Groups whose members one call reads; each costs a Calendly request. */
  static final int MAX_GROUPS_WITH_MEMBERS = 10;

  private GroupTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(listGroups());
  }

  static ToolDefinition listGroups() {
    return ToolDefinition.builder("list_groups")
        .title("Groups and their members")
        .description(
            "List the organization's groups (teams such as Sales) with their member counts; with"
                + " include_members, also who is a member or admin of each (first 10 groups, 100 people"
                + " each).")
        .toolset(Toolset.GROUPS)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("include_members", Schema.bool().defaultValue(false)
                .description("Also list each group's members and admins."))
            .optional("count", Lookups.count())
            .optional("cursor", Lookups.cursor())
            .closed())
        .output(Schema.object()
            .field("groups", Schema.array(Schema.object()
                .field("uri", Schema.string())
                .field("name", Schema.string().nullable())
                .field("member_count", Schema.integer().nullable())
                .field("people", Schema.array(Schema.object()
                    .field("name", Schema.string().nullable())
                    .field("email", Schema.string().nullable())
                    .field("role", Schema.string().description("member or admin of the group."))
                    .field("membership", Schema.string().nullable()
                        .description("The organization membership or invitation URI."))))))
            .field("next_cursor", Lookups.nextCursor()))
        .handler((arguments, context) -> {
          CalendlyClient client = context.calendly().client();
          boolean withMembers = arguments.bool("include_members").orElse(false);
          return client.users().me()
              .flatMap(me -> client.groups().list(me.currentOrganization(), Lookups.page(arguments)))
              .flatMap(page -> Flux.fromIterable(page.collection())
                  .index()
                  .concatMap(indexed -> withMembers && indexed.getT1() < MAX_GROUPS_WITH_MEMBERS
                      ? client.groups().relationships(null, indexed.getT2().uri(), null, PageRequest.first(100))
                          .map(people -> group(indexed.getT2(), people.collection()))
                      : Mono.just(group(indexed.getT2(), null)))
                  .collectList()
                  .map(groups -> {
                    StringBuilder text = new StringBuilder(groups.isEmpty() ? "The organization has no groups."
                        : groups.size() + (groups.size() == 1 ? " group:" : " groups:"));
                    for (Map<String, Object> group : groups) {
                      text.append("\n- ").append(group.get("name")).append(" (")
                          .append(group.get("member_count")).append(" members) ").append(group.get("uri"));
                      if (group.get("people") instanceof List<?> people) {
                        for (Object person : people) {
                          Map<?, ?> p = (Map<?, ?>) person;
                          text.append("\n    ").append(p.get("name")).append(" <").append(p.get("email"))
                              .append(">, ").append(p.get("role"));
                        }
                      }
                    }
                    page.nextPageToken().ifPresent(t -> text.append("\nMore groups: pass next_cursor as cursor."));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("groups", groups);
                    out.put("next_cursor", page.nextPageToken().orElse(null));
                    return new ToolResult(out, text.toString());
                  }))
              .transform(Lookups.onRefusal("Reading groups needs the groups:read scope; tell the user."));
        })
        .build();
  }

  private static Map<String, Object> group(Group group, List<GroupRelationship> people) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("uri", Lookups.text(group.uri()));
    out.put("name", group.name());
    out.put("member_count", group.memberCount());
    if (people != null) {
      out.put("people", people.stream().map(GroupTools::person).toList());
    }
    return out;
  }

  private static Map<String, Object> person(GroupRelationship relationship) {
    GroupRelationship.Owner owner = relationship.owner();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", owner == null || owner.user() == null ? null : owner.user().name());
    out.put("email", owner == null ? null : owner.user() != null ? owner.user().email() : owner.email());
    out.put("role", relationship.role() == null ? "member" : relationship.role());
    out.put("membership", owner == null ? null : Lookups.text(owner.uri()));
    return out;
  }
}
