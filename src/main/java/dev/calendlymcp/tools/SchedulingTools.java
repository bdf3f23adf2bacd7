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
    return List.copyOf(tools);
  }

  static ToolDefinition whoami() {
    return ToolDefinition.builder("whoami")
        .title("Who am I")
        .description(
            "Your Calendly user: name, time zone, booking page, rate budget, user and organization URIs.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .output(
            Schema.object()
                .strings("name", "email", "timezone", "time_notation", "scheduling_url", "user_uri", "organization_uri")
                .field("scopes", Schema.array(Schema.string()))
                .field(
                    "rate_limit",
                    Schema.object()
                        .integers("limit")
                        .field("limit_source", Schema.string().enumOf("calendly", "default"))
                        .integers("remaining", "resets_in_seconds", "paused_for_seconds", "queued_calls")))
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
