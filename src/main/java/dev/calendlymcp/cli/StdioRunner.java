package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.server.LazyCalendlyAccess;
import dev.calendlymcp.server.ServerSettings;
import dev.calendlymcp.server.StdioServer;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs the stdio server until the client closes stdin. Kept free of picocli and of everything the
 * other commands load, because this is the path whose start-up time clients wait for.
 */
final class StdioRunner {

  static final String NO_TOKEN =
      "calendly-mcp: no Calendly credentials. Set CALENDLY_TOKEN to a personal access token"
          + " (Calendly → Integrations → API & Webhooks → Personal access tokens → Generate new token)"
          + " in the MCP client's configuration for this server.";

  static final String RECONNECT_WITH_TOKEN =
      "Ask the user to create a new personal access token in Calendly (Integrations → API & Webhooks),"
          + " set it as CALENDLY_TOKEN in the MCP client's configuration for calendly-mcp and restart"
          + " the server.";

  private StdioRunner() {}

  /** @return the process exit code: 0 after a clean end of input, 2 for a configuration error */
  static int run(ServerOptions options, Console console) throws InterruptedException {
    ToolOptions toolOptions;
    LazyCalendlyAccess.Target target;
    try {
      toolOptions = options.toolOptions();
      if (options.toolTimeoutSeconds < 1) {
        throw new IllegalArgumentException("--tool-timeout must be at least 1 second");
      }
      String token = console.env().get("CALENDLY_TOKEN");
      if (token == null || token.isBlank()) {
        console.err().println(NO_TOKEN);
        return 2;
      }
      target = new LazyCalendlyAccess.Target(
          CalendlyConfig.fromEnvironment(console.env()), tokenFrom(token), () -> {});
    } catch (IllegalArgumentException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 2;
    }
    LazyCalendlyAccess access = new LazyCalendlyAccess(() -> target, RECONNECT_WITH_TOKEN);
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
    StdioServer server = StdioServer.start(console.in(), console.out(), settings, access, access::token);
    if (console.processStreams()) {
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "calendly-mcp-shutdown"));
    }
    server.awaitEndOfInput();
    server.close();
    return 0;
  }

  private static AccessToken tokenFrom(String raw) {
    try {
      return AccessToken.of(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("CALENDLY_TOKEN is not usable: " + e.getMessage(), e);
    }
  }
}
