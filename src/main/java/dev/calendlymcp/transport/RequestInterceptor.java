package dev.calendlymcp.transport;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Answers some client requests in place of the SDK's session, with the transport context of the
 * call (its principal, say). For what the SDK fixes per server but an application decides per
 * caller, such as which tools {@code tools/list} shows to a read-only caller. The answer travels
 * like the SDK's would: on the request's own SSE stream, with an event id, resumable.
 */
@FunctionalInterface
public interface RequestInterceptor {

  /** Passes every request on. */
  RequestInterceptor NONE = (request, context) -> Optional.empty();

  /** The answer to send instead of the SDK's, or empty to let the SDK answer. */
  Optional<Mono<McpSchema.JSONRPCResponse>> intercept(McpSchema.JSONRPCRequest request, McpTransportContext context);
}
