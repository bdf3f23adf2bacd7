package dev.calendlymcp.cli;

import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's scripted scheduling conversation, played through an MCP client the way an agent
 * would: whoami, list_event_types, find_available_times over the next 30 days, book_meeting,
 * reschedule_meeting, cancel_event. Each call is printed with its arguments and the text the
 * server answered; the next call's arguments come from the previous call's structured content.
 */
final class DemoConversation {

  static final int STEPS = 6;
  static final String INVITEE_NAME = "Robin Demo";
  static final String INVITEE_EMAIL = "robin.demo@example.org";

  // Enough of a result to see what the server said without a screenful of URIs.
  private static final int MAX_LINES = 14;
  private static final int WIDTH = 100;
  private static final String INDENT = "      ";
  private static final String CONTINUATION = "  ";

  private final McpSyncClient client;
  private final PrintWriter out;
  private final JsonMapper json;
  private final Clock clock;
  private int step;

  DemoConversation(McpSyncClient client, PrintWriter out, JsonMapper json, Clock clock) {
    this.client = client;
    this.out = out;
    this.json = json;
    this.clock = clock;
  }

  /** @throws DemoFailure naming the step that failed and why */
  void run() {
    try {
      converse();
    } catch (DemoFailure e) {
      throw new DemoFailure("step " + step + " of " + STEPS + ": " + e.getMessage(), e);
    }
  }

  private void converse() {
    Map<?, ?> me = call("whoami", Map.of());

    Map<String, Object> listing = new LinkedHashMap<>();
    listing.put("active", true);
    Map<?, ?> types = call("list_event_types", listing);
    Map<?, ?> type = list("list_event_types", types, "event_types").stream()
        .map(t -> map("list_event_types", t))
        .filter(t -> "solo".equals(t.get("kind")) && Boolean.FALSE.equals(t.get("one_off")))
        .findFirst()
        .orElseThrow(() -> new DemoFailure("list_event_types: the user has no active one-on-one event type to book"));
    String typeUri = string("list_event_types", type, "uri");

    // Fifteen minutes ahead, so that the start is not in the past by the time the booking reaches
    // the server: a minute was not enough on a loaded machine ("start_time must be in the future").
    Instant from = clock.instant().plus(Duration.ofMinutes(15)).truncatedTo(ChronoUnit.MINUTES);
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("event_type", typeUri);
    search.put("start_time", from.toString());
    search.put("end_time", from.plus(Duration.ofDays(30)).toString());
    if (me.get("timezone") instanceof String zone) {
      search.put("timezone", zone);
    }
    search.put("max_results", 5);
    List<?> slots = list("find_available_times", call("find_available_times", search), "slots");
    if (slots.size() < 2) {
      throw new DemoFailure("find_available_times found " + slots.size() + " open times; the demo needs two");
    }
    String first = string("find_available_times", map("find_available_times", slots.get(0)), "start_time");
    String second = string("find_available_times", map("find_available_times", slots.get(1)), "start_time");

    Map<String, Object> booking = new LinkedHashMap<>();
    booking.put("event_type", typeUri);
    booking.put("start_time", first);
    booking.put("invitee_name", INVITEE_NAME);
    booking.put("invitee_email", INVITEE_EMAIL);
    booking.put("invitee_timezone", "Europe/London");
    String booked = string("book_meeting", call("book_meeting", booking), "event_uri");

    Map<String, Object> move = new LinkedHashMap<>();
    move.put("event", booked);
    move.put("new_start_time", second);
    move.put("reason", "Robin asked for the next free time");
    Map<?, ?> moved = call("reschedule_meeting", move);
    if (!"rescheduled".equals(moved.get("status"))) {
      Object why = map("reschedule_meeting", moved.get("old_event")).get("error");
      throw new DemoFailure("reschedule_meeting booked the new time but the old meeting is still on: " + why);
    }
    String rebooked = string("reschedule_meeting", map("reschedule_meeting", moved.get("new_booking")), "event_uri");

    Map<String, Object> cancel = new LinkedHashMap<>();
    cancel.put("event", rebooked);
    cancel.put("reason", "The demo is over");
    Map<?, ?> canceled = call("cancel_event", cancel);
    if (!"canceled".equals(canceled.get("status"))) {
      throw new DemoFailure("cancel_event answered but the meeting is still " + canceled.get("status"));
    }
  }

  /** Calls one tool, prints the exchange, and returns the structured content of a successful result. */
  private Map<?, ?> call(String tool, Map<String, Object> arguments) {
    step++;
    out.printf("[%d/%d] %s %s%n", step, STEPS, tool, json.writeValueAsString(arguments));
    out.flush();
    CallToolResult result;
    try {
      result = client.callTool(CallToolRequest.builder(tool).arguments(arguments).build());
    } catch (McpError e) {
      throw new DemoFailure(tool + " was refused by the server: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new DemoFailure(tool + " got no answer: " + McpError.aggregateExceptionMessages(e), e);
    }
    String text = text(result);
    out.println(trimmed(text));
    out.println();
    out.flush();
    if (Boolean.TRUE.equals(result.isError())) {
      throw new DemoFailure(tool + " answered with an error: " + text.lines().findFirst().orElse("(no text)"));
    }
    if (!(result.structuredContent() instanceof Map<?, ?> structured)) {
      throw new DemoFailure(tool + " answered without structured content");
    }
    return structured;
  }

  private static String text(CallToolResult result) {
    return result.content().stream()
        .filter(TextContent.class::isInstance)
        .map(c -> ((TextContent) c).text())
        .collect(Collectors.joining("\n"));
  }

  /**
   * The text indented under its call, long lines wrapped at spaces, and at most a screenful: a
   * listing says enough in its first lines.
   */
  static String trimmed(String text) {
    List<String> lines = new ArrayList<>();
    text.strip().lines().forEach(line -> lines.addAll(wrapped(line)));
    StringBuilder shown = new StringBuilder();
    lines.stream().limit(MAX_LINES).forEach(line -> shown.append(INDENT).append(line).append('\n'));
    if (lines.size() > MAX_LINES) {
      shown.append(INDENT).append("… ").append(lines.size() - MAX_LINES).append(" more lines\n");
    }
    return shown.toString().stripTrailing();
  }

  private static List<String> wrapped(String line) {
    List<String> pieces = new ArrayList<>();
    String rest = line;
    int width = WIDTH;
    while (rest.length() > width) {
      int cut = rest.lastIndexOf(' ', width);
      if (cut <= 0) {
        // A URI longer than the width stays whole: a broken one could not be copied.
        cut = rest.indexOf(' ', width);
        if (cut < 0) {
          break;
        }
      }
      pieces.add(pieces.isEmpty() ? rest.substring(0, cut) : CONTINUATION + rest.substring(0, cut));
      rest = rest.substring(cut).strip();
      width = WIDTH - CONTINUATION.length();
    }
    pieces.add(pieces.isEmpty() ? rest : CONTINUATION + rest);
    return pieces;
  }

  private static String string(String tool, Map<?, ?> map, String key) {
    if (map.get(key) instanceof String value) {
      return value;
    }
    throw new DemoFailure(tool + " answered without " + key);
  }

  private static Map<?, ?> map(String tool, Object value) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new DemoFailure(tool + " answered with " + value + " where an object was expected");
  }

  private static List<?> list(String tool, Map<?, ?> map, String key) {
    if (map.get(key) instanceof List<?> value) {
      return value;
    }
    throw new DemoFailure(tool + " answered without " + key);
  }

  /** Why the conversation stopped; the message names the tool and what went wrong. */
  static final class DemoFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DemoFailure(String message) {
      super(message);
    }

    DemoFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
