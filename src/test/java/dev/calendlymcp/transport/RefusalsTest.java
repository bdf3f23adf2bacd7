package dev.calendlymcp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefusalsTest {

  @Test
  void anHttpServerShowsEveryReasonAtZeroFromTheStart() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    new Refusals(registry);

    assertThat(registry.find("mcp.messages.refused").counters()).hasSize(Refusals.Reason.values().length);
    assertThat(registry.get("mcp.messages.refused").tag("reason", "parse_error").counter().count()).isZero();
  }

  @Test
  void aStdioServerMakesAReasonsCounterAtItsFirstRefusalAndCountsEveryOne() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger asked = new AtomicInteger();
    Refusals refusals = Refusals.onFirstUse(() -> {
      asked.incrementAndGet();
      return registry;
    });
    assertThat(asked).as("asked before any refusal").hasValue(0);

    refusals.count(Refusals.Reason.TOO_LARGE);
    refusals.count(Refusals.Reason.TOO_LARGE);

    assertThat(asked).as("asked once for the one reason").hasValue(1);
    assertThat(registry.find("mcp.messages.refused").counters()).hasSize(1);
    assertThat(registry.get("mcp.messages.refused").tag("reason", "too_large").counter().count()).isEqualTo(2);
  }
}
