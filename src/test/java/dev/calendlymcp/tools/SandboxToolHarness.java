package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.calendly.EventTypeQuery;
import dev.calendlymcp.calendly.model.EventType;
import dev.calendlymcp.calendly.model.EventTypeAvailableTime;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Tools of a catalog called against a sandbox the way the server calls them: arguments checked
 * against the input schema first, the handler run with a deadline, failures turned into the
 * {@code isError} text by {@link ToolErrors}, and every success checked against the output schema
 * (and {@link OutputFields}). Calls act either as the user set by {@link #actAs} (one client, so one
 * cache and limiter, across calls) or as a user named per call (a fresh direct client each time).
 * Every result and error text is checked not to carry the token it was made with.
 */
final class SandboxToolHarness implements AutoCloseable {

  /** A Monday, 09:00 UTC: "now" of a harness {@link #atFixedTime made at a fixed time}. */
  static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  /** The handler's deadline, the wait for its answer, and the client's default deadline. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** What a call produced: a result, or the text of an error result. */
  record Outcome(ToolResult result, String error, boolean argumentsRejected) {
    ToolResult ok() {
      assertThat(error).as("expected a result, got the error: %s", error).isNull();
      return result;
    }

    String failure() {
      assertThat(result).as("expected an error, got: %s", result == null ? null : result.text()).isNull();
      return error;
    }

    /** The text a model reads: the result's, or the error's. */
    String text() {
      return result == null ? error : result.text();
    }

    boolean isError() {
      return error != null;
    }

    Map<String, Object> structured() {
      return ok().structured();
    }

    @SuppressWarnings("unchecked") // structured content is JSON-shaped by construction
    <T> T get(String key) {
      return (T) ok().structured().get(key);
    }

    String string(String key) {
      return get(key);
    }
  }

  /** A tool's progress report. */
  record Progress(double done, Double total, String message) {
    @Override
    public String toString() {
      return format(done) + "/" + (total == null ? "?" : format(total)) + " " + message;
    }

    private static String format(double value) {
      return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
  }

  /** Who a call acts as: the client it uses and the token that must not leak into its text. */
  private record Acting(CalendlyClient client, ClientOptions options, AccessToken token) {}

  final Clock clock;
  final Sandbox sandbox;
  private final boolean realTime;
  private final CalendlyHttp http;
  private final Supplier<ToolCatalog> catalogs;
  private final SchemaValidator validator = new SchemaValidator();
  /**
   * The SDK's own validator (networknt, JSON Schema 2020-12), the one an MCP client may check
   * structured content with: our SchemaValidator knows only the keywords we write, so a result it
   * accepts could still fail a client's full validator.
   */
  private static final JsonSchemaValidator CLIENTS_VALIDATOR = new DefaultJsonSchemaValidator();
  private final List<Progress> progress = new CopyOnWriteArrayList<>();
  private ToolCatalog catalog;
  private SeededUser user;
  private Acting acting;

  private SandboxToolHarness(
      SandboxConfig.Builder config, Optional<Clock> fixedClock, Supplier<ToolCatalog> catalogs,
      Optional<Duration> responseTimeout) {
    this.clock = fixedClock.orElseGet(Clock::systemUTC);
    this.realTime = fixedClock.isEmpty();
    this.catalogs = catalogs;
    sandbox = Sandbox.start(fixedClock.map(config::clock).orElse(config).build());
    URI base = URI.create(sandbox.apiBaseUrl());
    CalendlyConfig calendly = CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base);
    http = CalendlyHttp.create(responseTimeout.map(calendly::withResponseTimeout).orElse(calendly));
    catalog = catalogs.get();
  }

  /** Seed 7, no rate limits at the sandbox, no webhook deliveries. */
  static SandboxConfig.Builder defaults() {
    return SandboxConfig.builder()
        .seed(7)
        .rateLimits(RateLimitSettings.off())
        .webhookDelivery(WebhookDeliverySettings.off());
  }

  /**
   * The default toolset against a sandbox (and tools) whose clock stands still at {@link #NOW};
   * call {@link #actAs} before calling tools.
   */
  static SandboxToolHarness atFixedTime(SandboxConfig.Builder config) {
    return new SandboxToolHarness(
        config, Optional.of(Clock.fixed(NOW, ZoneOffset.UTC)), () -> ToolCatalog.build(ToolOptions.defaults()), Optional.empty());
  }

  /** Every tool against a sandbox (and tools) whose clock stands still at {@link #NOW}. */
  static SandboxToolHarness everyToolAtFixedTime(SandboxConfig.Builder config) {
    return new SandboxToolHarness(
        config, Optional.of(Clock.fixed(NOW, ZoneOffset.UTC)), () -> ToolCatalog.build(ToolOptions.everything()), Optional.empty());
  }

  /**
   * Every tool, against a sandbox of seed 11 on the real clock, acting as a user named per call.
   * Webhook delivery is off: subscriptions made here point at loopback addresses nobody serves.
   */
  static SandboxToolHarness everyTool() {
    return everyTool(SandboxConfig.builder());
  }

  static SandboxToolHarness everyTool(SandboxConfig.Builder config) {
    return new SandboxToolHarness(config.seed(11).webhookDelivery(WebhookDeliverySettings.off()),
        Optional.empty(), () -> ToolCatalog.build(ToolOptions.everything()), Optional.empty());
  }

  /**
   * Just {@code tools}, against a sandbox of seed 11 on the real clock without rate limits or
   * webhook deliveries, acting as the owner of an organization on {@code plan}.
   */
  static SandboxToolHarness actingOwner(Plan plan, Duration responseTimeout, List<ToolDefinition> tools) {
    SandboxToolHarness harness = new SandboxToolHarness(
        SandboxConfig.builder().seed(11).rateLimits(RateLimitSettings.off()).webhookDelivery(WebhookDeliverySettings.off()),
        Optional.empty(), () -> ToolCatalog.of(tools, ToolOptions.everything()), Optional.of(responseTimeout));
    return harness.actAs(harness.sandbox.user(plan, Role.OWNER));
  }

  /**
   * Acts as {@code user} from now on, with a fresh catalog (so a fresh memory of spans), a fresh
   * client cache and limiter, zeroed sandbox counters and no progress recorded.
   */
  SandboxToolHarness actAs(SeededUser user) {
    this.user = user;
    catalog = catalogs.get();
    acting = acting(user.token(), ClientOptions.defaults());
    reset();
    return this;
  }

  /** Keeps the catalog and its memory, with a new client (and an empty cache) for another token. */
  SandboxToolHarness switchTokenTo(String bearer) {
    acting = acting(bearer, ClientOptions.defaults());
    return this;
  }

  /** Zeroes the sandbox's request counters and forgets the progress reported so far. */
  void reset() {
    sandbox.stats().reset();
    progress.clear();
  }

  private Acting acting(String bearer, ClientOptions options) {
    AccessToken token = AccessToken.of(bearer);
    return new Acting(CalendlyClient.create(http, token, options), options, token);
  }

  /** The user set by {@link #actAs}. */
  SeededUser user() {
    return user;
  }

  /** The client calls act through since {@link #actAs}. */
  CalendlyClient client() {
    return acting().client();
  }

  /** A client of the sandbox as {@code user}, for setting up and checking state around calls. */
  CalendlyClient client(SeededUser user) {
    return CalendlyClient.create(http, AccessToken.of(user.token()), ClientOptions.direct());
  }

  ToolDefinition tool(String name) {
    return catalog.find(name).orElseThrow(() -> new AssertionError("no tool " + name));
  }

  /** Calls the tool as the user set by {@link #actAs}. */
  Outcome call(String name, Map<String, Object> arguments) {
    return call(name, arguments, Mono.never());
  }

  Outcome call(String name, Map<String, Object> arguments, Mono<Void> cancellation) {
    return callAsync(name, arguments, cancellation).block(TIMEOUT);
  }

  /** Calls the tool as {@code user}, through a client of its own. */
  Outcome call(SeededUser user, String name, Map<String, Object> arguments) {
    return callAsync(tool(name), acting(user.token(), ClientOptions.direct()), arguments, Mono.never()).block(TIMEOUT);
  }

  /** Calls a tool that is not in this harness's catalog, e.g. one with a record of its own. */
  Outcome callWith(ToolDefinition tool, Map<String, Object> arguments) {
    return callAsync(tool, acting(), arguments, Mono.never()).block(TIMEOUT);
  }

  /** Calls the tool as the user set by {@link #actAs} and expects a result. */
  ToolResult callOk(String name, Map<String, Object> arguments) {
    return call(name, arguments).ok();
  }

  /** Calls the tool with valid arguments, expects it to fail, and returns the text the model reads. */
  String callFailing(String name, Map<String, Object> arguments) {
    Outcome outcome = call(name, arguments);
    assertThat(outcome.argumentsRejected()).as("arguments rejected: %s", outcome.error()).isFalse();
    return outcome.failure();
  }

  Mono<Outcome> callAsync(String name, Map<String, Object> arguments, Mono<Void> cancellation) {
    return callAsync(tool(name), acting(), arguments, cancellation);
  }

  private Acting acting() {
    assertThat(acting).as("actAs(user) first").isNotNull();
    return acting;
  }

  private Mono<Outcome> callAsync(
      ToolDefinition tool, Acting as, Map<String, Object> arguments, Mono<Void> cancellation) {
    String name = tool.name();
    String secret = as.token().reveal();
    List<SchemaValidator.Violation> violations = validator.validate(tool.inputSchema(), arguments, "arguments");
    if (!violations.isEmpty()) {
      return Mono.just(new Outcome(null, "Invalid arguments: " + violations, true));
    }
    ToolContext context = new ToolContext(name, clock.instant().plus(TIMEOUT), clock, access(as), this::record, cancellation);
    Mono<ToolResult> handled = Mono.defer(() -> tool.handler().handle(new ToolArguments(arguments), context));
    // The client's deadline runs on the real clock, so it is only set where the tools' clock is real too.
    Mono<ToolResult> run = realTime ? handled.contextWrite(Deadline.at(Instant.now().plus(TIMEOUT))) : handled;
    return run
        .map(result -> {
          assertThat(validator.validate(tool.outputSchema(), result.structured(), "result"))
              .as("%s's result against its output schema", name).isEmpty();
          JsonSchemaValidator.ValidationResponse full = CLIENTS_VALIDATOR.validate(tool.outputSchema(), result.structured());
          assertThat(full.valid()).as("%s's result against its output schema, by the SDK's validator: %s", name,
              full.errorMessage()).isTrue();
          assertThat(OutputFields.undeclared(tool.outputSchema(), result.structured()))
              .as("%s's result fields its output schema does not name", name).isEmpty();
          assertThat(result.text()).isNotBlank().doesNotContain(secret);
          return new Outcome(result, null, false);
        })
        .onErrorResume(error -> !(error instanceof AssertionError), error -> {
          String text = ToolErrors.describe(error, "Reconnect.")
              .orElseThrow(() -> new AssertionError("not an expected failure: " + error, error));
          assertThat(text).doesNotContain(secret).doesNotContain("\tat ");
          return Mono.just(new Outcome(null, text, false));
        });
  }

  private Mono<Void> record(double done, Double total, String message) {
    return Mono.fromRunnable(() -> progress.add(new Progress(done, total, message)));
  }

  /** Progress reported since the last {@link #reset}, as {@code done/total message}. */
  List<String> progress() {
    return progress.stream().map(Progress::toString).toList();
  }

  /** The messages of the progress reported since the last {@link #reset}. */
  List<String> progressMessages() {
    return progress.stream().map(Progress::message).toList();
  }

  long requests(String endpoint) {
    return sandbox.stats().count(endpoint);
  }

  long posts() {
    return requests("POST /invitees");
  }

  /** One of the acting user's event types, by name. */
  EventType eventType(String name) {
    return client().eventTypes().listAll(EventTypeQuery.forUser(URI.create(user.userUri())), 100)
        .filter(type -> name.equals(type.name()))
        .blockFirst(Duration.ofSeconds(5));
  }

  /** Open start times of an event type over the next week, earliest first. */
  List<Instant> openTimes(EventType eventType) {
    Instant from = clock.instant().plus(Duration.ofHours(1));
    return client().availability()
        .eventTypeAvailableTimes(eventType.uri().toString(), from, from.plus(Duration.ofDays(7)))
        .contextWrite(CacheMode.bypass())
        .block(Duration.ofSeconds(5))
        .stream()
        .map(EventTypeAvailableTime::startTime)
        .sorted()
        .toList();
  }

  private static CalendlyAccess access(Acting as) {
    return new CalendlyAccess() {
      @Override
      public CalendlyClient client() {
        return as.client();
      }

      @Override
      public Optional<BudgetSnapshot> rateBudget() {
        // A direct client has no limiter, so nothing to report, as a server without one would.
        return Optional.ofNullable(as.options().limiter())
            .map(limiter -> limiter.snapshot(as.options().budgetKeys().knownKeyFor(as.token().fingerprint())));
      }

      @Override
      public Optional<List<String>> scopes() {
        return Optional.empty();
      }

      @Override
      public String reconnectAdvice() {
        return "Reconnect.";
      }
    };
  }

  @Override
  public void close() {
    http.close();
    sandbox.close();
  }
}
