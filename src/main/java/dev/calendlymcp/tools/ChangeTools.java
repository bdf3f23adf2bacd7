package dev.calendlymcp.tools;

import dev.calendlymcp.changes.AccountChanges;
import dev.calendlymcp.changes.Change;
import dev.calendlymcp.changes.ChangeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code recent_changes} (the {@code changes} toolset): what changed in the user's calendar since a cursor, for clients that do
 * not subscribe to resources. It reads the server's change feed (from webhooks or polling), so it
 * costs no Calendly call.
 */
final class ChangeTools {

  static final int DEFAULT_LIMIT = 50;

  private ChangeTools() {}

  static ToolDefinition recentChanges() {
    return ToolDefinition.builder("recent_changes")
        .title("Recent calendar changes")
        .description(
            "Bookings, cancellations and reschedules in your calendar since a cursor, oldest first; a"
                + " reschedule is one change linking the old and new booking. Call it without cursor"
                + " first, keep next_cursor, and pass it next time to get only what is new.")
        .toolset(Toolset.CHANGES)
        .hints(ToolHints.read())
        .input(Schema.object()
            .optional("cursor", Schema.string().minLength(1).maxLength(40)
                .description("A next_cursor from an earlier call; leave out for every change still kept."))
            .optional("limit", Schema.integer().minimum(1).maximum(100).description("At most this many; default 50."))
            .closed())
        .output(Schema.object()
            .field("changes", Schema.array(Schema.object()
                .field("cursor", Schema.string())
                .field("kind", Schema.string().enumOf(Arrays.stream(ChangeKind.values()).map(ChangeKind::wireName).toArray(String[]::new)))
                .field("at", Schema.string())
                .field("event_uri", Schema.string().description("The event, or the event type for event_type_changed."))
                .field("old_invitee", Schema.string().nullable())
                .field("new_invitee", Schema.string().nullable())
                .field("new_event_uri", Schema.string().nullable())))
            .field("next_cursor", Schema.string())
            .field("more", Schema.bool()))
        .handler((arguments, context) -> Mono.fromCallable(() -> read(arguments, context)))
        .build();
  }

  private static ToolResult read(ToolArguments arguments, ToolContext context) {
    long cursor = arguments.string("cursor").map(ChangeTools::cursor).orElse(0L);
    int limit = arguments.integer("limit").map(Long::intValue).orElse(DEFAULT_LIMIT);
    Optional<AccountChanges> feed = context.calendly().changes();
    if (feed.isEmpty()) {
      throw new ToolFailure("This server keeps no change feed. Use list_scheduled_events to see your meetings instead.");
    }
    List<Change> changes = feed.get().since(cursor, limit + 1);
    boolean more = changes.size() > limit;
    List<Change> shown = more ? changes.subList(0, limit) : changes;
    long next = shown.isEmpty() ? Math.max(cursor, 0) : shown.get(shown.size() - 1).cursor();
    List<Map<String, Object>> items = new ArrayList<>();
    StringBuilder text = new StringBuilder(shown.isEmpty()
        ? "No changes since that cursor."
        : shown.size() + (shown.size() == 1 ? " change:" : " changes:"));
    for (Change change : shown) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("cursor", Long.toString(change.cursor()));
      item.put("kind", change.kind().wireName());
      item.put("at", change.at().toString());
      item.put("event_uri", change.subjectUri());
      item.put("old_invitee", change.oldInviteeUri().orElse(null));
      item.put("new_invitee", change.newInviteeUri().orElse(null));
      item.put("new_event_uri", change.newEventUri().orElse(null));
      items.add(item);
      text.append("\n- ").append(change.at()).append(' ').append(change.kind().wireName()).append(": ")
          .append(change.subjectUri())
          .append(change.newEventUri().map(uri -> " -> " + uri).orElse(""));
    }
    text.append(more ? "\nMore changes: call again with cursor " : "\nNext time pass cursor ").append(next).append('.');
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("changes", items);
    out.put("next_cursor", Long.toString(next));
    out.put("more", more);
    return new ToolResult(out, text.toString());
  }

  private static long cursor(String value) {
    try {
      long cursor = Long.parseLong(value.strip());
      if (cursor >= 0) {
        return cursor;
      }
    } catch (NumberFormatException e) {
      // Falls through to the message that names the field.
    }
    throw new IllegalArgumentException(
        "cursor must be a next_cursor from an earlier recent_changes call (digits), got '"
            + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'. Leave it out to start over.");
  }
}
