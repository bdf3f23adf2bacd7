package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.MembershipQuery;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import dev.calendlymcp.calendly.model.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code list_members}: the members of an organization, filtered by email (by Calendly) or by name
 * (here, since Calendly cannot). A name filter reads the member list page by page, so one call
 * reads at most {@link #MAX_PAGES_SCANNED} pages and hands back a cursor to read on from.
 *
 * <p>The cursor is this tool's own ({@link PageCursor}), so a call that stops in the middle of a
 * page resumes exactly there.
 */
final class MemberTools {

  static final int MAX_PAGES_SCANNED = 10;
  private static final int DEFAULT_COUNT = 20;
  private static final String CURSOR_PREFIX = "m1.";

  private MemberTools() {}

  static ToolDefinition listMembers() {
    return ToolDefinition.builder("list_members")
        .title("List members")
        .description(
            "Organization members with their role and user URI.")
        .toolset(Toolset.ORGANIZATION)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .optional(
                    "organization",
                    Schema.string().maxLength(Lookups.MAX_REFERENCE).description("URI or UUID; default: yours."))
                .optional(
                    "name",
                    Schema.string().minLength(1).maxLength(100).description("Part of the name."))
                .optional("email", Schema.string().format(Schema.EMAIL).description("Exact email."))
                .optional(
                    "count",
                    Schema.integer().minimum(1).maximum(PageRequest.MAX_COUNT).defaultValue(DEFAULT_COUNT)
                        .description("Page size."))
                .optional("cursor", Schema.string().maxLength(1000).description("A next_cursor."))
                .closed())
        .output(
            Schema.object()
                .field(
                    "members",
                    Schema.array(Schema.object()
                        .strings("name", "email", "role", "timezone", "user_uri", "scheduling_url", "membership_uri")))
                .integers("members_read")
                .strings("next_cursor"))
        .handler(MemberTools::list)
        .build();
  }

  private static Mono<ToolResult> list(ToolArguments arguments, ToolContext context) {
    return Mono.defer(
        () -> {
          CalendlyClient client = context.calendly().client();
          int count = arguments.integer("count").orElse((long) DEFAULT_COUNT).intValue();
          List<String> nameWords = arguments.string("name").map(NameMatcher::words).orElse(List.of());
          Optional<String> email = arguments.string("email").map(String::strip);
          PageCursor start = arguments.string("cursor").filter(c -> !c.isBlank())
              .map(c -> PageCursor.decode(c, CURSOR_PREFIX, "list_members")).orElse(PageCursor.FIRST);
          return References.organization(client, arguments, "organization")
              .flatMap(org -> {
                MembershipQuery query = MembershipQuery.ofOrganization(org.toString());
                if (email.isPresent()) {
                  query = query.withEmail(email.get());
                }
                // Without a name filter every member read is returned, so a page of count suffices.
                int pageSize = nameWords.isEmpty() ? count : PageRequest.MAX_COUNT;
                Scan scan = new Scan(client, query, pageSize, count, nameWords);
                return scan.from(start, 0, new ArrayList<>(), 0).map(MemberTools::render);
              });
        });
  }

  /** The members taken and where the next call resumes (null when all were read). */
  private record Result(List<OrganizationMembership> members, int read, PageCursor next) {}

  /** Reads pages from a position until enough members match, the list ends, or the page budget is spent. */
  private record Scan(CalendlyClient client, MembershipQuery query, int pageSize, int wanted, List<String> nameWords) {

    Mono<Result> from(PageCursor position, int pagesRead, List<OrganizationMembership> taken, int read) {
      return client.organizations()
          .listMemberships(query, new PageRequest(pageSize, position.pageToken()))
          .flatMap(page -> {
            List<OrganizationMembership> members = page.collection();
            int index = Math.min(position.skip(), members.size());
            int readNow = read;
            while (index < members.size() && taken.size() < wanted) {
              OrganizationMembership member = members.get(index++);
              readNow++;
              if (matches(member)) {
                taken.add(member);
              }
            }
            Optional<String> nextPage = page.nextPageToken();
            if (index < members.size()) {
              return Mono.just(new Result(taken, readNow, new PageCursor(position.pageToken(), index)));
            }
            PageCursor next = nextPage.map(token -> new PageCursor(token, 0)).orElse(null);
            if (next == null || taken.size() >= wanted || pagesRead + 1 >= MAX_PAGES_SCANNED) {
              return Mono.just(new Result(taken, readNow, next));
            }
            return from(next, pagesRead + 1, taken, readNow);
          });
    }

    private boolean matches(OrganizationMembership member) {
      if (nameWords.isEmpty()) {
        return true;
      }
      String name = member.user() == null ? "" : NameMatcher.normalize(member.user().name());
      return nameWords.stream().allMatch(name::contains);
    }
  }

  private static ToolResult render(Result result) {
    List<Map<String, Object>> members = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    text.append(result.members().size()).append(result.members().size() == 1 ? " member" : " members");
    text.append(result.members().isEmpty() ? " found." : ":");
    for (OrganizationMembership membership : result.members()) {
      User user = membership.user();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", user == null ? null : user.name());
      item.put("email", user == null ? null : user.email());
      item.put("role", membership.role() == null ? null : membership.role().name().toLowerCase(Locale.ROOT));
      item.put("timezone", user == null ? null : user.timezone());
      item.put("user_uri", user == null ? null : EventTypeTools.text(user.uri()));
      item.put("scheduling_url", user == null ? null : EventTypeTools.text(user.schedulingUrl()));
      item.put("membership_uri", EventTypeTools.text(membership.uri()));
      members.add(item);
      text.append("\n- ").append(item.get("name")).append(" <").append(item.get("email")).append(">, ")
          .append(item.get("role")).append(", ").append(item.get("timezone")).append(", URI ").append(item.get("user_uri"));
    }
    String next = result.next() == null ? null : result.next().encode(CURSOR_PREFIX);
    if (next != null) {
      text.append("\nRead ").append(result.read()).append(" members so far; more to read: pass next_cursor as cursor.");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("members", members);
    out.put("members_read", result.read());
    out.put("next_cursor", next);
    return new ToolResult(out, text.toString());
  }
}
