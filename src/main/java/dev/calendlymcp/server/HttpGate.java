package dev.calendlymcp.server;

import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.calendly.CalendlyClient;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Who may use the MCP endpoint, and the endpoints that let them in: the OAuth authorization server
 * in front of a remote server, or nothing at all for a local one.
 */
public interface HttpGate {

  /** Whether {@link #handle} answers this path (the OAuth endpoints, say). */
  boolean handles(String path);

  Mono<Void> handle(HttpServerRequest request, HttpServerResponse response);

  /**
   * Lets an MCP request through to {@code next} with the context its tool calls will see, or
   * answers it (401, 403) without calling {@code next}.
   */
  Mono<Void> guard(
      HttpServerRequest request, HttpServerResponse response, Function<McpTransportContext, Mono<Void>> next);

  /** Which Calendly connection a tool call whose request passed {@link #guard} acts through. */
  AccessResolver accesses();

  /**
   * The durable store where this server keeps its Calendly webhook subscriptions (their signing
   * keys encrypted); empty for a local server, which keeps them in memory.
   */
  default Optional<AuthStore> store() {
    return Optional.empty();
  }

  /**
   * Calls {@code listener} when a Calendly user's last grant ends, with a client that still works
   * when there is one; a local server has no grants and never calls it.
   */
  default void onAccountEnded(AccountEnded listener) {}

  /** Told when the last grant of the Calendly user {@code account} ended. */
  @FunctionalInterface
  interface AccountEnded {
    Mono<Void> ended(String account, Optional<CalendlyClient> stillValid);
  }

  /**
   * Whose policy a request follows: {@code configured} (the flags or file of the person running the
   * server) unless the gate knows agents apart, as OAuth does.
   */
  default AgentPolicies policies(AgentPolicies configured) {
    return configured;
  }

  /** A local server: every request acts as the one configured Calendly user. */
  static HttpGate open(AccessResolver accesses) {
    return new HttpGate() {
      @Override
      public boolean handles(String path) {
        return false;
      }

      @Override
      public Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return response.status(404).send();
      }

      @Override
      public Mono<Void> guard(
          HttpServerRequest request, HttpServerResponse response, Function<McpTransportContext, Mono<Void>> next) {
        return next.apply(McpTransportContext.EMPTY);
      }

      @Override
      public AccessResolver accesses() {
        return accesses;
      }
    };
  }
}
