package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.model.User;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
    List<ToolDefinition> tools = new ArrayList<>();
    tools.add(whoami());
    tools.add(EventTypeTools.listEventTypes());
    tools.add(EventTypeTools.getEventType());
    tools.add(new FindTimesTool(new AvailabilitySpans()).definition());
    BookingTools booking = new BookingTools(new Bookings(Bookings.Settings.defaults()));
    MeetingTools meetings = new MeetingTools();
    tools.add(booking.bookMeeting());
    tools.add(meetings.listScheduledEvents());
    tools.add(meetings.getScheduledEvent());
    tools.add(booking.rescheduleMeeting());
    tools.add(meetings.cancelEvent());
    tools.add(EventTypeTools.createBookingLink());
    tools.add(MemberTools.listMembers());
    return List.copyOf(tools);
  }

  static ToolDefinition whoami() {
    return ToolDefinition.builder("whoami")
        .title("Who am I on Calendly")
        .description(
            "Get the Calendly user this server acts as: name, email, time zone, scheduling page,"
                + " and the user and organization URIs that other tools take as filters. Call it"
                + " first in a session, and whenever you need the user's URI or time zone to build"
                + " another call. Also reports how much of Calendly's rate limit is left.")
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
                    "scopes",
                    Schema.array(Schema.string())
                        .description("The token's scopes, when known; a personal access token's are not visible."))
                .optional(
                    "rate_limit",
                    Schema.object()
                        .description("The user's Calendly rate budget as this server tracks it.")
                        .required("limit", Schema.integer().description("Requests allowed per window."))
                        .required(
                            "limit_source",
                            Schema.string()
                                .enumOf("calendly", "default")
                                .description("Whether Calendly reported the limit or it is the assumed default."))
                        .required("remaining", Schema.integer().description("Requests that may still start in this window."))
                        .optional(
                            "resets_in_seconds",
                            Schema.integer().description("Seconds until the window starts afresh; absent when none is running."))
                        .optional(
                            "paused_for_seconds",
                            Schema.integer().description("Seconds Calendly asked to wait after a 429, if such a pause runs."))
                        .required("queued_calls", Schema.integer().description("Calls waiting for the budget."))))
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
    context.calendly().scopes().ifPresent(scopes -> out.put("scopes", scopes));
    Optional<BudgetSnapshot> budget = context.calendly().rateBudget();
    budget.ifPresent(b -> out.put("rate_limit", budget(b)));

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
    context.calendly().scopes().ifPresent(scopes -> text.append(" Scopes: ").append(String.join(", ", scopes)).append('.'));
    budget.ifPresent(b -> text.append(" R").append(b.summary().substring(1)).append('.'));
    return new ToolResult(out, text.toString());
  }

  private static Map<String, Object> budget(BudgetSnapshot snapshot) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("limit", snapshot.limit());
    out.put("limit_source", snapshot.limitLearned() ? "calendly" : "default");
    out.put("remaining", snapshot.remaining());
    snapshot.resetsAt().ifPresent(at -> out.put("resets_in_seconds", secondsUntil(snapshot, at)));
    snapshot.pausedUntil().ifPresent(at -> out.put("paused_for_seconds", secondsUntil(snapshot, at)));
    out.put("queued_calls", snapshot.queued());
    return out;
  }

  private static long secondsUntil(BudgetSnapshot snapshot, Instant at) {
    long millis = Duration.between(snapshot.takenAt(), at).toMillis();
    return Math.max(0, (millis + 999) / 1000);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
