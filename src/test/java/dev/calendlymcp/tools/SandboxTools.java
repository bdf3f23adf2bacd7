package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * The tools of one catalog against a sandbox on a fixed clock, acting as one seeded user: calls
 * check the arguments against the input schema first and the result against the output schema
 * after, as the server does, and failures come back as the text a model would read.
 */
final class SandboxTools implements AutoCloseable {

  /** A Monday, 09:00 UTC. */
  static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final Sandbox sandbox;
  private final CalendlyHttp http;
  private final SchemaValidator validator = new SchemaValidator();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private ToolCatalog catalog;
  private ToolContext context;

  SandboxTools(SandboxConfig.Builder config) {
    sandbox = Sandbox.start(config.clock(clock).build());
    URI base = URI.create(sandbox.apiBaseUrl());
    http = CalendlyHttp.create(CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base));
  }

  /** Seed 7, spans of 31 days, no rate limits at the sandbox, no webhook deliveries. */
  static SandboxConfig.Builder defaults() {
    return SandboxConfig.builder()
        .seed(7)
        .rateLimits(RateLimitSettings.off())
        .webhookDelivery(WebhookDeliverySettings.off());
  }

  /**
   * Acts as {@code user} from now on, with a fresh catalog (so a fresh memory of spans), a fresh
   * client cache and limiter, zeroed sandbox counters and no progress recorded.
   */
  SandboxTools actAs(SeededUser user) {
    ClientOptions options = ClientOptions.defaults();
    AccessToken token = AccessToken.of(user.token());
    catalog = ToolCatalog.build(ToolOptions.defaults());
    context = contextFor(client(token, options), options, token);
    sandbox.stats().reset();
    progress.clear();
    return this;
  }

  /** Keeps the catalog and its memory, with a new client (and an empty cache) for another token. */
  SandboxTools switchTokenTo(String bearer) {
    ClientOptions options = ClientOptions.defaults();
    AccessToken token = AccessToken.of(bearer);
    context = contextFor(client(token, options), options, token);
    return this;
  }

  private CalendlyClient client(AccessToken token, ClientOptions options) {
    return CalendlyClient.create(http, token, options);
  }

  private ToolContext contextFor(CalendlyClient client, ClientOptions options, AccessToken token) {
    CalendlyAccess access = new CalendlyAccess() {
      @Override
      public CalendlyClient client() {
        return client;
      }

      @Override
      public Optional<BudgetSnapshot> rateBudget() {
        return Optional.of(options.limiter().snapshot(options.budgetKeys().knownKeyFor(token.fingerprint())));
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
    ProgressReporter reporter = (done, total, message) -> Mono.fromRunnable(
        () -> progress.add(format(done) + "/" + (total == null ? "?" : format(total)) + " " + message));
    return new ToolContext("test", NOW.plusSeconds(30), clock, access, reporter, Mono.never());
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  ToolDefinition tool(String name) {
    return catalog.find(name).orElseThrow(() -> new AssertionError("no tool " + name));
  }

  /** Calls the tool and expects success. */
  ToolResult call(String name, Map<String, Object> arguments) {
    ToolDefinition tool = tool(name);
    assertThat(validator.validate(tool.inputSchema(), arguments, "arguments")).as("input").isEmpty();
    ToolResult result = tool.handler().handle(new ToolArguments(arguments), context).block(Duration.ofSeconds(10));
    assertThat(result).isNotNull();
    assertThat(validator.validate(tool.outputSchema(), result.structured(), "result")).as("output").isEmpty();
    assertThat(OutputFields.undeclared(tool.outputSchema(), result.structured())).as("undeclared output").isEmpty();
    assertThat(result.text()).isNotBlank();
    return result;
  }

  /** Calls the tool, expects a failure, and returns the text the model would read. */
  String callFailing(String name, Map<String, Object> arguments) {
    ToolDefinition tool = tool(name);
    assertThat(validator.validate(tool.inputSchema(), arguments, "arguments")).as("input").isEmpty();
    Throwable error = tool.handler().handle(new ToolArguments(arguments), context)
        .map(result -> (Throwable) new AssertionError("expected an error, got: " + result.text()))
        .onErrorResume(e -> Mono.just(e))
        .block(Duration.ofSeconds(10));
    if (error instanceof AssertionError unexpected) {
      throw unexpected;
    }
    return ToolErrors.describe(error, "Reconnect.")
        .orElseThrow(() -> new AssertionError("not an expected failure: " + error, error));
  }

  long requests(String endpoint) {
    return sandbox.stats().count(endpoint);
  }

  List<String> progress() {
    return List.copyOf(progress);
  }

  @Override
  public void close() {
    http.close();
    sandbox.close();
  }
}
