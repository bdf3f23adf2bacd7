package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Tool calls as the operator sees them on {@code /metrics}: {@code mcp.tool.calls}, a timer per
 * tool and outcome ({@code ok}, {@code error}, {@code cancelled}). Tool names are a closed set, so
 * the tag cannot grow without bound.
 */
final class ToolMeters {

  static final String CALLS = "mcp.tool.calls";

  /** Histogram buckets: enough for quantiles in Prometheus without a hundred series per tool. */
  private static final Duration[] LATENCY_BUCKETS = Stream.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
      .map(Duration::ofMillis)
      .toArray(Duration[]::new);

  private final Supplier<MeterRegistry> registry;
  /** Built once per tool and outcome: the builder costs more than the recording (bench/http.sh). */
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  ToolMeters(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    this.registry = () -> registry;
  }

  /**
   * Timers made from {@code registry} when a call first records one: a stdio server, which no
   * scrape reads, then loads no Micrometer before its first tool call (docs/startup.md).
   */
  ToolMeters(Supplier<MeterRegistry> registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /** Registers the tool's timers up front, so that a scrape shows every tool from the start. */
  void register(ToolDefinition tool) {
    for (String outcome : new String[] {"ok", "error", "cancelled"}) {
      timer(tool.name(), outcome);
    }
  }

  Timing start(String toolName) {
    return new Timing(toolName, System.nanoTime());
  }

  private Timer timer(String toolName, String outcome) {
    return timers.computeIfAbsent(toolName + ' ' + outcome, key -> Timer.builder(CALLS)
        .description("MCP tool calls by tool and outcome")
        .tag("tool", toolName)
        .tag("outcome", outcome)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry.get()));
  }

  /** One call in progress. */
  final class Timing {
    private final String toolName;
    private final long startNanos;

    private Timing(String toolName, long startNanos) {
      this.toolName = toolName;
      this.startNanos = startNanos;
    }

    void finished(CallToolResult result) {
      record(Boolean.TRUE.equals(result.isError()) ? "error" : "ok");
    }

    void cancelled() {
      record("cancelled");
    }

    private void record(String outcome) {
      timer(toolName, outcome).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }
}
