package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolDefinition;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The question a person answers before an {@code ask} call runs, e.g. "Book 'Intro call' with
 * jane@example.com on Tue 25 Nov 15:00 CET?". Built from the call's arguments alone: looking things
 * up at Calendly first would make an upstream call for a write the person may still refuse.
 */
final class Confirmations {

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm zzz", Locale.ENGLISH);
  private static final int MAX_VALUE = 80;

  private Confirmations() {}

  static String question(ToolDefinition tool, Map<String, Object> arguments) {
    return switch (tool.name()) {
      case "book_meeting" -> "Book " + quoted(arguments.get("event_type")) + " with " + plain(arguments.get("invitee_email"))
          + " on " + when(arguments.get("start_time"), arguments.get("invitee_timezone")) + "?";
      case "reschedule_meeting" -> "Move meeting " + quoted(arguments.get("event")) + " to "
          + when(arguments.get("new_start_time"), null) + "? Its invitees are told.";
      case "cancel_event" -> "Cancel meeting " + quoted(arguments.get("event")) + "? Its invitees are told"
          + (arguments.get("reason") == null ? "." : ", with the reason " + quoted(arguments.get("reason")) + ".");
      case "create_booking_link" -> "Create a single-use booking link for " + quoted(arguments.get("event_type")) + "?";
      default -> "Allow the agent to " + lowerFirst(tool.title()) + " (" + tool.name() + ")"
          + (arguments.isEmpty() ? "" : " with " + summary(arguments)) + "?";
    };
  }

  private static String when(Object start, Object zone) {
    if (!(start instanceof String text)) {
      return "the chosen time";
    }
    try {
      OffsetDateTime at = OffsetDateTime.parse(text.strip());
      ZoneId in = zone instanceof String id && !id.isBlank() ? ZoneId.of(id.strip()) : ZoneOffset.UTC;
      return WHEN.format(at.atZoneSameInstant(in));
    } catch (DateTimeException e) {
      return plain(text);
    }
  }

  private static String summary(Map<String, Object> arguments) {
    StringBuilder out = new StringBuilder();
    arguments.forEach((name, value) -> {
      if (out.length() < 300) {
        out.append(out.length() == 0 ? "" : ", ").append(name).append(" ").append(quoted(value));
      }
    });
    return out.toString();
  }

  /** The last segment of a URI (what a person recognises), else the value, quoted and bounded. */
  private static String quoted(Object value) {
    return "'" + plain(value) + "'";
  }

  private static String plain(Object value) {
    if (value == null) {
      return "(not given)";
    }
    String text = String.valueOf(value).strip();
    if (text.startsWith("https://")) {
      text = text.substring(text.lastIndexOf('/') + 1);
    }
    text = text.replaceAll("\\p{C}", "");
    return text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) + "…" : text;
  }

  private static String lowerFirst(String title) {
    return title.isEmpty() ? title : Character.toLowerCase(title.charAt(0)) + title.substring(1);
  }
}
