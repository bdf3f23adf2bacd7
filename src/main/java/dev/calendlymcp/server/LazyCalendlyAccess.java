package dev.calendlymcp.server;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.RequestMeters;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.tools.CalendlyAccess;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Calendly connection that costs nothing until a tool needs it: the HTTP stack (Netty's class
 * loading alone is a few hundred milliseconds), the rate limiter and the response cache and, with
 * {@code --sandbox}, the embedded fake Calendly are created on the first call, so answering {@code
 * initialize} and {@code tools/list} stays fast.
 */
public final class LazyCalendlyAccess implements CalendlyAccess, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LazyCalendlyAccess.class);

  /**
   * Where to connect, worked out on first use.
   *
   * @param config the HTTP settings, API base URL included
   * @param token the bearer token
   * @param scopes the token's scopes when known; empty when Calendly does not reveal them
   * @param resources closed with the connection (the sandbox, say); {@code () -> {}} when none
   */
  public record Target(CalendlyConfig config, AccessToken token, Optional<List<String>> scopes, AutoCloseable resources) {
    public Target {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(scopes, "scopes");
      Objects.requireNonNull(resources, "resources");
      scopes = scopes.map(List::copyOf);
    }
  }

  private record Connection(Target target, CalendlyHttp http, ClientOptions options, CalendlyClient client) {}

  private final Supplier<Target> connect;
  private final Supplier<ClientOptions> options;
  private final String reconnectAdvice;
  private Connection connection;

  /**
   * @param connect resolves where to connect; called once, on the first tool call
   * @param options the client's limiter, cache and retries; built on the first tool call
   * @param reconnectAdvice what to tell the user when Calendly rejects the token
   */
  public LazyCalendlyAccess(Supplier<Target> connect, Supplier<ClientOptions> options, String reconnectAdvice) {
    this.connect = Objects.requireNonNull(connect, "connect");
    this.options = Objects.requireNonNull(options, "options");
    this.reconnectAdvice = Objects.requireNonNull(reconnectAdvice, "reconnectAdvice");
  }

  @Override
  public CalendlyClient client() {
    return connection().client();
  }

  /**
   * Connects now instead of on the first call. An HTTP server does, because its tool calls run on
   * event-loop threads, where starting a sandbox or an HTTP stack must not happen.
   */
  public void connectNow() {
    connection();
  }

  private synchronized Connection connection() {
    if (connection == null) {
      Target target = connect.get();
      ClientOptions shared = options.get();
      CalendlyHttp http = CalendlyHttp.create(target.config(), new RequestMeters(Metrics.globalRegistry));
      connection = new Connection(target, http, shared, CalendlyClient.create(http, target.token(), shared));
    }
    return connection;
  }

  private synchronized Optional<Connection> established() {
    return Optional.ofNullable(connection);
  }

  @Override
  public Optional<BudgetSnapshot> rateBudget() {
    return established()
        .filter(c -> c.options().limiter() != null)
        .map(c -> c.options().limiter().snapshot(
            c.options().budgetKeys().knownKeyFor(c.target().token().fingerprint())));
  }

  @Override
  public Optional<List<String>> scopes() {
    return established().flatMap(c -> c.target().scopes());
  }

  @Override
  public String reconnectAdvice() {
    return reconnectAdvice;
  }

  @Override
  public Optional<AccessToken> tokenInUse() {
    return established().map(c -> c.target().token());
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.http().close();
      try {
        connection.target().resources().close();
      } catch (Exception e) {
        log.warn("Closing the Calendly connection's resources failed: {}", e.toString());
      }
    }
  }
}
