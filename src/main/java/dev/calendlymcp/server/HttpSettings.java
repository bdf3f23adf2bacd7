package dev.calendlymcp.server;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

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
 * @param trustedProxies the reverse proxies whose {@code Forwarded}/{@code X-Forwarded-For} name
 *     the client; empty: those headers are ignored and the TCP peer is the client
 * @param managementPort where {@code /metrics} is served instead of the main port (0: any free
 *     port); empty: on the main port, under the rule of {@link #metricsOnMainPortWithoutToken}
 * @param metricsToken the bearer token {@code /metrics} requires, wherever it is served
 * @param limits what one client or agent can make the server hold
 */
public record HttpSettings(
    String host,
    int port,
    Optional<URI> publicUrl,
    int maxRequestBytes,
    Duration sessionIdleTimeout,
    Duration shutdownGrace,
    List<Cidr> trustedProxies,
    OptionalInt managementPort,
    Optional<MetricsToken> metricsToken,
    HttpLimits limits) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private static final Cidr LOOPBACK_V4 = Cidr.parse("127.0.0.0/8");
  private static final Cidr LOOPBACK_V6 = Cidr.parse("::1/128");

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
    trustedProxies = List.copyOf(trustedProxies);
    Objects.requireNonNull(managementPort, "managementPort");
    managementPort.ifPresent(management -> {
      if (management < 0 || management > 65535) {
        throw new IllegalArgumentException("--management-port must be between 0 and 65535, got " + management);
      }
      if (management != 0 && management == port) {
        throw new IllegalArgumentException("--management-port must differ from --port (" + port + ")");
      }
    });
    Objects.requireNonNull(metricsToken, "metricsToken");
    Objects.requireNonNull(limits, "limits");
  }

  public static HttpSettings of(String host, int port, Optional<URI> publicUrl) {
    return new HttpSettings(host, port, publicUrl, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_SESSION_IDLE_TIMEOUT,
        DEFAULT_SHUTDOWN_GRACE, List.of(), OptionalInt.empty(), Optional.empty(), HttpLimits.DEFAULTS);
  }

  public HttpSettings withTrustedProxies(List<Cidr> proxies) {
    return new HttpSettings(host, port, publicUrl, maxRequestBytes, sessionIdleTimeout, shutdownGrace, proxies,
        managementPort, metricsToken, limits);
  }

  public HttpSettings withManagementPort(int management) {
    return new HttpSettings(host, port, publicUrl, maxRequestBytes, sessionIdleTimeout, shutdownGrace, trustedProxies,
        OptionalInt.of(management), metricsToken, limits);
  }

  public HttpSettings withMetricsToken(MetricsToken token) {
    return new HttpSettings(host, port, publicUrl, maxRequestBytes, sessionIdleTimeout, shutdownGrace, trustedProxies,
        managementPort, Optional.of(token), limits);
  }

  public HttpSettings withLimits(HttpLimits limits) {
    return new HttpSettings(host, port, publicUrl, maxRequestBytes, sessionIdleTimeout, shutdownGrace, trustedProxies,
        managementPort, metricsToken, limits);
  }

  /** Whether {@link #host()} is a loopback address, the only kind {@code --auth none} may bind. */
  public boolean bindsLoopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Whether {@code /metrics} may be served on the main port without a token: only by a server that
   * no one else reaches, bound to loopback with a loopback public URL and no proxy in front. Behind
   * a proxy on the same machine the peer is loopback too, so binding alone proves nothing.
   */
  public boolean metricsOnMainPortWithoutToken() {
    return managementPort.isEmpty()
        && metricsToken.isEmpty()
        && bindsLoopback()
        && trustedProxies.isEmpty()
        && !publishedElsewhere();
  }

  /** Whether {@link #publicUrl} names a host other than this machine. */
  public boolean publishedElsewhere() {
    return publicUrl.map(url -> !isLoopback(url.getHost())).orElse(false);
  }

  /** Whether clients reach this server over plain http on another machine: tokens would cross the network in clear. */
  public boolean publicUrlIsCleartextOffMachine() {
    return publishedElsewhere() && "http".equals(publicUrl.orElseThrow().getScheme());
  }

  /** A loopback IP literal or {@code localhost}; names are never looked up. */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if ("localhost".equalsIgnoreCase(bare)) {
      return true;
    }
    return Cidr.ipLiteral(bare).map(bytes -> LOOPBACK_V4.contains(address(bytes)) || LOOPBACK_V6.contains(address(bytes)))
        .orElse(false);
  }

  private static InetAddress address(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are an IP address", e);
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
