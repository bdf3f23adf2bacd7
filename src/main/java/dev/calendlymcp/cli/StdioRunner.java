package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.auth.Scopes;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.server.LazyCalendlyAccess;
import dev.calendlymcp.server.ServerSettings;
import dev.calendlymcp.server.StdioServer;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs the stdio server until the client closes stdin. Kept free of everything the other commands
 * load, because this is the path whose start-up time clients wait for: even the sandbox of {@code
 * --sandbox} starts only when the first tool needs Calendly.
 */
final class StdioRunner {

  static final String NO_TOKEN =
      "calendly-mcp: no Calendly credentials. Set CALENDLY_TOKEN to a personal access token"
          + " (Calendly → Integrations → API & Webhooks → Personal access tokens → Generate new token)"
          + " in the MCP client's configuration for this server, or pass --sandbox to try it on an"
          + " embedded fake Calendly.";

  static final String RECONNECT_WITH_TOKEN =
      "Ask the user to create a new personal access token in Calendly (Integrations → API & Webhooks),"
          + " set it as CALENDLY_TOKEN in the MCP client's configuration for calendly-mcp and restart"
          + " the server.";

  static final String RECONNECT_SANDBOX =
      "This server runs on the embedded sandbox, whose token does not expire: restart the server.";

  private StdioRunner() {}

  /** @return the process exit code: 0 after a clean end of input, 2 for a configuration error */
  static int run(ServerOptions options, Console console) throws InterruptedException {
    ToolOptions toolOptions;
    LazyCalendlyAccess access;
    try {
      toolOptions = options.toolOptions();
      if (options.toolTimeoutSeconds < 1) {
        throw new IllegalArgumentException("--tool-timeout must be at least 1 second");
      }
      CalendlyConfig config = CalendlyConfig.fromEnvironment(console.env());
      if (options.sandbox) {
        access = new LazyCalendlyAccess(() -> sandbox(config), () -> ClientOptions.fromEnvironment(System.getenv()), RECONNECT_SANDBOX);
      } else {
        String token = console.env().get("CALENDLY_TOKEN");
        if (token == null || token.isBlank()) {
          console.err().println(NO_TOKEN);
          return 2;
        }
        LazyCalendlyAccess.Target target =
            new LazyCalendlyAccess.Target(config, tokenFrom(token), Optional.empty(), () -> {});
        access = new LazyCalendlyAccess(() -> target, () -> ClientOptions.fromEnvironment(System.getenv()), RECONNECT_WITH_TOKEN);
      }
    } catch (IllegalArgumentException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 2;
    }
    ServerSettings settings =
        new ServerSettings(
            ToolCatalog.build(toolOptions),
            Version.current(),
            Duration.ofSeconds(options.toolTimeoutSeconds),
            Clock.systemUTC());
    if (console.processStreams()) {
      // stdout is the protocol channel now: anything printed by accident must not corrupt it.
      System.setOut(console.err());
    }
    StdioServer server = StdioServer.start(console.in(), console.out(), settings, access);
    if (console.processStreams()) {
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "calendly-mcp-shutdown"));
    }
    server.awaitEndOfInput();
    server.close();
    // The Calendly connection (and a sandbox) is left to the process's exit: closing a pool or an
    // HTTP server gracefully can take longer than the second a client gives a server to go.
    return 0;
  }

  /** Starts the embedded sandbox and acts as its seeded owner on a paid plan, who may book. */
  private static LazyCalendlyAccess.Target sandbox(CalendlyConfig config) {
    Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    return new LazyCalendlyAccess.Target(
        config.withApiBaseUrl(URI.create(sandbox.apiBaseUrl())).withAuthBaseUrl(URI.create(sandbox.authBaseUrl())),
        AccessToken.of(owner.token()),
        Optional.of(Scopes.ALL),
        sandbox);
  }

  private static AccessToken tokenFrom(String raw) {
    try {
      return AccessToken.of(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("CALENDLY_TOKEN is not usable: " + e.getMessage(), e);
    }
  }
}
