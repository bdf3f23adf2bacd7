package dev.calendlymcp.resources;

import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.tools.CalendlyAccess;
import dev.calendlymcp.tools.ProgressReporter;
import dev.calendlymcp.tools.SchedulingTools;
import dev.calendlymcp.tools.ToolArguments;
import dev.calendlymcp.tools.ToolContext;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolFailure;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The server's resources, as an inventory: every entry is a value (URI, names, the tool that reads
 * it) listed in a fixed order, and the SDK's specifications are built from it once. The same
 * inventory answers which URIs exist for {@code resources/subscribe}.
 */
public final class CalendlyResources {

  private static final Logger log = LoggerFactory.getLogger(CalendlyResources.class);

  /** The next meetings. */
  public static final String UPCOMING = "calendly://me/upcoming";
  /** One scheduled event. */
  public static final String EVENT = "calendly://events/{uuid}";
  /** The user's event types. */
  public static final String EVENT_TYPES = "calendly://event-types";
  /** One event type. */
  public static final String EVENT_TYPE = "calendly://event-types/{uuid}";

  /** How many upcoming meetings {@link #UPCOMING} shows. */
  static final int UPCOMING_COUNT = 20;

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final List<ResourceEntry> entries;
  private final Map<String, ToolDefinition> tools;

  private CalendlyResources(List<ResourceEntry> entries) {
    this.entries = List.copyOf(entries);
    this.tools = SchedulingTools.definitions().stream()
        .collect(Collectors.toMap(ToolDefinition::name, Function.identity()));
    for (ResourceEntry entry : entries) {
      if (!tools.containsKey(entry.tool())) {
        throw new IllegalArgumentException("resource " + entry.uri() + " reads through an unknown tool " + entry.tool());
      }
    }
  }

  /** This product's resources. */
  public static CalendlyResources standard() {
    return new CalendlyResources(List.of(
        new ResourceEntry(UPCOMING, "upcoming_meetings", "My upcoming meetings",
            "Your next " + UPCOMING_COUNT + " active meetings, earliest first, with their invitee counts and"
                + " locations. Subscribe to hear of bookings, cancellations and reschedules.",
            "list_scheduled_events",
            (uuid, now) -> Map.of(
                "min_start_time", now.toString(),
                "status", "active",
                "sort", "start_time:asc",
                "count", UPCOMING_COUNT)),
        new ResourceEntry(EVENT_TYPES, "event_types", "My event types",
            "The kinds of meeting you offer (name, duration, booking page), active ones only.",
            "list_event_types",
            (uuid, now) -> Map.of("active", true, "count", 100)),
        new ResourceEntry(EVENT, "scheduled_event", "A meeting",
            "One scheduled event by its UUID: time, status, location, cancellation and invitee counts.",
            "get_scheduled_event",
            (uuid, now) -> Map.of("event", uuid)),
        new ResourceEntry(EVENT_TYPE, "event_type", "An event type",
            "One event type by its UUID: duration, locations, booking page and questions.",
            "get_event_type",
            (uuid, now) -> Map.of("event_type", uuid))));
  }

  public List<ResourceEntry> entries() {
    return entries;
  }

  /** Whether {@code uri} names one of these resources (a fixed URI or an instance of a template). */
  public boolean exists(String uri) {
    return entries.stream().anyMatch(entry -> entry.match(uri).isPresent());
  }

  /**
   * The SDK's specifications for the fixed resources.
   *
   * @param accesses the caller's Calendly connection; a refusal arrives as an {@link McpError}
   */
  public List<McpServerFeatures.AsyncResourceSpecification> resources(
      Function<McpTransportContext, Mono<CalendlyAccess>> accesses, Clock clock, JsonMapper json) {
    return entries.stream()
        .filter(entry -> !entry.isTemplate())
        .map(entry -> new McpServerFeatures.AsyncResourceSpecification(
            entry.resource(), (exchange, request) -> read(entry, exchange, request, accesses, clock, json)))
        .toList();
  }

  /** The SDK's specifications for the URI templates. */
  public List<McpServerFeatures.AsyncResourceTemplateSpecification> templates(
      Function<McpTransportContext, Mono<CalendlyAccess>> accesses, Clock clock, JsonMapper json) {
    return entries.stream()
        .filter(ResourceEntry::isTemplate)
        .map(entry -> new McpServerFeatures.AsyncResourceTemplateSpecification(
            entry.template(), (exchange, request) -> read(entry, exchange, request, accesses, clock, json)))
        .toList();
  }

  private Mono<McpSchema.ReadResourceResult> read(
      ResourceEntry entry,
      McpAsyncServerExchange exchange,
      McpSchema.ReadResourceRequest request,
      Function<McpTransportContext, Mono<CalendlyAccess>> accesses,
      Clock clock,
      JsonMapper json) {
    String uri = request.uri();
    Optional<String> uuid = entry.match(uri);
    if (uuid.isEmpty()) {
      return Mono.error(McpError.RESOURCE_NOT_FOUND.apply(uri));
    }
    ToolDefinition tool = tools.get(entry.tool());
    Instant now = clock.instant();
    Instant deadline = now.plus(READ_TIMEOUT);
    McpTransportContext context = exchange == null ? McpTransportContext.EMPTY : exchange.transportContext();
    return accesses.apply(context)
        .flatMap(access -> tool.handler().handle(
            new ToolArguments(new LinkedHashMap<>(entry.arguments().apply(uuid.get(), now))),
            new ToolContext(tool.name(), deadline, clock, access, ProgressReporter.NONE, Mono.never())))
        .timeout(READ_TIMEOUT)
        .map(result -> McpSchema.ReadResourceResult.builder(List.of(
                McpSchema.TextResourceContents.builder(uri, json.writeValueAsString(result.structured()))
                    .mimeType(ResourceEntry.MIME_TYPE)
                    .build()))
            .build())
        .onErrorMap(error -> !(error instanceof McpError), error -> readError(uri, entry, error))
        .contextWrite(Deadline.at(deadline));
  }

  private static McpError readError(String uri, ResourceEntry entry, Throwable error) {
    // Tools wrap Calendly's 404 in a failure of their own words; the resource answer is the protocol's.
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof CalendlyException.NotFound) {
        return McpError.RESOURCE_NOT_FOUND.apply(uri);
      }
    }
    if (error instanceof ToolFailure || error instanceof IllegalArgumentException) {
      // Written for the client by the tool: what is wrong and what to do next.
      return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(error.getMessage()).build();
    }
    if (error instanceof CalendlyException.Unauthenticated || error instanceof CalendlyException.PermissionDenied) {
      return McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
          .message("Calendly refused to show " + uri + ": the connection lacks the permission or has expired."
              + " Ask the user to reconnect calendly-mcp.")
          .build();
    }
    log.debug("Reading {} failed: {}", entry.uri(), error.getClass().getSimpleName());
    return McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
        .message("Could not read " + uri + " from Calendly just now. Try again shortly, or call the "
            + entry.tool() + " tool, whose error says more.")
        .build();
  }
}
