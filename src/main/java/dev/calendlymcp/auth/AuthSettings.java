package dev.calendlymcp.auth;

import dev.calendlymcp.calendly.OAuthClientCredentials;
import dev.calendlymcp.policy.Policy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How our authorization server runs.
 *
 * @param publicUrl the issuer: the URL clients reach this server at, without a trailing slash
 * @param resource the protected resource our tokens are for: {@code publicUrl + "/mcp"}
 * @param calendlyAuthBaseUrl Calendly's OAuth server (auth.calendly.com, or the sandbox)
 * @param calendlyApp this server's own OAuth app at Calendly
 * @param sandbox whether Calendly is the embedded sandbox: allows loopback client metadata
 *     documents and {@code autoApprove}
 * @param autoApprove approve consent without showing the page (headless tests); sandbox only
 * @param accessTokenLifetime how long our access tokens live
 * @param refreshTokenLifetime how long our refresh tokens live
 * @param clock the time source
 * @param ceiling the organization's ceiling ({@code --policy-ceiling}): the consent pages offer
 *     nothing above it, and every agent's policy is held under it
 */
public record AuthSettings(
    URI publicUrl,
    URI resource,
    URI calendlyAuthBaseUrl,
    OAuthClientCredentials calendlyApp,
    boolean sandbox,
    boolean autoApprove,
    Duration accessTokenLifetime,
    Duration refreshTokenLifetime,
    Clock clock,
    Policy ceiling) {

  public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(10);
  public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);
  /** Our authorization codes: single use, and short enough that a leaked one is of no use. */
  public static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
  /** A login between consent and Calendly's answer. */
  public static final Duration LOGIN_LIFETIME = Duration.ofMinutes(10);
  /** A browser's session at our server, which remembers whose consents apply. */
  public static final Duration BROWSER_SESSION_LIFETIME = Duration.ofDays(30);

  public AuthSettings {
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(calendlyAuthBaseUrl, "calendlyAuthBaseUrl");
    Objects.requireNonNull(calendlyApp, "calendlyApp");
    Objects.requireNonNull(accessTokenLifetime, "accessTokenLifetime");
    Objects.requireNonNull(refreshTokenLifetime, "refreshTokenLifetime");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ceiling, "ceiling");
    if (autoApprove && !sandbox) {
      throw new IllegalArgumentException("auto-approve skips the user's consent and is allowed only on the sandbox");
    }
    if (publicUrl.toString().endsWith("/")) {
      throw new IllegalArgumentException("publicUrl must not end with a slash: " + publicUrl);
    }
  }

  /** The usual settings for a server reached at {@code publicUrl}, with its MCP endpoint at /mcp. */
  public static AuthSettings defaults(
      URI publicUrl, URI calendlyAuthBaseUrl, OAuthClientCredentials calendlyApp, boolean sandbox, boolean autoApprove) {
    return new AuthSettings(publicUrl, URI.create(publicUrl + "/mcp"), calendlyAuthBaseUrl, calendlyApp, sandbox,
        autoApprove, DEFAULT_ACCESS_TOKEN_LIFETIME, DEFAULT_REFRESH_TOKEN_LIFETIME, Clock.systemUTC(),
        Policy.unrestricted());
  }

  public AuthSettings withClock(Clock newClock) {
    return new AuthSettings(publicUrl, resource, calendlyAuthBaseUrl, calendlyApp, sandbox, autoApprove,
        accessTokenLifetime, refreshTokenLifetime, newClock, ceiling);
  }

  public AuthSettings withCeiling(Policy newCeiling) {
    return new AuthSettings(publicUrl, resource, calendlyAuthBaseUrl, calendlyApp, sandbox, autoApprove,
        accessTokenLifetime, refreshTokenLifetime, clock, newCeiling);
  }

  /** Where Calendly sends the user back to us. */
  public URI callbackUri() {
    return URI.create(publicUrl + "/oauth/callback");
  }

  public String issuer() {
    return publicUrl.toString();
  }
}
