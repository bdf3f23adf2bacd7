package dev.calendlymcp.server;

import dev.calendlymcp.tools.CalendlyAccess;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Objects;

/**
 * Which Calendly connection a tool call acts through. Over stdio there is one for the whole
 * process; over HTTP with OAuth each call carries its grant in the transport context, and each
 * grant has a connection of its own.
 */
@FunctionalInterface
public interface AccessResolver {

  /**
   * @param context the call's transport context; {@link McpTransportContext#EMPTY} when the
   *     transport has none
   * @throws AccessRefusedException when the caller's grant no longer allows any call
   */
  CalendlyAccess resolve(McpTransportContext context);

  static AccessResolver fixed(CalendlyAccess access) {
    Objects.requireNonNull(access, "access");
    return context -> access;
  }

  /** The call cannot act for anyone; its message tells the user what to do. */
  final class AccessRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessRefusedException(String message) {
      super(message, null, false, false);
    }
  }
}
