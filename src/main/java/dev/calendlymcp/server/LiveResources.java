package dev.calendlymcp.server;

import dev.calendlymcp.auth.Principal;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.changes.AccountChanges;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.resources.CalendlyPrompts;
import dev.calendlymcp.resources.CalendlyResources;
import dev.calendlymcp.resources.LiveUpdates;
import dev.calendlymcp.resources.SubscriptionRequests;
import dev.calendlymcp.resources.Subscriptions;
import dev.calendlymcp.tools.CalendlyAccess;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.transport.RequestInterceptor;
import dev.calendlymcp.webhooks.ChangePoller;
import dev.calendlymcp.webhooks.ChangeSources;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * The live side of one MCP server: its resources and prompts, who subscribes to what for which
 * Calendly account, and the change feed that tools and notifications read. Transport-neutral; each
 * transport hands it the session a request came on.
 */
public final class LiveResources {

  /** The transport-context key under which the HTTP server passes a request's MCP session id. */
  static final String SESSION_ID = "calendly-mcp.session-id";

  /**
   * The account of a server that acts for one Calendly connection only (stdio, HTTP without
   * OAuth): every session there sees the same calendar.
   */
  public static final String LOCAL_ACCOUNT = "local";

  private final ChangeFeed feed;
  private final CalendlyResources resources;
  private final CalendlyPrompts prompts;
  private final Subscriptions subscriptions;
  private final SubscriptionRequests requests;

  LiveResources(ChangeFeed feed, ToolCatalog catalog) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.resources = CalendlyResources.standard();
    this.prompts = CalendlyPrompts.standard(name -> catalog.find(name).isPresent());
    this.subscriptions = new Subscriptions();
    this.requests = new SubscriptionRequests(resources, subscriptions);
  }

  CalendlyResources resources() {
    return resources;
  }

  CalendlyPrompts prompts() {
    return prompts;
  }

  /** Who watches what; the poller asks it whether anyone still cares about an account. */
  public Subscriptions subscriptions() {
    return subscriptions;
  }

  /** Sends every stored change's resource updates through {@code notifier}. */
  void notifyThrough(LiveUpdates.Notifier notifier) {
    feed.listen(new LiveUpdates(resources, subscriptions, notifier));
  }

  /** The Calendly account a request acts for: its OAuth grant's user, or the one local account. */
  static String accountOf(McpTransportContext context) {
    return context.get(OAuthGate.PRINCIPAL) instanceof Principal principal ? principal.userUri() : LOCAL_ACCOUNT;
  }

  /** The same connections, each able to read its own account's change feed. */
  AccessResolver withChanges(AccessResolver accesses) {
    return context -> new ChangeAwareAccess(accesses.resolve(context), feed.of(accountOf(context)));
  }

  /** For resource reads: the caller's connection, or an MCP error whose text says what to do. */
  static Function<McpTransportContext, Mono<CalendlyAccess>> forReads(AccessResolver accesses) {
    return context -> Mono.fromCallable(() -> accesses.resolve(context))
        .onErrorMap(AccessResolver.AccessRefusedException.class,
            e -> McpError.builder(McpSchema.ErrorCodes.INVALID_REQUEST).message(e.getMessage()).build());
  }

  /**
   * Subscriptions over HTTP, where the transport context carries the session and the grant. After
   * each one, {@code sources} hears that the account's watchers changed, with the caller's
   * connection to act through.
   */
  RequestInterceptor httpSubscriptions(AccessResolver accesses, ChangeSources sources) {
    return (request, context) -> {
      if (!(context.get(SESSION_ID) instanceof String session)) {
        return Optional.empty();
      }
      String account = accountOf(context);
      Optional<McpSchema.JSONRPCResponse> answer =
          requests.answer(request.id(), request.method(), request.params(), session, account);
      answer.ifPresent(done -> sources.changed(account, connection(accesses, context)));
      return answer.map(Mono::just);
    };
  }

  /** A session ended (however): its subscriptions go, and its account's source may stop. */
  void sessionEnded(String sessionId, ChangeSources sources) {
    subscriptions.closed(sessionId).ifPresent(account -> sources.changed(account, Optional.empty()));
  }

  /** The account's last grant ended: its sessions can read nothing more, so they watch nothing. */
  void accountEnded(String account) {
    subscriptions.forgetAccount(account);
  }

  private static Optional<ChangeSources.Connection> connection(AccessResolver accesses, McpTransportContext context) {
    try {
      CalendlyAccess access = accesses.resolve(context);
      return Optional.of(new ChangeSources.Connection(access::client,
          () -> access.rateBudget().map(BudgetSnapshot::limit).orElse(ChangePoller.DEFAULT_REQUESTS_PER_MINUTE)));
    } catch (AccessResolver.AccessRefusedException e) {
      return Optional.empty();
    }
  }

  /** Subscriptions over stdio: one session, for the local account. */
  RequestScreen.LocalRequests stdioSubscriptions(String sessionId) {
    return new RequestScreen.LocalRequests() {
      @Override
      public boolean handles(String method) {
        return SubscriptionRequests.handles(method);
      }

      @Override
      public McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request) {
        return requests.answer(request.id(), request.method(), request.params(), sessionId, LOCAL_ACCOUNT).orElseThrow();
      }
    };
  }

  /** A connection plus its account's change feed; everything else is the connection's. */
  private record ChangeAwareAccess(CalendlyAccess access, AccountChanges feed) implements CalendlyAccess {
    @Override
    public CalendlyClient client() {
      return access.client();
    }

    @Override
    public Optional<BudgetSnapshot> rateBudget() {
      return access.rateBudget();
    }

    @Override
    public Optional<List<String>> scopes() {
      return access.scopes();
    }

    @Override
    public String reconnectAdvice() {
      return access.reconnectAdvice();
    }

    @Override
    public Optional<AccessToken> tokenInUse() {
      return access.tokenInUse();
    }

    @Override
    public boolean allowsWrites() {
      return access.allowsWrites();
    }

    @Override
    public Optional<AccountChanges> changes() {
      return Optional.of(feed);
    }
  }
}
