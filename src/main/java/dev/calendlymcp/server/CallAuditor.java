package dev.calendlymcp.server;

import dev.calendlymcp.audit.AuditDecision;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.audit.PiiMode;
import dev.calendlymcp.auth.Principal;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.UpstreamCalls;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.ratelimit.RateLimitWaitTooLongException;
import dev.calendlymcp.text.UntrustedText;
import dev.calendlymcp.tools.ToolFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Records every tool call in the audit, allowed or denied, finished, failed or cancelled: {@link
 * ToolInvoker} opens a {@link CallAudit} when a call arrives, tells it what was decided and how it
 * went, and holds the answer until the record is durable. Also counts decisions per agent and
 * resource as {@code calendly_mcp.policy.decisions} on {@code /metrics}.
 */
final class CallAuditor {

  private static final Logger log = LoggerFactory.getLogger(CallAuditor.class);

  static final String DECISIONS = "calendly_mcp.policy.decisions";

  /** The agent of a server that acts for one connection: stdio, or HTTP without OAuth. */
  static final String LOCAL = "local";

  private final AuditSettings settings;
  private final Clock clock;
  private final Supplier<MeterRegistry> registry;

  CallAuditor(AuditSettings settings, Clock clock, MeterRegistry registry) {
    this(settings, clock, constant(registry));
  }

  /** With {@code registry} asked for at the first decision, as {@link ToolMeters} does. */
  CallAuditor(AuditSettings settings, Clock clock, Supplier<MeterRegistry> registry) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  private static Supplier<MeterRegistry> constant(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return () -> registry;
  }

  CallAudit begin(String tool, McpAsyncServerExchange exchange, Map<String, Object> arguments) {
    McpTransportContext transport = exchange == null ? McpTransportContext.EMPTY : exchange.transportContext();
    McpSchema.Implementation client = exchange == null ? null : exchange.getClientInfo();
    Principal principal = transport.get(OAuthGate.PRINCIPAL) instanceof Principal p ? p : null;
    // Over OAuth the agent is the client the user approved, by its registered name; the name a
    // client gives itself in initialize is anyone's to choose.
    String declared = transport.get(OAuthGate.CLIENT_NAME) instanceof String registered ? registered
        : client == null ? null : client.name();
    String agentName = declared == null ? "" : UntrustedText.name(declared);
    return new CallAudit(
        tool,
        agentName,
        principal == null ? LOCAL : principal.clientId(),
        principal == null ? LOCAL : principal.userUri(),
        arguments == null ? Map.of() : arguments,
        clock.instant(),
        System.nanoTime());
  }

  /** One call on its way through {@link ToolInvoker}. */
  final class CallAudit {
    private final String tool;
    private final String agent;
    private final String agentId;
    private final String user;
    private final Map<String, Object> arguments;
    private final Instant time;
    private final long startNanos;
    private final AtomicInteger upstream = new AtomicInteger();
    private final AtomicBoolean recorded = new AtomicBoolean();
    private volatile AuditDecision decision = AuditDecision.UNDECIDED;
    private volatile String rule = "";
    private volatile String errorCode = "";

    private CallAudit(String tool, String agent, String agentId, String user, Map<String, Object> arguments,
        Instant time, long startNanos) {
      this.tool = tool;
      this.agent = agent;
      this.agentId = agentId;
      this.user = user;
      this.arguments = arguments;
      this.time = time;
      this.startNanos = startNanos;
    }

    /** Carries the counter of requests sent to Calendly for this call. */
    Context context() {
      return UpstreamCalls.countInto(upstream);
    }

    void decided(boolean allowed, String decidingRule) {
      decision = allowed ? AuditDecision.ALLOWED : AuditDecision.DENIED;
      rule = decidingRule == null ? "" : decidingRule;
    }

    /** The call ends with an error the invoker wrote itself, e.g. {@code invalid_arguments}. */
    void refused(String code) {
      errorCode = code;
    }

    /** The person did not confirm an {@code ask} call: it counts as denied, by them. */
    Mono<Void> unconfirmed(String decidingRule, String code) {
      return Mono.fromRunnable(() -> {
        decided(false, decidingRule);
        refused(code);
      });
    }

    void failed(Throwable error) {
      errorCode = codeOf(error);
    }

    /** Records the finished call; the answer goes out once the record is durable. */
    Mono<CallToolResult> finished(CallToolResult result) {
      boolean error = Boolean.TRUE.equals(result.isError());
      String code = error ? (errorCode.isEmpty() ? "error" : errorCode) : "";
      return write(record(error ? AuditRecord.ERROR : AuditRecord.OK, code, error ? firstSentence(result) : "",
          result.structuredContent()))
          .thenReturn(result);
    }

    /** Records a call the client cancelled (or whose session went away); nothing is answered. */
    Mono<CallToolResult> cancelled() {
      return write(record(AuditRecord.CANCELLED, "cancelled", "", null)).then(Mono.empty());
    }

    /** For a subscriber that went away: the record is written without anyone waiting for it. */
    void abandoned() {
      write(record(AuditRecord.CANCELLED, "cancelled", "", null)).subscribe(ignored -> {}, ignored -> {});
    }

    private Mono<Void> write(AuditRecord record) {
      if (record == null) {
        return Mono.empty();
      }
      Counter.builder(DECISIONS)
          .description("Policy decisions on tool calls, by agent, resource and decision")
          .tag("agent", record.agent().isEmpty() ? record.agentId() : record.agent())
          .tag("resource", resourceOf(record.rule()))
          .tag("decision", record.decision().wireName())
          .register(registry.get())
          .increment();
      return settings.log().append(record)
          // A full disk must not take every tool down with it: the call answers, the log says why
          // its record is missing.
          .onErrorResume(e -> {
            log.error("Tool call {} could not be audited: {}", tool, e.toString());
            return Mono.empty();
          });
    }

    /** Null once recorded: a call is recorded once, by whichever end it reaches first. */
    private AuditRecord record(String outcome, String code, String message, Object structured) {
      if (!recorded.compareAndSet(false, true)) {
        return null;
      }
      PiiMode pii = settings.pii();
      return new AuditRecord(time, agent, agentId, user, tool, target(structured, pii), decision, rule, outcome, code,
          pii.scrub(message), upstream.get(), Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private Map<String, String> target(Object structured, PiiMode pii) {
      Map<String, String> target = new LinkedHashMap<>();
      Map<?, ?> result = structured instanceof Map<?, ?> map ? map : Map.of();
      Map<?, ?> event = result.get("event") instanceof Map<?, ?> nested ? nested : Map.of();
      put(target, "event_type", arguments.get("event_type"));
      put(target, "event_type_uri", result.get("event_type_uri"));
      put(target, "event_type_name", result.get("event_type_name"));
      put(target, "event", arguments.get("event"));
      put(target, "event", result.get("event_uri"));
      put(target, "event_name", result.get("event_name"));
      if (tool.equals("cancel_event")) {
        put(target, "event_name", result.get("name"));
      }
      put(target, "event_name", event.get("name"));
      put(target, "invitee", arguments.get("invitee"));
      put(target, "invitee", result.get("invitee_uri"));
      put(target, "invitee_email", pii.email(text(arguments.get("invitee_email"))));
      put(target, "invitee_name", pii.name(text(arguments.get("invitee_name"))));
      if (arguments.get("emails") instanceof Collection<?> emails) {
        put(target, "invitee_email", String.join(", ", emails.stream().limit(5).map(e -> pii.email(text(e))).toList())
            + (emails.size() > 5 ? " and " + (emails.size() - 5) + " more" : ""));
      }
      put(target, "email", pii.email(text(arguments.get("email"))));
      put(target, "start_time", arguments.get("start_time"));
      put(target, "start_time", arguments.get("new_start_time"));
      put(target, "start_time", result.get("start_time"));
      put(target, "timezone", arguments.get("invitee_timezone"));
      return target;
    }
  }

  /** Keeps the first value found for a kind; every value is cleaned and bounded. */
  private static void put(Map<String, String> target, String kind, Object value) {
    String text = text(value);
    if (!text.isEmpty() && !target.containsKey(kind)) {
      target.put(kind, UntrustedText.name(text));
    }
  }

  private static String text(Object value) {
    return value instanceof String s ? s.strip() : "";
  }

  private static String firstSentence(CallToolResult result) {
    String text = result.content() == null ? "" : result.content().stream()
        .filter(McpSchema.TextContent.class::isInstance)
        .map(content -> ((McpSchema.TextContent) content).text())
        .findFirst()
        .orElse("");
    int end = text.indexOf(". ");
    return UntrustedText.name(end > 0 ? text.substring(0, end + 1) : text);
  }

  /** {@code booking} of the rule {@code booking: write}; {@code none} when no resource decided. */
  static String resourceOf(String rule) {
    int colon = rule.indexOf(':');
    String head = (colon > 0 ? rule.substring(0, colon) : rule).strip().toLowerCase(Locale.ROOT);
    for (PolicyResource resource : PolicyResource.values()) {
      if (resource.wireName().equals(head)) {
        return head;
      }
    }
    return "none";
  }

  static String codeOf(Throwable error) {
    if (error instanceof TimeoutException) {
      return "timeout";
    }
    if (error instanceof CalendlyException.ApiError api) {
      return "calendly_" + api.status();
    }
    if (error instanceof CalendlyException) {
      return "calendly_unreachable";
    }
    if (error instanceof RateLimitWaitTooLongException) {
      return "rate_limit_wait";
    }
    if (error instanceof ToolFailure) {
      return "tool_failure";
    }
    if (error instanceof AccessResolver.AccessRefusedException) {
      return "access_refused";
    }
    if (error instanceof IllegalArgumentException) {
      return "invalid_argument";
    }
    return "internal";
  }
}
