package dev.calendlymcp.server;

import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.Permission;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.policy.PolicyResource;
import dev.calendlymcp.resources.CalendlyResources;
import dev.calendlymcp.resources.ResourceEntry;
import dev.calendlymcp.transport.RequestInterceptor;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * MCP resources under the same policy as tools: reading {@code calendly://me/upcoming} needs
 * {@code meetings: read} just as {@code list_scheduled_events} does, and a refused read reaches
 * nothing at Calendly. {@code resources/list}, {@code resources/templates/list} and update
 * notifications show an agent only what it may read.
 */
final class PolicyResources {

  /** What reading each resource or template needs; one that is not here needs nothing. */
  private static final Map<String, List<Permission>> NEEDS = Map.of(
      CalendlyResources.UPCOMING, List.of(Permission.of(PolicyResource.MEETINGS, AccessLevel.READ),
          Permission.of(PolicyResource.INVITEES, AccessLevel.READ)),
      CalendlyResources.EVENT, List.of(Permission.of(PolicyResource.MEETINGS, AccessLevel.READ),
          Permission.of(PolicyResource.INVITEES, AccessLevel.READ)),
      CalendlyResources.EVENT_TYPES, List.of(Permission.of(PolicyResource.EVENT_TYPES, AccessLevel.READ)),
      CalendlyResources.EVENT_TYPE, List.of(Permission.of(PolicyResource.EVENT_TYPES, AccessLevel.READ)),
      AuditResource.URI, List.of(Permission.of(PolicyResource.COMPLIANCE, AccessLevel.READ)));

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

  /**
   * Whether an agent with {@code policy} may read {@code uri}: a fixed URI, a template, or a
   * concrete URI of a template (as update notifications name them).
   */
  static boolean readable(Policy policy, String uri, CalendlyResources resources) {
    if (!policy.restricted()) {
      return true;
    }
    String key = resources.entries().stream()
        .filter(entry -> entry.uri().equals(uri) || entry.match(uri).isPresent())
        .map(ResourceEntry::uri)
        .findFirst()
        .orElse(uri);
    return NEEDS.getOrDefault(key, List.of()).stream().allMatch(need -> policy.allows(need.resource(), need.level()));
  }

  /** The fixed resources {@code resources/list} shows an agent with {@code policy}, in catalog order. */
  static List<McpSchema.Resource> listedResources(Policy policy, CalendlyResources resources, McpSchema.Resource audit) {
    List<McpSchema.Resource> all = new ArrayList<>();
    resources.entries().stream().filter(entry -> !entry.isTemplate()).map(ResourceEntry::resource).forEach(all::add);
    all.add(audit);
    return all.stream().filter(resource -> readable(policy, resource.uri(), resources)).toList();
  }

  /** The templates {@code resources/templates/list} shows an agent with {@code policy}. */
  static List<McpSchema.ResourceTemplate> listedTemplates(Policy policy, CalendlyResources resources) {
    return resources.entries().stream()
        .filter(ResourceEntry::isTemplate)
        .filter(entry -> readable(policy, entry.uri(), resources))
        .map(ResourceEntry::template)
        .toList();
  }

  /**
   * Answers {@code resources/list} and {@code resources/templates/list} per caller: the SDK keeps
   * one list per server, and an agent offered a resource it may not read would only meet a refusal.
   */
  static RequestInterceptor listing(CalendlyResources resources, McpSchema.Resource audit, AgentPolicies policies) {
    return (request, context) -> {
      if (McpSchema.METHOD_RESOURCES_LIST.equals(request.method())) {
        return Optional.of(policies.of(context).map(agent -> McpSchema.JSONRPCResponse.result(request.id(),
            McpSchema.ListResourcesResult.builder(listedResources(agent.policy(), resources, audit)).build())));
      }
      if (McpSchema.METHOD_RESOURCES_TEMPLATES_LIST.equals(request.method())) {
        return Optional.of(policies.of(context).map(agent -> McpSchema.JSONRPCResponse.result(request.id(),
            McpSchema.ListResourceTemplatesResult.builder(listedTemplates(agent.policy(), resources)).build())));
      }
      return Optional.empty();
    };
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
