package dev.calendlymcp.server;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SeededUser;
import java.net.URI;
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
}
