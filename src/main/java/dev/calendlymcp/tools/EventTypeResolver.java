package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyIds;
import dev.calendlymcp.calendly.EventTypeQuery;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.User;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Turns what a model passes as an event type (its URI, its UUID, or a name or slug, misspelt or
 * partial) into the event type. Names are looked up among the current user's own event types; an
 * ambiguous or unknown name fails with the candidates (name, slug, URI), so the model can retry
 * with the right one in a single step.
 */
final class EventTypeResolver {

  /** How many of the user's event types a name lookup reads at most; users have a handful. */
  static final int MAX_SCANNED = 300;
  /** How many candidates an error lists. */
  private static final int MAX_LISTED = 10;

  // Calendly's UUIDs: canonical UUIDs, and the 16-character upper-case form of older objects. A
  // slug such as "intro" is also a valid path segment, so anything else is read as a name.
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Z0-9]{16}");

  private EventTypeResolver() {}

  /**
   * @param reference a URI, UUID, name or slug
   * @param field the argument's name, for error messages
   */
  static Mono<EventType> resolve(CalendlyClient client, String reference, String field) {
    return Mono.defer(
        () -> {
          String value = reference == null ? "" : reference.strip();
          if (value.isEmpty()) {
            return Mono.error(new IllegalArgumentException(field + " is required: an event type URI, UUID or name"));
          }
          if (value.contains("/") || UUID.matcher(value).matches()) {
            return client.eventTypes().get(value);
          }
          return client.users().me()
              .flatMap(me -> client.eventTypes()
                  .listAll(EventTypeQuery.forUser(me.uri()), 100)
                  .take(MAX_SCANNED)
                  .collectList())
              .map(types -> pick(value, types, field));
        });
  }

  private static EventType pick(String name, List<EventType> types, String field) {
    EventTypeMatcher.Match match = EventTypeMatcher.match(name, types);
    if (match instanceof EventTypeMatcher.Found found) {
      return found.eventType();
    }
    String shown = name.length() > 80 ? name.substring(0, 80) + "…" : name;
    if (match instanceof EventTypeMatcher.Ambiguous ambiguous) {
      throw new IllegalArgumentException(
          field + " '" + shown + "' matches " + ambiguous.candidates().size() + " event types: "
              + list(ambiguous.candidates()) + ". Pass the URI of the one you mean as " + field);
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException(
          field + " '" + shown + "' names no event type: the user has none. Another member's event"
              + " types are found with list_event_types and passed by URI");
    }
    throw new IllegalArgumentException(
        field + " '" + shown + "' matches none of the user's event types, which are: " + list(types)
            + ". Pass one of these names or URIs as " + field + " (another member's event types are"
            + " found with list_event_types and passed by URI)");
  }

  /** {@code "30 Minute Meeting" (slug 30-minute-meeting, URI …)}, joined with semicolons. */
  static String list(List<EventType> types) {
    String listed =
        types.stream()
            .limit(MAX_LISTED)
            .map(type -> "\"" + type.name() + "\" (slug " + type.slug()
                + (Boolean.FALSE.equals(type.active()) ? ", inactive" : "") + ", URI " + type.uri() + ")")
            .collect(Collectors.joining("; "));
    return types.size() > MAX_LISTED ? listed + "; and " + (types.size() - MAX_LISTED) + " more" : listed;
  }

  /**
   * The URI of a user or organization given as a URI or a bare UUID; a UUID is placed on the same
   * API host as the current user's URI, which is where Calendly mints every URI.
   *
   * @param collection the path collection, e.g. {@code users} or {@code organizations}
   */
  static URI resourceUri(User me, String value, String collection, String field) {
    if (value.contains("/")) {
      return CalendlyIds.uri(value, field);
    }
    return me.uri().resolve("/" + collection + "/" + CalendlyIds.uuid(value, field));
  }
}
