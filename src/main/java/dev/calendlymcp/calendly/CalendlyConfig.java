package dev.calendlymcp.calendly;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the HTTP connection to Calendly. Immutable; {@link #fromEnvironment(Map)} reads the
 * documented environment variables so that any deployment (or the sandbox) can redirect the
 * client without code.
 *
 * @param apiBaseUrl REST API root, {@code https://api.calendly.com} by default
 * @param authBaseUrl OAuth server root, {@code https://auth.calendly.com} by default
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param responseTimeout how long to wait for a whole response once the request is sent
 * @param http2 offer HTTP/2 (with HTTP/1.1 fallback) instead of HTTP/1.1 only
 * @param maxConnections size of the shared keep-alive pool
 * @param userAgent sent on every request so that Calendly can tell who calls
 */
public record CalendlyConfig(
    URI apiBaseUrl,
    URI authBaseUrl,
    Duration connectTimeout,
    Duration responseTimeout,
    boolean http2,
    int maxConnections,
    String userAgent) {

  public static final URI DEFAULT_API_BASE_URL = URI.create("https://api.calendly.com");
  public static final URI DEFAULT_AUTH_BASE_URL = URI.create("https://auth.calendly.com");

  public CalendlyConfig {
    apiBaseUrl = withoutTrailingSlash(Objects.requireNonNull(apiBaseUrl, "apiBaseUrl"));
    authBaseUrl = withoutTrailingSlash(Objects.requireNonNull(authBaseUrl, "authBaseUrl"));
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(responseTimeout, "responseTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
    }
    Objects.requireNonNull(userAgent, "userAgent");
  }

  public static CalendlyConfig defaults() {
    return new CalendlyConfig(
        DEFAULT_API_BASE_URL,
        DEFAULT_AUTH_BASE_URL,
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        false,
        64,
        "calendly-mcp");
  }

  /**
   * Reads {@code CALENDLY_API_BASE_URL}, {@code CALENDLY_AUTH_BASE_URL}, {@code
   * CALENDLY_HTTP2} (true/false), {@code CALENDLY_CONNECT_TIMEOUT_MS} and {@code
   * CALENDLY_RESPONSE_TIMEOUT_MS}; anything unset keeps its default.
   */
  public static CalendlyConfig fromEnvironment(Map<String, String> env) {
    CalendlyConfig d = defaults();
    return new CalendlyConfig(
        url(env, "CALENDLY_API_BASE_URL", d.apiBaseUrl()),
        url(env, "CALENDLY_AUTH_BASE_URL", d.authBaseUrl()),
        millis(env, "CALENDLY_CONNECT_TIMEOUT_MS", d.connectTimeout()),
        millis(env, "CALENDLY_RESPONSE_TIMEOUT_MS", d.responseTimeout()),
        bool(env, "CALENDLY_HTTP2", d.http2()),
        d.maxConnections(),
        d.userAgent());
  }

  public CalendlyConfig withApiBaseUrl(URI url) {
    return new CalendlyConfig(url, authBaseUrl, connectTimeout, responseTimeout, http2, maxConnections, userAgent);
  }

  public CalendlyConfig withAuthBaseUrl(URI url) {
    return new CalendlyConfig(apiBaseUrl, url, connectTimeout, responseTimeout, http2, maxConnections, userAgent);
  }

  public CalendlyConfig withResponseTimeout(Duration timeout) {
    return new CalendlyConfig(apiBaseUrl, authBaseUrl, connectTimeout, timeout, http2, maxConnections, userAgent);
  }

  public CalendlyConfig withHttp2(boolean enabled) {
    return new CalendlyConfig(apiBaseUrl, authBaseUrl, connectTimeout, responseTimeout, enabled, maxConnections, userAgent);
  }

  public CalendlyConfig withUserAgent(String agent) {
    return new CalendlyConfig(apiBaseUrl, authBaseUrl, connectTimeout, responseTimeout, http2, maxConnections, agent);
  }

  private static URI url(Map<String, String> env, String name, URI fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    URI uri;
    try {
      uri = URI.create(raw.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a valid URL: " + e.getMessage(), e);
    }
    String scheme = uri.getScheme();
    if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme) || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an http(s) URL such as https://api.calendly.com, got " + raw);
    }
    return uri;
  }

  private static Duration millis(Map<String, String> env, String name, Duration fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      long ms = Long.parseLong(raw.strip());
      if (ms <= 0) {
        throw new NumberFormatException();
      }
      return Duration.ofMillis(ms);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a positive number of milliseconds, got " + raw, e);
    }
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, got " + raw);
    };
  }

  private static URI withoutTrailingSlash(URI uri) {
    String s = uri.toString();
    return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : uri;
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}
