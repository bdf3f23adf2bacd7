package dev.calendlymcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
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
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Tools of the catalog called the way the server calls them (arguments checked against the input
 * schema, failures turned into {@code isError} text by {@link ToolErrors}, results checked against
 * the output schema), acting as one seeded user of a fresh sandbox.
 */
final class SandboxToolHarness implements AutoCloseable {

  /** What a tool call answered: structured content and text, or an error text. */
  record Answer(Map<String, Object> structured, String text, boolean isError) {
    Object get(String key) {
      assertThat(isError).as("expected a result, got the error: %s", text).isFalse();
      return structured.get(key);
    }

    String string(String key) {
      return (String) get(key);
    }
  }

  final Sandbox sandbox;
  final SeededUser user;
  final CalendlyClient client;
  private final CalendlyHttp http;
  private final ToolCatalog catalog;
  private final Clock clock = Clock.systemUTC();
  private final SchemaValidator validator = new SchemaValidator();

  SandboxToolHarness(Plan plan, Duration responseTimeout, List<ToolDefinition> tools) {
    sandbox = Sandbox.start(SandboxConfig.builder()
        .seed(11)
        .rateLimits(RateLimitSettings.off())
        .webhookDelivery(WebhookDeliverySettings.off())
        .build());
    user = sandbox.user(plan, Role.OWNER);
    http = CalendlyHttp.create(CalendlyConfig.defaults()
        .withApiBaseUrl(URI.create(sandbox.apiBaseUrl()))
        .withResponseTimeout(responseTimeout));
    client = CalendlyClient.create(http, AccessToken.of(user.token()), ClientOptions.defaults());
    catalog = ToolCatalog.of(tools, ToolOptions.everything());
  }

  Answer call(String name, Map<String, Object> arguments) {
    return call(name, arguments, Mono.never());
  }

  Answer call(String name, Map<String, Object> arguments, Mono<Void> cancellation) {
    return callAsync(name, arguments, cancellation).block(Duration.ofSeconds(20));
  }

  /** Calls a tool that is not in this harness's catalog, e.g. one with a record of its own. */
  Answer callWith(ToolDefinition tool, Map<String, Object> arguments) {
    return callAsync(tool, arguments, Mono.never()).block(Duration.ofSeconds(20));
  }

  Mono<Answer> callAsync(String name, Map<String, Object> arguments, Mono<Void> cancellation) {
    return callAsync(catalog.find(name).orElseThrow(), arguments, cancellation);
  }

  private Mono<Answer> callAsync(ToolDefinition tool, Map<String, Object> arguments, Mono<Void> cancellation) {
    String name = tool.name();
    List<SchemaValidator.Violation> violations = validator.validate(tool.inputSchema(), arguments, "arguments");
    if (!violations.isEmpty()) {
      return Mono.just(new Answer(null, violations.toString(), true));
    }
    ToolContext context = new ToolContext(
        name, clock.instant().plusSeconds(30), clock, access(), ProgressReporter.NONE, cancellation);
    return Mono.defer(() -> tool.handler().handle(new ToolArguments(arguments), context))
        .map(result -> {
          assertThat(validator.validate(tool.outputSchema(), result.structured(), "result"))
              .as("%s's result against its output schema", name)
              .isEmpty();
          assertThat(OutputFields.undeclared(tool.outputSchema(), result.structured()))
              .as("%s's result fields its output schema does not name", name)
              .isEmpty();
          return new Answer(result.structured(), result.text(), false);
        })
        .onErrorResume(error -> Mono.just(new Answer(null,
            ToolErrors.describe(error, "Reconnect.").orElseThrow(() -> new AssertionError("unexpected failure", error)),
            true)));
  }

  /** The URI of one of the user's event types, by name. */
  EventType eventType(String name) {
    return client.eventTypes().listAll(EventTypeQuery.forUser(URI.create(user.userUri())), 100)
        .filter(type -> name.equals(type.name()))
        .blockFirst(Duration.ofSeconds(5));
  }

  /** Open start times of an event type over the next week, earliest first. */
  List<Instant> openTimes(EventType eventType) {
    Instant from = clock.instant().plus(Duration.ofHours(1));
    return client.availability()
        .eventTypeAvailableTimes(eventType.uri().toString(), from, from.plus(Duration.ofDays(7)))
        .contextWrite(dev.calendlymcp.calendly.CacheMode.bypass())
        .block(Duration.ofSeconds(5))
        .stream()
        .map(EventTypeAvailableTime::startTime)
        .sorted()
        .toList();
  }

  long posts() {
    return sandbox.stats().count("POST /invitees");
  }

  private CalendlyAccess access() {
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
