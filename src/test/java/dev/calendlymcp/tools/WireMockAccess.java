package dev.calendlymcp.tools;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The access a tool test against a WireMock Calendly hands its tools: one client, its budget, given scopes. */
final class WireMockAccess implements CalendlyAccess {

  private final CalendlyClient client;
  private final ClientOptions options;
  private final AccessToken token;
  private final Supplier<Optional<List<String>>> scopes;

  WireMockAccess(CalendlyClient client, ClientOptions options, AccessToken token, Supplier<Optional<List<String>>> scopes) {
    this.client = client;
    this.options = options;
    this.token = token;
    this.scopes = scopes;
  }

  @Override
  public CalendlyClient client() {
    return client;
  }

  @Override
  public Optional<BudgetSnapshot> rateBudget() {
    return Optional.of(options.limiter().snapshot(options.budgetKeys().knownKeyFor(token.fingerprint())));
  }

  @Override
  public Optional<List<String>> scopes() {
    return scopes.get();
  }

  @Override
  public String reconnectAdvice() {
    return "Reconnect.";
  }
}
