package dev.calendlymcp.server;

import dev.calendlymcp.policy.Granter;
import dev.calendlymcp.policy.Policy;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which policy the agent behind a request has. Over stdio and {@code http --auth none} it is the
 * one policy of the person running the server; over HTTP with OAuth, each agent's own, chosen by
 * the user who approved it. Tool calls, {@code tools/list} and resources all ask here.
 */
public interface AgentPolicies {

  /** An agent's policy and who can widen it. */
  record AgentPolicy(Policy policy, Granter granter) {
    public AgentPolicy {
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(granter, "granter");
    }
  }

  Mono<AgentPolicy> of(McpTransportContext context);

  /**
   * Emits the id of an agent (its OAuth client id) whenever its policy changed, so that live
   * sessions re-read their tool list.
   */
  default Flux<String> changes() {
    return Flux.never();
  }

  /** One policy for every request: stdio and {@code http --auth none}. */
  static AgentPolicies fixed(Policy policy) {
    AgentPolicy local = new AgentPolicy(policy, Granter.localFlags());
    return context -> Mono.just(local);
  }

  /** No policy set: today's behaviour, where the person running the server owns the token. */
  static AgentPolicies unrestricted() {
    return fixed(Policy.unrestricted());
  }
}
