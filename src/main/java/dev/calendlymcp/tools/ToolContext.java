package dev.calendlymcp.tools;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * What a tool call may use besides its arguments. The deadline is also in the Reactor context
 * ({@link dev.calendlymcp.calendly.Deadline}), so every Calendly call made by the handler gives up
 * in time without the handler passing it on; cancellation by the client unsubscribes the handler,
 * which aborts its in-flight requests.
 *
 * @param toolName the tool being called, for messages
 * @param deadline when the call must have answered
 * @param clock the server's clock; use it instead of {@code Instant.now()} so that tests control time
 * @param calendly the Calendly connection of the user this server acts as
 * @param progress reports progress to the client when it asked for it
 * @param cancellation completes when the client cancels the call (never, otherwise)
 */
public record ToolContext(
    String toolName,
    Instant deadline,
    Clock clock,
    CalendlyAccess calendly,
    ProgressReporter progress,
    Mono<Void> cancellation) {

  public ToolContext {
    Objects.requireNonNull(toolName, "toolName");
    Objects.requireNonNull(deadline, "deadline");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(calendly, "calendly");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(cancellation, "cancellation");
  }
}
