package dev.calendlymcp.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

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

  private final Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

  public Refusals(MeterRegistry registry) {
    for (Reason reason : Reason.values()) {
      counters.put(reason, Counter.builder("mcp.messages.refused")
          .description("Client messages refused before the MCP server saw them")
          .tag("reason", reason.tag())
          .register(registry));
    }
  }

  public void count(Reason reason) {
    counters.get(reason).increment();
  }
}
