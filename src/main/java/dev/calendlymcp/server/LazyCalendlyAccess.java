package dev.calendlymcp.server;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.RateLimitHeaders;
import dev.calendlymcp.calendly.RateLimitListener;
import dev.calendlymcp.tools.CalendlyAccess;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Calendly connection that costs nothing until a tool needs it: the HTTP stack (Netty's class
 * loading alone is a few hundred milliseconds) and, with {@code --sandbox}, the embedded fake
 * Calendly are created on the first call, so answering {@code initialize} and {@code tools/list}
 * stays fast.
 */
public final class LazyCalendlyAccess implements CalendlyAccess, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LazyCalendlyAccess.class);

  /**
   * Where to connect, worked out on first use.
   *
   * @param config the HTTP settings, API base URL included
   * @param token the bearer token
   * @param resources closed with the connection (the sandbox, say); {@code () -> {}} when none
   */
  public record Target(CalendlyConfig config, AccessToken token, AutoCloseable resources) {
    public Target {
      Objects.requireNonNull(config, "config");
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(resources, "resources");
    }
  }

  private final Supplier<Target> connect;
  private final String reconnectAdvice;
  private final AtomicReference<RateLimitHeaders> latest = new AtomicReference<>();
  private Target target;
  private CalendlyHttp http;
  private CalendlyClient client;

  /**
   * @param connect resolves where to connect; called once, on the first tool call
   * @param reconnectAdvice what to tell the user when Calendly rejects the token
   */
  public LazyCalendlyAccess(Supplier<Target> connect, String reconnectAdvice) {
    this.connect = Objects.requireNonNull(connect, "connect");
    this.reconnectAdvice = Objects.requireNonNull(reconnectAdvice, "reconnectAdvice");
  }

  @Override
  public synchronized CalendlyClient client() {
    if (client == null) {
      Target resolved = connect.get();
      RateLimitListener listener = observation -> {
        if (!observation.headers().isEmpty()) {
          latest.set(observation.headers());
        }
      };
      http = CalendlyHttp.create(resolved.config(), listener);
      client = CalendlyClient.create(http, resolved.token());
      target = resolved;
    }
    return client;
  }

  @Override
  public Optional<RateLimitHeaders> rateLimit() {
    return Optional.ofNullable(latest.get());
  }

  @Override
  public String reconnectAdvice() {
    return reconnectAdvice;
  }

  /** The token in use, once connected; for redacting it from anything sent to a client. */
  public synchronized Optional<AccessToken> token() {
    return target == null ? Optional.empty() : Optional.of(target.token());
  }

  @Override
  public synchronized void close() {
    if (http != null) {
      http.close();
    }
    if (target != null) {
      try {
        target.resources().close();
      } catch (Exception e) {
        log.warn("Closing the Calendly connection's resources failed: {}", e.toString());
      }
    }
  }
}
