package dev.calendlymcp.server;

import dev.calendlymcp.audit.AuditJson;
import dev.calendlymcp.audit.AuditQuery;
import dev.calendlymcp.audit.AuditRecord;
import dev.calendlymcp.audit.AuditSentence;
import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.auth.Principal;
import dev.calendlymcp.policy.AccessLevel;
import dev.calendlymcp.policy.PolicyResource;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code calendly://audit/recent}: the newest audit records of the caller's Calendly user, each with
 * its plain-English line, for agents whose policy lets them read {@code compliance} (every agent
 * when no policy is set).
 */
final class AuditResource {

  static final String URI = "calendly://audit/recent";
  static final int RECENT = 50;

  private AuditResource() {}

  static McpServerFeatures.AsyncResourceSpecification specification(
      AuditSettings audit, AgentPolicies policies, JsonMapper json) {
    McpSchema.Resource resource = McpSchema.Resource.builder(URI, "audit_recent")
        .title("Recent tool calls")
        .description("The last " + RECENT + " tool calls made for this Calendly user, by any agent: who, what,"
            + " the policy's decision and the outcome, each with a one-line summary. Needs compliance: read.")
        .mimeType("application/json")
        .build();
    return new McpServerFeatures.AsyncResourceSpecification(resource, (exchange, request) -> {
      McpTransportContext context = exchange == null ? McpTransportContext.EMPTY : exchange.transportContext();
      String user = context.get(OAuthGate.PRINCIPAL) instanceof Principal principal
          ? principal.userUri() : CallAuditor.LOCAL;
      return policies.of(context).flatMap(agent -> {
        if (!agent.policy().allows(PolicyResource.COMPLIANCE, AccessLevel.READ)) {
          return Mono.error(McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST)
              .message("Reading " + URI + " needs compliance: read, which this agent's policy does not grant."
                  + " The user can grant it on the consents page (or with --grant compliance=read).")
              .build());
        }
        return Mono.fromCallable(() -> audit.log().read(AuditQuery.all().user(user).limit(RECENT)))
            .subscribeOn(Schedulers.boundedElastic())
            .map(records -> McpSchema.ReadResourceResult.builder(List.of(
                    McpSchema.TextResourceContents.builder(URI, json.writeValueAsString(body(records, json)))
                        .mimeType("application/json")
                        .build()))
                .build());
      });
    });
  }

  private static ObjectNode body(List<AuditRecord> records, JsonMapper json) {
    ObjectNode body = json.createObjectNode();
    ArrayNode list = body.putArray("records");
    records.forEach(record -> list.add(AuditJson.toJson(record, Optional.of(AuditSentence.of(record)))));
    return body;
  }
}
