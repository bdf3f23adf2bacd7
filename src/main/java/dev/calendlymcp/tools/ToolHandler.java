package dev.calendlymcp.tools;

import reactor.core.publisher.Mono;

/**
 * The body of a tool. It receives arguments already checked against the input schema and returns
 * a cold {@code Mono}; failures travel as errors ({@link dev.calendlymcp.calendly.CalendlyException},
 * or {@link IllegalArgumentException} naming the argument) and become {@code isError} results.
 * It must not block: it runs on the thread that reads the transport.
 */
@FunctionalInterface
public interface ToolHandler {

  Mono<ToolResult> handle(ToolArguments arguments, ToolContext context);
}
