package dev.calendlymcp.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Counts the client messages refused before they reached the SDK, by reason, as the meter {@code
 * mcp.messages.refused} (tag {@code reason}). A rising count of one reason shows a broken client
 * or someone probing.
 */
public final class Refusals {

  /** Why a message was refused. */
  public enum Reason {
    /** Not JSON. */
    PARSE_ERROR,
    /** JSON, but not one JSON-RPC message. */
    INVALID_REQUEST,
    /** An id that is not a string or an integer within the signed 64-bit range. */
    INVALID_ID,
    ID_TOO_LONG,
    METHOD_TOO_LONG,
    TOOL_NAME_TOO_LONG,
    /** Params of the wrong shape for their method. */
    INVALID_PARAMS,
    /** A body (or stdio line) over the size limit. */
    TOO_LARGE,
    /** An {@code initialize} over the sessions allowed per principal or per client. */
    SESSION_LIMIT;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Supplier<MeterRegistry> registry;
  private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(Reason.values().length);

  /** Every reason's counter registered now, so that a scrape shows them all from the start. */
  public Refusals(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    this.registry = () -> registry;
    for (Reason reason : Reason.values()) {
      counter(reason);
    }
  }

  private Refusals(Supplier<MeterRegistry> registry) {
    this.registry = registry;
  }

  /**
   * Counters made from {@code registry} at the first refusal of their reason: a stdio server, which
   * no scrape reads, then loads no Micrometer before its first answer (docs/startup.md).
   */
  public static Refusals onFirstUse(Supplier<MeterRegistry> registry) {
    return new Refusals(Objects.requireNonNull(registry, "registry"));
  }

  public void count(Reason reason) {
    counter(reason).increment();
  }

  private Counter counter(Reason reason) {
    Counter counter = counters.get(reason.ordinal());
    if (counter == null) {
      // Two threads may both build it: Micrometer hands both the same registered counter.
      counter = Counter.builder("mcp.messages.refused")
          .description("Client messages refused before the MCP server saw them")
          .tag("reason", reason.tag())
          .register(registry.get());
      counters.set(reason.ordinal(), counter);
    }
    return counter;
  }
}
