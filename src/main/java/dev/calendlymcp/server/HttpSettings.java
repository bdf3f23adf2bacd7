package dev.calendlymcp.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how the Streamable HTTP server listens.
 *
 * @param host the address to bind; loopback unless the operator chose otherwise
 * @param port the port; 0 lets the OS choose
 * @param publicUrl the URL clients reach this server at (behind a proxy, its https URL); empty
 *     means {@code http://host:port} as bound
 * @param maxRequestBytes the largest request body accepted
 * @param sessionIdleTimeout how long a session without traffic is kept
 * @param shutdownGrace how long in-flight calls may take to finish once shutdown begins
 * @param limits what one client or agent can make the server hold
 */
public record HttpSettings(
    String host, int port, Optional<URI> publicUrl, int maxRequestBytes, Duration sessionIdleTimeout, Duration shutdownGrace,
    HttpLimits limits) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  public HttpSettings {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, got " + port);
    }
    Objects.requireNonNull(publicUrl, "publicUrl");
    publicUrl.ifPresent(HttpSettings::checkPublicUrl);
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException("the request size limit must be at least 1 KiB");
    }
    Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(limits, "limits");
  }

  public static HttpSettings of(String host, int port, Optional<URI> publicUrl) {
    return new HttpSettings(host, port, publicUrl, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_SESSION_IDLE_TIMEOUT,
        DEFAULT_SHUTDOWN_GRACE, HttpLimits.DEFAULTS);
  }

  public HttpSettings withLimits(HttpLimits limits) {
    return new HttpSettings(host, port, publicUrl, maxRequestBytes, sessionIdleTimeout, shutdownGrace, limits);
  }

  /** Whether {@link #host()} is a loopback address, the only kind {@code --auth none} may bind. */
  public boolean bindsLoopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static void checkPublicUrl(URI url) {
    String scheme = url.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme) || url.getHost() == null) {
      throw new IllegalArgumentException("--public-url must be an absolute http(s) URL, got " + url);
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("--public-url must not have a query or fragment, got " + url);
    }
    if (url.getRawPath() != null && !url.getRawPath().isEmpty() && !"/".equals(url.getRawPath())) {
      throw new IllegalArgumentException(
          "--public-url must be the server's root (the MCP endpoint is <public-url>/mcp), got " + url);
    }
  }
}
