package dev.calendlymcp.server;

import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.calendly.RateLimitWaits;
import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Decision;
import dev.calendlymcp.policy.PolicyCheck;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.tools.CalendlyAccess;
import dev.calendlymcp.tools.ProgressReporter;
import dev.calendlymcp.tools.SchemaValidator;
import dev.calendlymcp.tools.ToolArguments;
import dev.calendlymcp.tools.ToolContext;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolErrors;
import dev.calendlymcp.tools.ToolResult;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Runs one tool for the SDK: checks the arguments at the edge, gives the handler its context
 * (deadline, progress, cancellation, the Calendly connection), and turns whatever happens into a
 * {@code CallToolResult}. A failure never escapes as a protocol error or a stack trace: the model
 * gets an {@code isError} result that says what to do next, and bugs are logged with a reference
 * the result quotes.
 */
final class ToolInvoker {

  private static final Logger log = LoggerFactory.getLogger(ToolInvoker.class);

  private final ToolDefinition tool;
  private final ServerSettings settings;
  private final AccessResolver accessResolver;
  private final InFlightCalls inFlight;
  private final SchemaValidator validator;
  private final ToolMeters meters;
  private final CallAuditor auditor;

  ToolInvoker(
      ToolDefinition tool,
      ServerSettings settings,
      AccessResolver accessResolver,
      InFlightCalls inFlight,
      SchemaValidator validator,
      ToolMeters meters,
      CallAuditor auditor) {
    this.tool = tool;
    this.settings = settings;
    this.accessResolver = accessResolver;
    this.inFlight = inFlight;
    this.validator = validator;
    this.meters = meters;
    this.auditor = auditor;
  }

  McpServerFeatures.AsyncToolSpecification specification() {
    return McpServerFeatures.AsyncToolSpecification.builder()
        .tool(CalendlyMcpServer.describe(tool))
        .callHandler(this::call)
        .build();
  }

  /**
   * Answers one call. Completes empty (so the SDK sends no response, as the spec asks) when the
   * client cancels the call.
   */
  Mono<CallToolResult> call(McpAsyncServerExchange exchange, CallToolRequest request) {
    Object requestId = request.meta() == null ? null : request.meta().get(InFlightCalls.REQUEST_ID_META);
    ToolMeters.Timing timing = meters.start(tool.name());
    CallAuditor.CallAudit audit = auditor.begin(tool.name(), exchange, request.arguments());
    return Mono.defer(() -> run(exchange, request, requestId, audit))
        .doOnNext(timing::finished)
        .flatMap(audit::finished)
        .switchIfEmpty(Mono.defer(audit::cancelled))
        .doOnCancel(timing::cancelled)
        .doOnCancel(audit::abandoned)
        .contextWrite(audit.context())
        .doFinally(signal -> inFlight.finished(requestId));
  }

  private Mono<CallToolResult> run(
      McpAsyncServerExchange exchange, CallToolRequest request, Object requestId, CallAuditor.CallAudit audit) {
    if (inFlight.isCancelled(requestId)) {
      // Cancelled while queued: starting it could send a write the user no longer wants.
      return Mono.empty();
    }
    CalendlyAccess access;
    try {
      access = accessResolver.resolve(exchange == null ? McpTransportContext.EMPTY : exchange.transportContext());
    } catch (AccessResolver.AccessRefusedException e) {
      audit.refused("access_refused");
      return Mono.just(failure(e.getMessage()));
    }
    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
    List<SchemaValidator.Violation> violations = validator.validate(tool.inputSchema(), arguments, "arguments");
    if (!violations.isEmpty()) {
      audit.refused("invalid_arguments");
      return Mono.just(failure(invalidArguments(violations), access));
    }
    if (!tool.hints().readOnly() && !access.allowsWrites()) {
      audit.decided(false, "consent: read only");
      audit.refused("denied");
      return Mono.just(failure(tool.name() + " changes things at Calendly, and the user approved this client"
          + " for reading only. Ask the user to reconnect this client and approve write access, or use"
          + " a read-only tool instead.", access));
    }
    McpTransportContext transport = exchange == null ? McpTransportContext.EMPTY : exchange.transportContext();
    return settings.policies().of(transport).flatMap(agent -> {
      // The policy's one decision for this call, before Calendly and the rate limiter see it.
      PolicyCheck.Verdict verdict = PolicyCheck.check(agent.policy(), tool.name(), arguments, agent.granter());
      Decision decision = verdict.decision();
      audit.decided(decision.allowed(), decision.rule());
      if (!decision.allowed()) {
        audit.refused("denied");
        return Mono.just(failure(decision.reason(), access));
      }
      // Lockdown withholds what outsiders wrote unless the agent may see everything about invitees.
      boolean withhold = agent.policy().lockdown() && !agent.policy().allows(PolicyResource.INVITEES, AccessLevel.FULL);
      Mono<CallToolResult> execute = Mono.defer(() ->
          execute(exchange, request, requestId, access, arguments, verdict.hideInvitees(), withhold, audit));
      return verdict.ask() ? confirmThen(exchange, arguments, execute, decision, audit) : execute;
    });
  }

  /**
   * Runs an {@code ask} call only once the person said yes through MCP elicitation; no answer, a
   * no, or a client that cannot ask means the call is refused without reaching Calendly.
   */
  private Mono<CallToolResult> confirmThen(McpAsyncServerExchange exchange, Map<String, Object> arguments,
      Mono<CallToolResult> execute, Decision decision, CallAuditor.CallAudit audit) {
    if (exchange == null || exchange.getClientCapabilities() == null
        || exchange.getClientCapabilities().elicitation() == null) {
      audit.decided(false, decision.rule() + ", and the client cannot ask the user");
      audit.refused("cannot_ask");
      return Mono.just(failure("Not run: this agent's policy lets " + tool.name() + " run only after the user confirms"
          + " it, and this MCP client cannot ask the user (it does not support elicitation). Ask the user to do it"
          + " themselves, or to use a client that supports elicitation."));
    }
    String question = Confirmations.question(tool, arguments);
    // Nothing to fill in: accepting is the yes.
    McpSchema.ElicitRequest ask =
        new McpSchema.ElicitFormRequest(question, Map.of("type", "object", "properties", Map.of()), null);
    return exchange.createElicitation(ask)
        .timeout(settings.toolTimeout())
        .flatMap(answer -> answer.action() == McpSchema.ElicitResult.Action.ACCEPT
            ? execute
            : audit.unconfirmed(decision.rule() + ", not confirmed by the user", "not_confirmed").thenReturn(failure("Not run: the user " + (answer.action() == McpSchema.ElicitResult.Action.DECLINE
                ? "declined" : "dismissed") + " the confirmation \"" + question + "\". Do not retry it unless the"
                + " user asks again.")))
        .onErrorResume(error -> !(error instanceof Error), error -> audit.unconfirmed(
            decision.rule() + ", not confirmed by the user", "not_confirmed").thenReturn(failure("Not run: " + tool.name()
            + " needs the user's confirmation, and it could not be obtained"
            + (error instanceof TimeoutException ? " in time" : "") + ". Ask the user before trying again.")));
  }

  private Mono<CallToolResult> execute(
      McpAsyncServerExchange exchange,
      CallToolRequest request,
      Object requestId,
      CalendlyAccess access,
      Map<String, Object> arguments,
      boolean hideInvitees,
      boolean withhold,
      CallAuditor.CallAudit audit) {
    Duration timeout = settings.toolTimeout();
    Instant deadline = settings.clock().instant().plus(timeout);
    Mono<Void> cancellation = inFlight.cancellation(requestId);
    MonotonicProgress progress = new MonotonicProgress(progress(exchange, request.progressToken()));
    ToolContext context =
        new ToolContext(tool.name(), deadline, settings.clock(), access, progress, cancellation);
    return Mono.defer(() -> handle(arguments, context))
        .map(result -> hideInvitees ? InviteeRedaction.redact(result) : result)
        .map(result -> OutsiderText.apply(result, withhold))
        .map(this::success)
        .timeout(timeout)
        .onErrorResume(error -> {
          audit.failed(error);
          return Mono.just(failure(describe(error, timeout, access), access));
        })
        .takeUntilOther(cancellation)
        .contextWrite(RateLimitWaits.notify(wait -> announce(progress, wait)))
        .contextWrite(Deadline.at(deadline));
  }

  /**
   * Reactor rethrows a {@link LinkageError} instead of signalling it, which would leave the call
   * unanswered with no timeout running; it happens when the jar is replaced under a running server.
   */
  private Mono<ToolResult> handle(Map<String, Object> arguments, ToolContext context) {
    try {
      return tool.handler().handle(new ToolArguments(arguments), context);
    } catch (LinkageError e) {
      return Mono.error(new ServerFilesChanged(e));
    }
  }

  private static final class ServerFilesChanged extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServerFilesChanged(LinkageError cause) {
      super("a class could not be loaded", cause);
    }
  }

  /**
   * A wait for Calendly's rate limit, as a progress message without a total (the tool's own progress
   * reports carry the counts); sent and forgotten, so a slow client never delays the call.
   */
  private static void announce(MonotonicProgress progress, Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    progress.nudge("waiting " + seconds + " s for Calendly's rate limit").subscribe(ignored -> {}, error -> {});
  }

  /**
   * MCP requires each progress value to be larger than the last: the tool's own reports and the
   * rate-limit notices interleave, so every report is lifted just above the previous one if needed.
   */
  static final class MonotonicProgress implements ProgressReporter {
    private static final double STEP = 0.001;
    private final ProgressReporter target;
    private double last = -1;
    private Double lastTotal;

    MonotonicProgress(ProgressReporter target) {
      this.target = target;
    }

    @Override
    public Mono<Void> report(double progress, Double total, String message) {
      double value;
      synchronized (this) {
        value = Math.max(progress, last + STEP);
        last = value;
        lastTotal = total;
      }
      return target.report(value, total, message);
    }

    /** A message that moves nothing forward but must still be a new, larger value. */
    Mono<Void> nudge(String message) {
      Double total;
      double value;
      synchronized (this) {
        value = Math.max(0, last + STEP);
        last = value;
        total = lastTotal != null && lastTotal >= value ? lastTotal : null;
      }
      return target.report(value, total, message);
    }
  }

  private String invalidArguments(List<SchemaValidator.Violation> violations) {
    String problems = violations.stream().map(SchemaValidator.Violation::message).collect(Collectors.joining("; "));
    return "Invalid arguments for " + tool.name() + ": " + problems + ". Fix "
        + (violations.size() == 1 ? "it" : "them") + " and call the tool again.";
  }

  private String describe(Throwable error, Duration timeout, CalendlyAccess access) {
    if (error instanceof TimeoutException) {
      String limit = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
      return tool.name() + " did not finish within " + limit + ", so it was stopped."
          + (tool.hints().readOnly()
              ? " Calendly may be slow: try again, perhaps with a narrower request."
              : " Calendly may still have made the change: check before calling it again.");
    }
    if (error instanceof AccessResolver.AccessRefusedException) {
      return error.getMessage();
    }
    if (error instanceof ServerFilesChanged) {
      log.error("Tool {} could not load a class: was calendly-mcp's jar replaced while it ran?", tool.name(),
          error.getCause());
      return tool.name() + " could not run because calendly-mcp's own files changed while it was running"
          + " (an upgrade or rebuild?). Ask the user to restart the server; nothing was sent to Calendly.";
    }
    return ToolErrors.describe(error, access.reconnectAdvice()).orElseGet(() -> internalError(error));
  }

  private String internalError(Throwable error) {
    String reference = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    log.error("Tool {} failed unexpectedly (reference {})", tool.name(), reference, error);
    return tool.name() + " failed because of an internal error in calendly-mcp (reference " + reference
        + "). Retrying is unlikely to help; the server's log has the details.";
  }

  private CallToolResult success(ToolResult result) {
    return CallToolResult.builder()
        .structuredContent(result.structured())
        .addTextContent(result.text())
        .isError(false)
        .build();
  }

  private static CallToolResult failure(String text, CalendlyAccess access) {
    return CallToolResult.builder().addTextContent(Redactor.redact(text, access)).isError(true).build();
  }

  /** A text written here, before any Calendly connection was involved: nothing to scrub. */
  private static CallToolResult failure(String text) {
    return CallToolResult.builder().addTextContent(text).isError(true).build();
  }

  private static ProgressReporter progress(McpAsyncServerExchange exchange, Object token) {
    if (token == null) {
      return ProgressReporter.NONE;
    }
    return (progress, total, message) ->
        exchange.progressNotification(new McpSchema.ProgressNotification(token, progress, total, message, null));
  }
}
