package dev.calendlymcp.server;

import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.transport.RequestInterceptor;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code tools/list} for a caller the user approved for reading only: just the read-only tools.
 * The SDK registers one tool list per server, so without this a read-only agent would be offered
 * tools that can only answer "not allowed", and a model tries what it is offered.
 */
final class ReadOnlyToolList implements RequestInterceptor {

  private final AccessResolver accesses;
  private final List<McpSchema.Tool> readOnlyTools;

  ReadOnlyToolList(ToolCatalog catalog, AccessResolver accesses) {
    this.accesses = accesses;
    this.readOnlyTools = catalog.tools().stream()
        .filter(tool -> tool.hints().readOnly())
        .map(CalendlyMcpServer::describe)
        .toList();
  }

  @Override
  public Optional<Mono<McpSchema.JSONRPCResponse>> intercept(McpSchema.JSONRPCRequest request, McpTransportContext context) {
    if (!McpSchema.METHOD_TOOLS_LIST.equals(request.method()) || allowsWrites(context)) {
      return Optional.empty();
    }
    return Optional.of(Mono.just(
        McpSchema.JSONRPCResponse.result(request.id(), McpSchema.ListToolsResult.builder(readOnlyTools).build())));
  }

  private boolean allowsWrites(McpTransportContext context) {
    try {
      return accesses.resolve(context).allowsWrites();
    } catch (AccessResolver.AccessRefusedException e) {
      // Whoever cannot call anything learns why from the tool call; the list stays the SDK's.
      return true;
    }
  }
}
