package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyIds;
import dev.calendlymcp.calendly.PageRequest;
import dev.calendlymcp.calendly.model.User;
import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * Turns the references a model passes into what Calendly's filters take. Filters need URIs, but a
 * model often has a bare UUID, or nothing at all because it means "me" or "my organization"; the
 * current user comes from {@code /users/me}, which the client caches, so the defaults cost at most
 * one request per session.
 */
final class Lookups {

  /** Longest reference a tool accepts: a Calendly URI with two UUIDs fits with room to spare. */
  static final int MAX_REFERENCE = 300;
  /** Longest page cursor a tool accepts back. */
  static final int MAX_CURSOR = 500;

  private Lookups() {}

  /** The URI of the user named by {@code argument} (a URI or UUID), or of the current user. */
  static Mono<URI> userUri(CalendlyClient client, ToolArguments arguments, String argument) {
    return userUri(client, arguments.string(argument), argument);
  }

  /** The URI of the user named by {@code reference} (a URI or UUID), or of the current user. */
  static Mono<URI> userUri(CalendlyClient client, Optional<String> reference, String argument) {
    Optional<String> given = reference.map(String::strip).filter(s -> !s.isEmpty());
    if (given.isEmpty()) {
      return client.users().me().map(User::uri);
    }
    String value = given.get();
    if (value.contains("/")) {
      return Mono.fromCallable(() -> CalendlyIds.uri(value, argument));
    }
    // A bare UUID: ask for the user, which both proves it exists and gives its canonical URI.
    return Mono.fromCallable(() -> CalendlyIds.uuid(value, argument))
        .flatMap(uuid -> client.users().get(uuid))
        .map(User::uri);
  }

  /**
   * The URI of the organization named by {@code argument}, or of the current user's organization.
   * A bare UUID is resolved against the API host the current user's URI is on.
   */
  static Mono<URI> organizationUri(CalendlyClient client, ToolArguments arguments, String argument) {
    Optional<String> given = arguments.string(argument).map(String::strip).filter(s -> !s.isEmpty());
    if (given.isPresent() && given.get().contains("/")) {
      return Mono.fromCallable(() -> CalendlyIds.uri(given.get(), argument));
    }
    return client.users().me().flatMap(me -> {
      if (given.isPresent()) {
        String uuid = CalendlyIds.uuid(given.get(), argument);
        return Mono.just(me.uri().resolve("/organizations/" + uuid));
      }
      if (me.currentOrganization() == null) {
        return Mono.error(new IllegalArgumentException(
            argument + " is required: Calendly reports no organization for the current user"));
      }
      return Mono.just(me.currentOrganization());
    });
  }

  /** The {@code count} and {@code cursor} arguments of a list tool as Calendly's page request. */
  static PageRequest page(ToolArguments arguments) {
    Integer count = arguments.integer("count").map(Long::intValue).orElse(null);
    return new PageRequest(count, arguments.string("cursor").orElse(null));
  }

  /** For {@code transform}: explains a 403 with {@code nextStep}, the remedy only the tool knows. */
  static Function<Mono<ToolResult>, Mono<ToolResult>> onRefusal(String nextStep) {
    return call -> call.onErrorMap(CalendlyException.PermissionDenied.class, e -> ToolErrors.refused(e, nextStep));
  }

  /** An argument naming one Calendly object by URI or UUID. */
  static Schema reference(String description) {
    return Schema.string().minLength(1).maxLength(MAX_REFERENCE).description(description);
  }

  /** The page size argument of list tools. */
  static Schema count() {
    return Schema.integer().minimum(1).maximum(PageRequest.MAX_COUNT).defaultValue(20)
        .description("How many to return in this page, 1-100.");
  }

  /** The cursor argument of list tools. */
  static Schema cursor() {
    return Schema.string().minLength(1).maxLength(MAX_CURSOR)
        .description("Pass next_cursor from the previous page to get the next one; leave out for the first page.");
  }

  /** The cursor a list tool returns. */
  static Schema nextCursor() {
    return Schema.string().nullable()
        .description("Pass as cursor to get the next page; null on the last page.");
  }

  static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
