package dev.calendlymcp.server;

import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyCheck;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolDefinition;
import dev.calendlymcp.transport.RequestInterceptor;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * {@code tools/list} as the caller's policy allows: only the tools it may call, and only read-only
 * ones for a caller the user approved for reading only. The SDK registers one tool list per server,
 * so without this an agent would be offered tools that can only answer "not allowed", and a model
 * tries what it is offered.
 */
final class PolicyToolList implements RequestInterceptor {

  private final List<ToolDefinition> tools;
  private final AccessResolver accesses;
  private final AgentPolicies policies;

  PolicyToolList(ToolCatalog catalog, AccessResolver accesses, AgentPolicies policies) {
    this.tools = catalog.tools();
    this.accesses = accesses;
    this.policies = policies;
  }

  @Override
  public Optional<Mono<McpSchema.JSONRPCResponse>> intercept(McpSchema.JSONRPCRequest request, McpTransportContext context) {
    if (!McpSchema.METHOD_TOOLS_LIST.equals(request.method())) {
      return Optional.empty();
    }
    boolean writes;
    try {
      writes = accesses.resolve(context).allowsWrites();
    } catch (AccessResolver.AccessRefusedException e) {
      // Whoever cannot call anything learns why from the tool call; the list stays the SDK's.
      return Optional.empty();
    }
    return Optional.of(policies.of(context).map(agent ->
        McpSchema.JSONRPCResponse.result(request.id(), McpSchema.ListToolsResult.builder(listed(agent.policy(), writes)).build())));
  }

  /** The tools an agent with {@code policy} sees, in catalog order. */
  List<McpSchema.Tool> listed(Policy policy, boolean writes) {
    return tools.stream()
        .filter(tool -> writes || tool.hints().readOnly())
        .filter(tool -> PolicyCheck.listed(policy, tool.name()))
        .map(CalendlyMcpServer::describe)
        .toList();
  }
}
