package dev.calendlymcp.server;

import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Permission;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.resources.CalendlyResources;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * MCP resources under the same policy as tools: reading {@code calendly://me/upcoming} needs
 * {@code meetings: read} just as {@code list_scheduled_events} does, and a refused read reaches
 * nothing at Calendly.
 */
final class PolicyResources {

  /** What reading each resource or template needs; one that is not here needs nothing. */
  private static final Map<String, List<Permission>> NEEDS = Map.of(
      CalendlyResources.UPCOMING, List.of(Permission.of(PolicyResource.MEETINGS, AccessLevel.READ),
          Permission.of(PolicyResource.INVITEES, AccessLevel.READ)),
      CalendlyResources.EVENT, List.of(Permission.of(PolicyResource.MEETINGS, AccessLevel.READ),
          Permission.of(PolicyResource.INVITEES, AccessLevel.READ)),
      CalendlyResources.EVENT_TYPES, List.of(Permission.of(PolicyResource.EVENT_TYPES, AccessLevel.READ)),
      CalendlyResources.EVENT_TYPE, List.of(Permission.of(PolicyResource.EVENT_TYPES, AccessLevel.READ)));

  private PolicyResources() {}

  static List<McpServerFeatures.AsyncResourceSpecification> resources(
      List<McpServerFeatures.AsyncResourceSpecification> specs, AgentPolicies policies) {
    return specs.stream()
        .map(spec -> new McpServerFeatures.AsyncResourceSpecification(spec.resource(),
            guarded(spec.resource().uri(), spec.readHandler(), policies)))
        .toList();
  }

  static List<McpServerFeatures.AsyncResourceTemplateSpecification> templates(
      List<McpServerFeatures.AsyncResourceTemplateSpecification> specs, AgentPolicies policies) {
    return specs.stream()
        .map(spec -> new McpServerFeatures.AsyncResourceTemplateSpecification(spec.resourceTemplate(),
            guarded(spec.resourceTemplate().uriTemplate(), spec.readHandler(), policies)))
        .toList();
  }

  private static BiFunction<McpAsyncServerExchange, McpSchema.ReadResourceRequest, Mono<McpSchema.ReadResourceResult>> guarded(
      String uri,
      BiFunction<McpAsyncServerExchange, McpSchema.ReadResourceRequest, Mono<McpSchema.ReadResourceResult>> read,
      AgentPolicies policies) {
    List<Permission> needs = NEEDS.getOrDefault(uri, List.of());
    return (exchange, request) -> policies
        .of(exchange == null ? McpTransportContext.EMPTY : exchange.transportContext())
        .flatMap(agent -> {
          if (agent.policy().restricted()) {
            for (Permission need : needs) {
              if (!agent.policy().allows(need.resource(), need.level())) {
                return Mono.error(McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
                    .message("Not allowed: reading " + uri + " needs " + need.words() + ". "
                        + agent.granter().howToGrant(need))
                    .build());
              }
            }
          }
          return read.apply(exchange, request);
        });
  }
}
