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
import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one Calendly user a local server (stdio, or HTTP with {@code --auth none}) acts as: the
 * owner of {@code CALENDLY_TOKEN}, or the embedded sandbox's seeded owner with {@code --sandbox}.
 * Nothing connects until the first tool call.
 */
final class LocalAccess {

  static final String RECONNECT_WITH_TOKEN =
      "Ask the user to create a new personal access token in Calendly (Integrations → API & Webhooks),"
          + " set it as CALENDLY_TOKEN in the MCP client's configuration for calendly-mcp and restart"
          + " the server.";

  static final String RECONNECT_SANDBOX =
      "This server runs on the embedded sandbox, whose token does not expire: restart the server.";

  private LocalAccess() {}

  /**
   * @return empty when neither {@code --sandbox} nor {@code CALENDLY_TOKEN} says whom to act as
   * @throws IllegalArgumentException naming the setting that is unusable
   */
  static Optional<LazyCalendlyAccess> create(boolean sandbox, Console console) {
    return create(sandbox, console, () -> ClientOptions.fromEnvironment(console.env()));
  }

  /** As {@link #create(boolean, Console)}, with the process's client options (whose cache webhooks drop). */
  static Optional<LazyCalendlyAccess> create(boolean sandbox, Console console, Supplier<ClientOptions> options) {
    CalendlyConfig config = CalendlyConfig.fromEnvironment(console.env());
    if (sandbox) {
      return Optional.of(new LazyCalendlyAccess(
          () -> sandbox(config), options, RECONNECT_SANDBOX));
    }
    String token = console.env().get("CALENDLY_TOKEN");
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    LazyCalendlyAccess.Target target =
        new LazyCalendlyAccess.Target(config, tokenFrom(token), Optional.empty(), () -> {});
    return Optional.of(new LazyCalendlyAccess(
        () -> target, options, RECONNECT_WITH_TOKEN));
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
