package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyIds;
import dev.calendlymcp.calendly.EventTypeQuery;
import dev.calendlymcp.calendly.MembershipQuery;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.OrganizationMembership;
import dev.calendlymcp.calendly.model.User;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * The one rule every tool follows for what a model may pass to name something. Every Calendly
 * object can be given by its URI or its UUID; where a model is likely to have a human name instead,
 * the name works too:
 *
 * <ul>
 *   <li>an event type: its URI, UUID, or name or slug among the current user's event types;
 *   <li>a user: URI, UUID, {@code me}, an email, or the name of a member of the user's organization;
 *   <li>an organization: URI or UUID; left out, the user's own.
 * </ul>
 *
 * Names match as {@link NameMatcher} reads them (exact, every word, a typo or two); an ambiguous or
 * unknown name fails with the candidates, so the model retries with the right one in one step. An
 * organization's UUID is placed on the API host of the current user's URI, which is where Calendly
 * mints every URI; a user's UUID is read from Calendly (a cached request), which proves it exists.
 */
final class References {

  /** How many of the user's event types a name lookup reads at most; users have a handful. */
  static final int MAX_EVENT_TYPES_SCANNED = 300;
  /** How many organization members a name lookup reads at most (five pages). */
  static final int MAX_MEMBERS_SCANNED = 500;
  /** How many candidates an error lists. */
  private static final int MAX_LISTED = 10;

  // Calendly's UUIDs: canonical UUIDs, and the 16-character upper-case form of older objects. A
  // slug such as "intro" or a name such as "ana" is also a valid path segment, so anything else is
  // read as a name.
  private static final Pattern UUID =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Z0-9]{16}");

  private References() {}

  // ---- arguments, described once

  /** An event type argument; how names match is told by get_event_type's description and by the error. */
  static Schema eventTypeArgument() {
    return Schema.string().minLength(1).maxLength(Lookups.MAX_REFERENCE).description("URI, UUID, name or slug.");
  }

  /** A required user argument. */
  static Schema userArgument() {
    return Schema.string().minLength(1).maxLength(Lookups.MAX_REFERENCE).description("URI, UUID, email or member name.");
  }

  /** An optional user argument; {@code whenOmitted} ends the description, e.g. "default: you". */
  static Schema userArgument(String whenOmitted) {
    return Schema.string().minLength(1).maxLength(Lookups.MAX_REFERENCE)
        .description("URI, UUID, email or name; " + whenOmitted + ".");
  }

  // ---- event types

  /**
   * @param reference a URI, UUID, name or slug
   * @param field the argument's name, for error messages
   */
  static Mono<EventType> eventType(CalendlyClient client, String reference, String field) {
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
                  .take(MAX_EVENT_TYPES_SCANNED)
                  .collectList())
              .map(types -> pickEventType(value, types, field));
        });
  }

  private static EventType pickEventType(String name, List<EventType> types, String field) {
    NameMatcher.Match<EventType> match = NameMatcher.eventType(name, types);
    if (match instanceof NameMatcher.Found<EventType> found) {
      return found.item();
    }
    String shown = shown(name);
    if (match instanceof NameMatcher.Ambiguous<EventType> ambiguous) {
      throw new IllegalArgumentException(
          field + " '" + shown + "' matches " + ambiguous.candidates().size() + " event types: "
              + listEventTypes(ambiguous.candidates()) + ". Pass the URI of the one you mean as " + field);
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException(
          field + " '" + shown + "' names no event type: the user has none. Another member's event"
              + " types are found with list_event_types and passed by URI");
    }
    throw new IllegalArgumentException(
        field + " '" + shown + "' matches none of the user's event types, which are: " + listEventTypes(types)
            + ". Pass one of these names or URIs as " + field + " (another member's event types are"
            + " found with list_event_types and passed by URI)");
  }

  /** {@code "30 Minute Meeting" (slug 30-minute-meeting, URI …)}, joined with semicolons. */
  static String listEventTypes(List<EventType> types) {
    return list(types, type -> "\"" + type.name() + "\" (slug " + type.slug()
        + (Boolean.FALSE.equals(type.active()) ? ", inactive" : "") + ", URI " + type.uri() + ")");
  }

  // ---- users

  /** The user named by {@code argument}, or the current user when it is left out. */
  static Mono<URI> user(CalendlyClient client, ToolArguments arguments, String argument) {
    return user(client, arguments.string(argument), argument);
  }

  /**
   * The URI of the user named by {@code reference}: a URI, a UUID, {@code me}, an email or the
   * name of a member of the current user's organization; the current user when it is empty.
   */
  static Mono<URI> user(CalendlyClient client, Optional<String> reference, String field) {
    Optional<String> given = reference.map(String::strip).filter(s -> !s.isEmpty());
    if (given.isPresent() && given.get().contains("/")) {
      return Mono.fromCallable(() -> CalendlyIds.uri(given.get(), field));
    }
    return client.users().me().flatMap(me -> {
      if (given.isEmpty() || given.get().equalsIgnoreCase("me")) {
        return Mono.just(me.uri());
      }
      String value = given.get();
      if (UUID.matcher(value).matches()) {
        // Reading the user proves it exists before a write names it, and gives its canonical URI.
        return client.users().get(value).map(User::uri);
      }
      if (me.email() != null && me.email().equalsIgnoreCase(value)) {
        return Mono.just(me.uri());
      }
      if (me.currentOrganization() == null) {
        return Mono.error(new IllegalArgumentException(field + " '" + shown(value) + "' is looked up among the"
            + " members of your organization, but Calendly reports none for you; pass the user's URI or UUID"));
      }
      return value.contains("@")
          ? memberByEmail(client, me, value, field)
          : memberByName(client, me, value, field);
    });
  }

  private static Mono<URI> memberByEmail(CalendlyClient client, User me, String email, String field) {
    MembershipQuery query = MembershipQuery.ofOrganization(me.currentOrganization().toString())
        .withEmail(email);
    return client.organizations().listMemberships(query, PageRequest.first(2))
        .flatMap(page -> page.collection().stream()
            .map(OrganizationMembership::user)
            .filter(user -> user != null && user.uri() != null)
            .findFirst()
            .map(user -> Mono.just(user.uri()))
            .orElseGet(() -> Mono.error(new IllegalArgumentException(field + " '" + shown(email)
                + "' is the email of no member of your organization; pass the user's URI or UUID, or find"
                + " the member with list_members (organization toolset)"))));
  }

  private static Mono<URI> memberByName(CalendlyClient client, User me, String name, String field) {
    return client.organizations()
        .listAllMemberships(MembershipQuery.ofOrganization(me.currentOrganization().toString()))
        .map(OrganizationMembership::user)
        .filter(user -> user != null && user.uri() != null)
        .take(MAX_MEMBERS_SCANNED + 1L)
        .collectList()
        .map(members -> {
          boolean truncated = members.size() > MAX_MEMBERS_SCANNED;
          List<User> read = truncated ? members.subList(0, MAX_MEMBERS_SCANNED) : members;
          NameMatcher.Match<User> match =
              NameMatcher.match(name, read, user -> Arrays.asList(user.name(), user.email()));
          if (match instanceof NameMatcher.Found<User> found) {
            return found.item().uri();
          }
          if (match instanceof NameMatcher.Ambiguous<User> ambiguous) {
            throw new IllegalArgumentException(field + " '" + shown(name) + "' matches "
                + ambiguous.candidates().size() + " members: " + listUsers(ambiguous.candidates())
                + ". Pass the email or URI of the one you mean as " + field);
          }
          throw new IllegalArgumentException(field + " '" + shown(name) + "' matches no member of your"
              + " organization" + (truncated ? " among the first " + MAX_MEMBERS_SCANNED + " read" : "")
              + "; pass the user's email, URI or UUID (list_members, in the organization toolset, finds members"
              + " by part of the name)");
        });
  }

  /** {@code Ana Lopez <ana@example.org> (URI …)}, joined with semicolons. */
  static String listUsers(List<User> users) {
    return list(users, user -> user.name() + " <" + user.email() + "> (URI " + user.uri() + ")");
  }

  // ---- organizations

  /** The organization named by {@code argument} (a URI or UUID), or the current user's. */
  static Mono<URI> organization(CalendlyClient client, ToolArguments arguments, String argument) {
    return organization(client, arguments.string(argument), argument);
  }

  /** The organization named by {@code reference} (a URI or UUID), or the current user's. */
  static Mono<URI> organization(CalendlyClient client, Optional<String> reference, String field) {
    Optional<String> given = reference.map(String::strip).filter(s -> !s.isEmpty());
    if (given.isPresent() && given.get().contains("/")) {
      return Mono.fromCallable(() -> CalendlyIds.uri(given.get(), field));
    }
    return client.users().me().flatMap(me -> {
      if (given.isPresent()) {
        return Mono.just(me.uri().resolve("/organizations/" + CalendlyIds.uuid(given.get(), field)));
      }
      if (me.currentOrganization() == null) {
        return Mono.error(new IllegalArgumentException(
            field + " is required: Calendly reports no organization for the current user"));
      }
      return Mono.just(me.currentOrganization());
    });
  }

  private static <T> String list(List<T> items, Function<T, String> line) {
    String listed = items.stream().limit(MAX_LISTED).map(line).collect(Collectors.joining("; "));
    return items.size() > MAX_LISTED ? listed + "; and " + (items.size() - MAX_LISTED) + " more" : listed;
  }

  private static String shown(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "…" : value;
  }
}
