package dev.calendlymcp.cli;

import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.server.AgentPolicies;
import dev.calendlymcp.server.LazyCalendlyAccess;
import dev.calendlymcp.server.LiveResources;
import dev.calendlymcp.server.McpJson;
import dev.calendlymcp.server.ServerSettings;
import dev.calendlymcp.server.StdioServer;
import dev.calendlymcp.tools.CalendlyAccess;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import dev.calendlymcp.webhooks.ChangePoller;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the stdio server until the client closes stdin. Kept free of everything the other commands
 * load, because this is the path whose start-up time clients wait for: even the sandbox of {@code
 * --sandbox} starts only when the first tool needs Calendly.
 */
final class StdioRunner {

  static final String NO_TOKEN =
      "calendly-mcp: no Calendly credentials. Set CALENDLY_TOKEN to a personal access token"
          + " (Calendly → Integrations → API & Webhooks → Personal access tokens → Generate new token)"
          + " in the MCP client's configuration for this server, or sign in once in a terminal with"
          + " `calendly-mcp login`, or pass --sandbox to try it on an embedded fake Calendly.";

  /** The thread that builds the protocol's JSON mapper while the rest of the server is set up. */
  private static final String JSON_THREAD = "calendly-mcp-json";

  private StdioRunner() {}

  /** @return the process exit code: 0 after a clean end of input, 2 for a configuration error */
  static int run(ServerOptions options, Console console) throws InterruptedException {
    StartupWarmUp.start();
    // The protocol's JSON mapper takes tens of milliseconds to build (Jackson's set-up, its date
    // format's locale data), and nothing below needs it until the server starts: built on a thread of
    // its own meanwhile, it is ready sooner on a machine with a second core (docs/startup.md).
    CompletableFuture<McpJson> json =
        CompletableFuture.supplyAsync(McpJson::new, task -> StartupWarmUp.beside(JSON_THREAD, task));
    ToolOptions toolOptions;
    CalendlyAccess access;
    AuditSettings audit;
    Policy policy;
    try {
      toolOptions = options.toolOptions();
      policy = options.localPolicy();
      options.checkToolTimeout();
      Optional<LazyCalendlyAccess> configured = LocalAccess.create(options.sandbox, console);
      if (configured.isPresent()) {
        access = configured.get();
      } else {
        // CALENDLY_TOKEN wins; without it, the login of `calendly-mcp login`, decrypted on first use.
        LoginStore logins = LoginStore.in(options.dataDir, console.env());
        if (!logins.exists()) {
          console.err().println(NO_TOKEN);
          return 2;
        }
        access = new StoredLoginAccess(logins, console.env(), Clock.systemUTC());
      }
      audit = AuditSetup.open(options, console.env());
    } catch (IllegalArgumentException | UncheckedIOException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 2;
    }
    ServerSettings settings =
        new ServerSettings(
            ToolCatalog.build(toolOptions),
            Version.current(),
            Duration.ofSeconds(options.toolTimeoutSeconds),
            Clock.systemUTC())
            .withPolicies(AgentPolicies.fixed(policy))
            .withAudit(audit);
    if (!policy.restricted()) {
      console.err().println(ServerOptions.NO_POLICY);
    }
    if (console.processStreams()) {
      // stdout is the protocol channel now: anything printed by accident must not corrupt it.
      System.setOut(console.err());
    }
    ChangeFeed changes = new ChangeFeed(new InMemoryChangeStore());
    StdioServer server = StdioServer.start(console.in(), console.out(), settings, access, changes, json.join());
    // Over stdio no webhook can reach us: resource updates come from polling, while a session subscribes.
    ChangePoller poller = new ChangePoller(access::client, LiveResources.LOCAL_ACCOUNT, changes,
        () -> server.live().subscriptions().watched(LiveResources.LOCAL_ACCOUNT),
        () -> access.rateBudget().map(BudgetSnapshot::limit).orElse(ChangePoller.DEFAULT_REQUESTS_PER_MINUTE),
        ChangePoller.DEFAULT_SHARE, Schedulers.boundedElastic(), Clock.systemUTC()).start();
    if (console.processStreams()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        audit.log().close();
      }, "calendly-mcp-shutdown"));
    }
    server.awaitEndOfInput();
    poller.close();
    server.close();
    audit.log().close();
    // The Calendly connection (and a sandbox) is left to the process's exit: closing a pool or an
    // HTTP server gracefully can take longer than the second a client gives a server to go.
    return 0;
  }
}
