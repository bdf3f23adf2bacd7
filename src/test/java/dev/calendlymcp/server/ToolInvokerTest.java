package dev.calendlymcp.server;

import static dev.calendlymcp.server.ToolResults.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.tools.CalendlyAccess;
import dev.calendlymcp.tools.Schema;
import dev.calendlymcp.tools.SchemaValidator;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.tools.ToolHints;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.tools.ToolResult;
import dev.calendlymcp.tools.Toolset;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class ToolInvokerTest {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  private final ProbeTools probes = new ProbeTools();
  private final InFlightCalls inFlight = new InFlightCalls();
  private final CalendlyAccess noCalendly = new CalendlyAccess() {
    @Override
    public CalendlyClient client() {
      throw new AssertionError("these tools do not call Calendly");
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

  private ToolInvoker invoker(ToolDefinition tool) {
    ServerSettings settings = new ServerSettings(
        ToolCatalog.of(List.of(tool), ToolOptions.everything()), "test", Duration.ofSeconds(50),
        Clock.fixed(NOW, ZoneOffset.UTC));
    return new ToolInvoker(tool, settings, AccessResolver.fixed(noCalendly), inFlight, new SchemaValidator(),
        new ToolMeters(new SimpleMeterRegistry()), auditor(settings));
  }

  private static CallAuditor auditor(ServerSettings settings) {
    return new CallAuditor(settings.audit(), settings.clock(), new SimpleMeterRegistry());
  }

  private ToolDefinition probe(String name) {
    return probes.definitions().stream().filter(tool -> tool.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theHandlerSeesADeadlineOfTheClockPlusTheToolTimeout() {
    CallToolResult result = invoker(probe("probe_echo"))
        .call(null, CallToolRequest.builder("probe_echo").arguments(Map.of("name", "a", "color", "red")).build())
        .block();

    assertThat(result).isNotNull();
    assertThat(result.isError()).isFalse();
    assertThat(probes.deadlineSeen.get()).isEqualTo(NOW.plusSeconds(50));
  }

  @Test
  void aClassThatCannotBeLoadedGivesAnErrorResultInsteadOfAnUnansweredCall() {
    ToolDefinition broken = ToolDefinition.builder("probe_unlinked")
        .title("Unlinked")
        .description("Fails the way a replaced jar does.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.read())
        .output(Schema.object())
        .handler((arguments, context) -> {
          throw new NoClassDefFoundError("dev/calendlymcp/tools/Gone");
        })
        .build();

    CallToolResult result = invoker(broken).call(null, CallToolRequest.builder("probe_unlinked").build()).block();

    assertThat(result).isNotNull();
    assertThat(result.isError()).isTrue();
    assertThat(text(result)).contains("restart the server").doesNotContain("NoClassDefFoundError", "Gone");
  }

  @Test
  void aCallThatOutlivesTheToolTimeoutIsStoppedWithAnErrorResult() {
    ToolInvoker invoker = invoker(probe("probe_hang"));

    StepVerifier.withVirtualTime(() -> invoker.call(null, CallToolRequest.builder("probe_hang").build()))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(49))
        .expectNoEvent(Duration.ofMillis(900))
        .thenAwait(Duration.ofSeconds(1))
        .assertNext(result -> {
          assertThat(result.isError()).isTrue();
          assertThat(text(result)).isEqualTo(
              "probe_hang did not finish within 50 s, so it was stopped. Calendly may be slow: try again,"
                  + " perhaps with a narrower request.");
        })
        .verifyComplete();
    assertThat(probes.hangCancelled.getCount()).isZero();
  }

  @Test
  void aWriteThatTimesOutSaysToCheckBeforeCallingAgain() {
    ToolDefinition slowWrite = ToolDefinition.builder("slow_write")
        .title("Slow write")
        .description("Never finishes.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.write(false, false))
        .output(Schema.object())
        .handler((arguments, context) -> Mono.<ToolResult>never())
        .build();
    ToolInvoker invoker = invoker(slowWrite);

    StepVerifier.withVirtualTime(() -> invoker.call(null, CallToolRequest.builder("slow_write").build()))
        .thenAwait(Duration.ofSeconds(50))
        .assertNext(result -> assertThat(text(result)).contains("may still have made the change: check"))
        .verifyComplete();
  }

  @Test
  void aCancelledCallCompletesWithoutAResultAndIsForgotten() {
    inFlight.opened(5);
    CallToolRequest request = CallToolRequest.builder("probe_hang")
        .meta(Map.of(InFlightCalls.REQUEST_ID_META, 5))
        .build();

    StepVerifier.create(invoker(probe("probe_hang")).call(null, request))
        .expectSubscription()
        .then(() -> inFlight.cancel(5))
        .verifyComplete();

    assertThat(probes.hangCancelled.getCount()).isZero();
    assertThat(inFlight.size()).isZero();
  }

  @Test
  void aCallCancelledBeforeItStartedNeverRunsItsHandler() {
    inFlight.opened(6);
    inFlight.cancel(6);

    StepVerifier.create(invoker(probe("probe_hang"))
            .call(null, CallToolRequest.builder("probe_hang").meta(Map.of(InFlightCalls.REQUEST_ID_META, 6)).build()))
        .verifyComplete();

    assertThat(probes.hangStarted.getCount()).isEqualTo(1);
  }

  @Test
  void invalidArgumentsNeverReachTheHandler() {
    CallToolResult result = invoker(probe("probe_echo"))
        .call(null, CallToolRequest.builder("probe_echo").arguments(Map.of("color", "red")).build())
        .block();

    assertThat(result).isNotNull();
    assertThat(result.isError()).isTrue();
    assertThat(text(result)).startsWith("Invalid arguments for probe_echo: name is required");
    assertThat(probes.deadlineSeen.get()).isNull();
  }

  @Test
  void anErrorResultCarriesNoStructuredContent() {
    CallToolResult result = invoker(probe("probe_crash")).call(null, CallToolRequest.builder("probe_crash").build()).block();

    assertThat(result).isNotNull();
    assertThat(result.isError()).isTrue();
    assertThat(result.structuredContent()).isNull();
  }

  @Test
  void aWriteToolIsRefusedToAConnectionApprovedForReadingOnly() {
    AtomicBoolean ran = new AtomicBoolean();
    ToolDefinition write = ToolDefinition.builder("probe_write")
        .title("Write")
        .description("Writes.")
        .toolset(Toolset.SCHEDULING)
        .hints(ToolHints.write(false, false))
        .output(Schema.object())
        .handler((arguments, context) -> Mono.fromSupplier(() -> {
          ran.set(true);
          return new ToolResult(Map.of(), "done");
        }))
        .build();
    CalendlyAccess readOnly = new DelegatingAccess(noCalendly) {
      @Override
      public boolean allowsWrites() {
        return false;
      }
    };
    ServerSettings settings = new ServerSettings(
        ToolCatalog.of(List.of(write), ToolOptions.everything()), "test", Duration.ofSeconds(50),
        Clock.fixed(NOW, ZoneOffset.UTC));

    CallToolResult result = new ToolInvoker(write, settings, AccessResolver.fixed(readOnly), inFlight,
            new SchemaValidator(), new ToolMeters(new SimpleMeterRegistry()), auditor(settings))
        .call(null, CallToolRequest.builder("probe_write").build())
        .block();

    assertThat(result).isNotNull();
    assertThat(result.isError()).isTrue();
    assertThat(text(result)).contains("approved this client for reading only").contains("reconnect");
    assertThat(ran).isFalse();
  }

  @Test
  void aCallerWhoseAccessIsRefusedGetsTheReasonAsAnErrorResult() {
    ToolDefinition tool = probe("probe_echo");
    ServerSettings settings = new ServerSettings(
        ToolCatalog.of(List.of(tool), ToolOptions.everything()), "test", Duration.ofSeconds(50),
        Clock.fixed(NOW, ZoneOffset.UTC));
    AccessResolver refusing = context -> {
      throw new AccessResolver.AccessRefusedException("The user revoked this client: sign in again.");
    };

    CallToolResult result = new ToolInvoker(tool, settings, refusing, inFlight, new SchemaValidator(),
            new ToolMeters(new SimpleMeterRegistry()), auditor(settings))
        .call(null, CallToolRequest.builder("probe_echo").arguments(Map.of("name", "a", "color", "red")).build())
        .block();

    assertThat(result).isNotNull();
    assertThat(result.isError()).isTrue();
    assertThat(text(result)).isEqualTo("The user revoked this client: sign in again.");
  }

  @Test
  void everyCallIsTimedByToolAndOutcome() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ToolDefinition echo = probe("probe_echo");
    ServerSettings settings = new ServerSettings(
        ToolCatalog.of(List.of(echo), ToolOptions.everything()), "test", Duration.ofSeconds(50),
        Clock.fixed(NOW, ZoneOffset.UTC));
    ToolMeters meters = new ToolMeters(registry);
    meters.register(echo);
    ToolInvoker invoker = new ToolInvoker(echo, settings, AccessResolver.fixed(noCalendly), inFlight,
        new SchemaValidator(), meters, auditor(settings));

    invoker.call(null, CallToolRequest.builder("probe_echo").arguments(Map.of("name", "a", "color", "red")).build()).block();
    invoker.call(null, CallToolRequest.builder("probe_echo").arguments(Map.of("color", "red")).build()).block();

    assertThat(registry.get(ToolMeters.CALLS).tags("tool", "probe_echo", "outcome", "ok").timer().count()).isEqualTo(1);
    assertThat(registry.get(ToolMeters.CALLS).tags("tool", "probe_echo", "outcome", "error").timer().count()).isEqualTo(1);
    assertThat(registry.get(ToolMeters.CALLS).tags("tool", "probe_echo", "outcome", "cancelled").timer().count()).isZero();
  }

  @Test
  void aServerWithoutScrapesAsksForItsRegistryOnlyWhenACallIsTimedAndAudited() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger asked = new AtomicInteger();
    Supplier<MeterRegistry> lazily = () -> {
      asked.incrementAndGet();
      return registry;
    };
    ToolDefinition echo = probe("probe_echo");
    ServerSettings settings = new ServerSettings(
        ToolCatalog.of(List.of(echo), ToolOptions.everything()), "test", Duration.ofSeconds(50),
        Clock.fixed(NOW, ZoneOffset.UTC));
    ToolInvoker invoker = new ToolInvoker(echo, settings, AccessResolver.fixed(noCalendly), inFlight,
        new SchemaValidator(), new ToolMeters(lazily), new CallAuditor(settings.audit(), settings.clock(), lazily));
    assertThat(asked).as("asked before any call").hasValue(0);

    invoker.call(null, CallToolRequest.builder("probe_echo").arguments(Map.of("name", "a", "color", "red")).build()).block();

    assertThat(asked.get()).isPositive();
    assertThat(registry.get(ToolMeters.CALLS).tags("tool", "probe_echo", "outcome", "ok").timer().count()).isEqualTo(1);
    assertThat(registry.get(CallAuditor.DECISIONS).counter().count()).isEqualTo(1);
  }

  /** An access that answers like another one, for overriding a single method. */
  private static class DelegatingAccess implements CalendlyAccess {
    private final CalendlyAccess delegate;

    DelegatingAccess(CalendlyAccess delegate) {
      this.delegate = delegate;
    }

    @Override
    public CalendlyClient client() {
      return delegate.client();
    }

    @Override
    public Optional<BudgetSnapshot> rateBudget() {
      return delegate.rateBudget();
    }

    @Override
    public Optional<List<String>> scopes() {
      return delegate.scopes();
    }

    @Override
    public String reconnectAdvice() {
      return delegate.reconnectAdvice();
    }
  }
}
