package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.PageRequest;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The arguments and answers list tools share: references, page size and cursor, and the advice
 * added to a refusal. What a reference may be, and how it is resolved, is {@link References}'s.
 */
final class Lookups {

  /** Longest reference a tool accepts: a Calendly URI with two UUIDs fits with room to spare. */
  static final int MAX_REFERENCE = 300;
  /** Longest page cursor a tool accepts back. */
  static final int MAX_CURSOR = 500;

  private Lookups() {}

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
