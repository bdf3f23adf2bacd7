package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.MembershipQuery;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import dev.calendlymcp.calendly.model.User;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
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
 * <p>The cursor is this tool's own: Calendly's page token plus how many members of that page were
 * already returned, so a call that stops in the middle of a page resumes exactly there.
 */
final class MemberTools {

  static final int MAX_PAGES_SCANNED = 10;
  private static final int DEFAULT_COUNT = 20;
  private static final String CURSOR_PREFIX = "m1.";

  private MemberTools() {}

  /** Where reading resumes: a Calendly page (null for the first) and members of it to skip. */
  record Position(String pageToken, int skip) {

    String encode() {
      String raw = skip + ":" + (pageToken == null ? "" : pageToken);
      return CURSOR_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
      IllegalArgumentException invalid = new IllegalArgumentException(
          "cursor is not one list_members returned; pass next_cursor unchanged, with the same filters, or leave it out");
      if (!cursor.startsWith(CURSOR_PREFIX)) {
        throw invalid;
      }
      try {
        String raw = new String(Base64.getUrlDecoder().decode(cursor.substring(CURSOR_PREFIX.length())), StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        int skip = Integer.parseInt(raw.substring(0, colon));
        String token = raw.substring(colon + 1);
        if (skip < 0 || skip > PageRequest.MAX_COUNT) {
          throw invalid;
        }
        return new Position(token.isEmpty() ? null : token, skip);
      } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
        throw invalid;
      }
    }
  }

  static ToolDefinition listMembers() {
    return ToolDefinition.builder("list_members")
        .title("List members")
        .description(
            "Organization members with role and user URI, filtered by name or email. Use it to find a"
                + " colleague's user URI.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .input(
            Schema.object()
                .optional(
                    "organization",
                    Schema.string().maxLength(EventTypeTools.MAX_REFERENCE).description("URI or UUID; default: yours."))
                .optional(
                    "name",
                    Schema.string().minLength(1).maxLength(100).description("Part of the name."))
                .optional("email", Schema.string().format(Schema.EMAIL).maxLength(254).description("Exact email."))
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
                    Schema.listOf(Schema.shape()
                        .fields("name", "email", "role", "timezone", "user_uri", "scheduling_url", "membership_uri")))
                .fields("members_read", "next_cursor"))
        .handler(MemberTools::list)
        .build();
  }

  private static Mono<ToolResult> list(ToolArguments arguments, ToolContext context) {
    return Mono.defer(
        () -> {
          CalendlyClient client = context.calendly().client();
          int count = arguments.integer("count").orElse((long) DEFAULT_COUNT).intValue();
          List<String> nameWords = arguments.string("name").map(EventTypeMatcher::words).orElse(List.of());
          Optional<String> email = arguments.string("email").map(String::strip);
          Position start = arguments.string("cursor").filter(c -> !c.isBlank()).map(Position::decode).orElse(new Position(null, 0));
          Optional<String> organization = arguments.string("organization").map(String::strip).filter(s -> !s.isEmpty());
          return client.users().me()
              .flatMap(me -> {
                String org = organizationOf(me, organization);
                MembershipQuery query = MembershipQuery.ofOrganization(org);
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

  private static String organizationOf(User me, Optional<String> organization) {
    if (organization.isPresent()) {
      return EventTypeResolver.resourceUri(me, organization.get(), "organizations", "organization").toString();
    }
    if (me.currentOrganization() == null) {
      throw new IllegalArgumentException("the user belongs to no organization; pass organization");
    }
    return me.currentOrganization().toString();
  }

  /** The members taken and where the next call resumes (null when all were read). */
  private record Result(List<OrganizationMembership> members, int read, Position next) {}

  /** Reads pages from a position until enough members match, the list ends, or the page budget is spent. */
  private record Scan(CalendlyClient client, MembershipQuery query, int pageSize, int wanted, List<String> nameWords) {

    Mono<Result> from(Position position, int pagesRead, List<OrganizationMembership> taken, int read) {
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
              return Mono.just(new Result(taken, readNow, new Position(position.pageToken(), index)));
            }
            Position next = nextPage.map(token -> new Position(token, 0)).orElse(null);
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
      String name = member.user() == null ? "" : EventTypeMatcher.normalize(member.user().name());
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
    String next = result.next() == null ? null : result.next().encode();
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
