package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.RateLimitHeaders;
import dev.calendlymcp.calendly.model.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The default toolset: what an agent needs to schedule for its user. For now the entry point,
 * {@code whoami}; finding times, booking, cancelling and links join it here.
 */
public final class SchedulingTools {

  private SchedulingTools() {}

  public static List<ToolDefinition> definitions() {
    return List.of(whoami());
  }

  static ToolDefinition whoami() {
    return ToolDefinition.builder("whoami")
        .title("Who am I on Calendly")
        .description(
            "Get the Calendly user this server acts as: name, email, time zone, scheduling page,"
                + " and the user and organization URIs that other tools take as filters. Call it"
                + " first in a session, and whenever you need the user's URI or time zone to build"
                + " another call. Also reports how much of Calendly's rate limit is left when known.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .output(
            Schema.object()
                .required("name", Schema.string().description("The user's full name."))
                .required("email", Schema.string().description("The user's login email."))
                .required(
                    "timezone",
                    Schema.string()
                        .nullable()
                        .description("IANA time zone of the user, e.g. America/New_York; show times in it."))
                .required(
                    "time_notation",
                    Schema.string().nullable().description("How the user writes times: 12h or 24h."))
                .required(
                    "scheduling_url",
                    Schema.string()
                        .nullable()
                        .description("The user's public booking page, to share with people who want a meeting."))
                .required(
                    "user_uri",
                    Schema.string().description("The user's URI: the filter for event types and scheduled events."))
                .required(
                    "organization_uri",
                    Schema.string()
                        .nullable()
                        .description("The URI of the user's current organization: the filter for organization-wide lists."))
                .optional(
                    "rate_limit",
                    Schema.object()
                        .description("Calendly's rate budget as of its latest response; absent until one was seen.")
                        .optional("limit", Schema.integer().description("Requests allowed per window."))
                        .optional("remaining", Schema.integer().description("Requests left in this window."))
                        .optional(
                            "resets_in_seconds",
                            Schema.integer().description("Seconds until the window starts afresh."))))
        .handler((arguments, context) -> context.calendly().client().users().me().map(user -> render(user, context)))
        .build();
  }

  private static ToolResult render(User user, ToolContext context) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", user.name());
    out.put("email", user.email());
    out.put("timezone", user.timezone());
    out.put("time_notation", user.timeNotation());
    out.put("scheduling_url", text(user.schedulingUrl()));
    out.put("user_uri", text(user.uri()));
    out.put("organization_uri", text(user.currentOrganization()));
    Optional<Map<String, Object>> budget = context.calendly().rateLimit().flatMap(SchedulingTools::budget);
    budget.ifPresent(b -> out.put("rate_limit", b));

    StringBuilder text = new StringBuilder()
        .append("You act as ").append(user.name()).append(" <").append(user.email()).append(">");
    if (user.timezone() != null) {
      text.append(", time zone ").append(user.timezone());
    }
    text.append(".");
    if (user.schedulingUrl() != null) {
      text.append(" Booking page: ").append(user.schedulingUrl()).append(".");
    }
    text.append(" User URI: ").append(user.uri());
    if (user.currentOrganization() != null) {
      text.append("; organization URI: ").append(user.currentOrganization());
    }
    text.append(".");
    budget.ifPresent(b -> text.append(' ').append(describeBudget(b)));
    return new ToolResult(out, text.toString());
  }

  private static Optional<Map<String, Object>> budget(RateLimitHeaders headers) {
    Map<String, Object> out = new LinkedHashMap<>();
    headers.limit().ifPresent(limit -> out.put("limit", limit));
    headers.remaining().ifPresent(remaining -> out.put("remaining", remaining));
    headers.reset().ifPresent(reset -> out.put("resets_in_seconds", reset.toSeconds()));
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  private static String describeBudget(Map<String, Object> budget) {
    StringBuilder text = new StringBuilder("Rate limit: ");
    if (budget.containsKey("remaining")) {
      text.append(budget.get("remaining"));
      text.append(budget.containsKey("limit") ? " of " + budget.get("limit") : "").append(" requests left");
    } else {
      text.append(budget.get("limit") == null ? "unknown" : budget.get("limit") + " requests per window");
    }
    if (budget.containsKey("resets_in_seconds")) {
      text.append(", resets in ").append(budget.get("resets_in_seconds")).append(" s");
    }
    return text.append('.').toString();
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
