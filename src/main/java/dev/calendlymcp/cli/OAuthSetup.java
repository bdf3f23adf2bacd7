package dev.calendlymcp.cli;

import dev.calendlymcp.audit.AuditLog;
import dev.calendlymcp.auth.AuthSettings;
import dev.calendlymcp.auth.AuthorizationServer;
import dev.calendlymcp.auth.IpRateLimits;
import dev.calendlymcp.auth.store.AuthStore;
import dev.calendlymcp.auth.store.PurgePolicy;
import dev.calendlymcp.auth.store.SecretBox;
import dev.calendlymcp.auth.store.SqliteAuthStore;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.CalendlyOAuth;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.OAuthClientCredentials;
import dev.calendlymcp.calendly.RequestMeters;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.oauth.OAuthApp;
import dev.calendlymcp.server.HttpGate;
import dev.calendlymcp.server.OAuthGate;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The OAuth side of {@code http}: where Calendly's OAuth app comes from (the operator's, or the
 * sandbox's), the durable store under {@code --data-dir}, and the gate built from them once the
 * public URL is known.
 */
final class OAuthSetup {

  static final String NO_APP =
      "--auth oauth needs this server's Calendly OAuth app: register one at developer.calendly.com"
          + " (My Apps → Create new app) with the redirect URI <public-url>/oauth/callback, then set"
          + " CALENDLY_CLIENT_ID and CALENDLY_CLIENT_SECRET. Or pass --sandbox to try it on the"
          + " embedded fake Calendly, or --auth none for a local, single-user server.";

  /** Ten years: the store's instants stay well inside what it can write. */
  static final long MAX_GRANT_RETENTION_DAYS = 3650;

  private OAuthSetup() {}

  /**
   * Adds what it opens to {@code resources}, which the caller closes in reverse order; signed-in
   * users read their agents' calls in {@code audit} at {@code /audit}.
   */
  static Function<URI, HttpGate> gate(
      HttpCommand command, Console console, ClientOptions options, AuditLog audit, List<AutoCloseable> resources) {
    if (command.grantRetentionDays < 0 || command.grantRetentionDays > MAX_GRANT_RETENTION_DAYS) {
      throw new IllegalArgumentException("--grant-retention must be 0 to " + MAX_GRANT_RETENTION_DAYS
          + " days, got " + command.grantRetentionDays);
    }
    PurgePolicy purge = PurgePolicy.defaults().withEndedGrantRetention(Duration.ofDays(command.grantRetentionDays));
    Map<String, String> env = console.env();
    CalendlyConfig config = CalendlyConfig.fromEnvironment(env);
    OAuthClientCredentials app;
    Path dataDir;
    if (command.options.sandbox) {
      Sandbox sandbox = Sandbox.start(SandboxConfig.builder().autoApprove(command.autoApprove).build());
      resources.add(sandbox);
      config = config.withApiBaseUrl(URI.create(sandbox.apiBaseUrl())).withAuthBaseUrl(URI.create(sandbox.authBaseUrl()));
      OAuthApp seeded = sandbox.oauthApp();
      app = OAuthClientCredentials.confidential(seeded.clientId(), seeded.clientSecret());
      dataDir = command.options.dataDir != null ? command.options.dataDir : temporaryDataDir(resources);
    } else {
      app = calendlyApp(env);
      dataDir = command.options.dataDir != null ? command.options.dataDir : defaultDataDir(env);
    }
    AuthStore store = SqliteAuthStore.open(dataDir, SecretBox.loadOrCreate(dataDir, env), Clock.systemUTC(), purge);
    resources.add(store);
    CalendlyHttp http = CalendlyHttp.create(config, new RequestMeters(Metrics.globalRegistry));
    resources.add(http::close);
    CalendlyOAuth oauth = CalendlyOAuth.create(http, app);
    URI calendlyAuth = config.authBaseUrl();
    boolean sandbox = command.options.sandbox;
    boolean autoApprove = command.autoApprove;
    Policy ceiling = command.options.ceiling().orElseGet(Policy::unrestricted);
    return publicUrl -> {
      AuthSettings settings = AuthSettings.defaults(publicUrl, calendlyAuth, app, sandbox, autoApprove)
          .withCeiling(ceiling);
      return OAuthGate.create(
          AuthorizationServer.create(settings, store, oauth, new IpRateLimits(settings.clock()), audit), http, options,
          store);
    };
  }

  private static OAuthClientCredentials calendlyApp(Map<String, String> env) {
    String id = env.get("CALENDLY_CLIENT_ID");
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(NO_APP);
    }
    String secret = env.get("CALENDLY_CLIENT_SECRET");
    return secret == null || secret.isBlank()
        ? OAuthClientCredentials.publicClient(id.strip())
        : OAuthClientCredentials.confidential(id.strip(), secret.strip());
  }

  /** {@code $XDG_DATA_HOME/calendly-mcp}, else {@code ~/.local/share/calendly-mcp}. */
  static Path defaultDataDir(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank()
        ? Path.of(xdg)
        : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("calendly-mcp");
  }

  /**
   * The sandbox's Calendly forgets everything when the process ends, so grants kept past it would
   * hold dead tokens: a sandbox server keeps its store in a folder deleted at exit.
   */
  private static Path temporaryDataDir(List<AutoCloseable> resources) {
    try {
      Path dir = Files.createTempDirectory("calendly-mcp-sandbox-");
      resources.add(() -> deleteTree(dir));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary data folder", e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
