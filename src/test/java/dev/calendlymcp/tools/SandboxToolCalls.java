package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * Calls tools of the full catalog against a sandbox the way the server does: arguments checked
 * against the input schema first, the handler run with a deadline, failures turned into the
 * {@code isError} text by {@link ToolErrors}, and every success checked against the output schema.
 * Webhook delivery is off: subscriptions made here point at loopback addresses nobody serves.
 */
final class SandboxToolCalls implements AutoCloseable {

  /** What a call produced: a result, or the text of an error result. */
  record Outcome(ToolResult result, String error) {
    ToolResult ok() {
      assertThat(error).as("the call failed").isNull();
      return result;
    }

    String failure() {
      assertThat(result).as("the call succeeded").isNull();
      return error;
    }

    @SuppressWarnings("unchecked") // structured content is JSON-shaped by construction
    <T> T get(String key) {
      return (T) ok().structured().get(key);
    }
  }

  final Sandbox sandbox;
  private final CalendlyHttp http;
  private final ToolCatalog catalog = ToolCatalog.build(ToolOptions.everything());
  private final SchemaValidator validator = new SchemaValidator();
  final List<String> progress = new CopyOnWriteArrayList<>();

  SandboxToolCalls() {
    this(SandboxConfig.builder());
  }

  SandboxToolCalls(SandboxConfig.Builder config) {
    sandbox = Sandbox.start(config.seed(11).webhookDelivery(WebhookDeliverySettings.off()).build());
    URI base = URI.create(sandbox.apiBaseUrl());
    http = CalendlyHttp.create(CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base));
  }

  /** A client of the sandbox as {@code user}, for setting up and checking state around calls. */
  CalendlyClient client(SeededUser user) {
    return CalendlyClient.create(http, AccessToken.of(user.token()), ClientOptions.direct());
  }

  Outcome call(SeededUser user, String name, Map<String, Object> arguments) {
    ToolDefinition tool = catalog.find(name).orElseThrow(() -> new AssertionError("no tool " + name));
    List<SchemaValidator.Violation> violations = validator.validate(tool.inputSchema(), arguments, "arguments");
    if (!violations.isEmpty()) {
      return new Outcome(null, "Invalid arguments: " + violations);
    }
    Clock clock = Clock.systemUTC();
    Instant deadline = clock.instant().plusSeconds(20);
    CalendlyClient client = client(user);
    ToolContext context = new ToolContext(name, deadline, clock, access(client),
        (done, total, message) -> Mono.fromRunnable(() -> progress.add(message)), Mono.never());
    try {
      ToolResult result = Mono.defer(() -> tool.handler().handle(new ToolArguments(arguments), context))
          .contextWrite(Deadline.at(deadline))
          .block(Duration.ofSeconds(20));
      assertThat(result).isNotNull();
      assertThat(validator.validate(tool.outputSchema(), result.structured(), "result"))
          .as("%s's result against its output schema", name).isEmpty();
      assertThat(OutputFields.undeclared(tool.outputSchema(), result.structured()))
          .as("%s's result fields its output schema does not name", name).isEmpty();
      assertThat(result.text()).doesNotContain(user.token());
      return new Outcome(result, null);
    } catch (RuntimeException e) {
      String text = ToolErrors.describe(e, "Reconnect.").orElseThrow(() -> e);
      assertThat(text).doesNotContain(user.token()).doesNotContain("\tat ");
      return new Outcome(null, text);
    }
  }

  private static CalendlyAccess access(CalendlyClient client) {
    return new CalendlyAccess() {
      @Override
      public CalendlyClient client() {
        return client;
      }

      @Override
      public Optional<BudgetSnapshot> rateBudget() {
        return Optional.empty();
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
