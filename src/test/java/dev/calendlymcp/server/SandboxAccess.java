package dev.calendlymcp.server;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/** The Calendly connection a server under test acts through: one seeded sandbox user, default client options. */
final class SandboxAccess {

  private SandboxAccess() {}

  static LazyCalendlyAccess of(Sandbox sandbox, SeededUser user) {
    URI base = URI.create(sandbox.apiBaseUrl());
    return new LazyCalendlyAccess(
        () -> new LazyCalendlyAccess.Target(
            CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base),
            AccessToken.of(user.token()), Optional.empty(), () -> {}),
        ClientOptions::defaults,
        "Ask the user for a new token.");
  }

  /**
   * A sandbox (seed 5, no webhook deliveries) and an in-process stdio server with every toolset,
   * acting as the sandbox's Teams owner. Closing it closes all three.
   */
  static Served teamsOwnerWithEveryToolset() {
    return teamsUserWithEveryToolset(Role.OWNER);
  }

  /** The tool timeout is the client's request timeout: a cold JVM's first call on a busy machine takes seconds. */
  static Served teamsUserWithEveryToolset(Role role) {
    Sandbox sandbox = Sandbox.start(SandboxConfig.builder().seed(5).webhookDelivery(WebhookDeliverySettings.off()).build());
    SeededUser user = sandbox.user(Plan.TEAMS, role);
    LazyCalendlyAccess access = of(sandbox, user);
    InProcessServer server = new InProcessServer(
        new ServerSettings(ToolCatalog.build(ToolOptions.everything()), "test", InProcessServer.REQUEST_TIMEOUT, Clock.systemUTC()),
        access);
    return new Served(sandbox, user, access, server);
  }

  /** A sandbox, the user a server acts as, and the server. */
  record Served(Sandbox sandbox, SeededUser user, LazyCalendlyAccess access, InProcessServer server)
      implements AutoCloseable {
    @Override
    public void close() {
      server.close();
      access.close();
      sandbox.close();
    }
  }
}
