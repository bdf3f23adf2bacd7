package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.CalendlyOAuth;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.OAuthTokens;
import dev.calendlymcp.calendly.RequestMeters;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.tools.CalendlyAccess;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The stdio server's Calendly connection when it acts with the login of {@code calendly-mcp
 * login} instead of {@code CALENDLY_TOKEN}. Like {@link dev.calendlymcp.server.LazyCalendlyAccess}
 * it costs nothing until the first tool call, which decrypts the login. An OAuth login is refreshed
 * shortly before its access token expires and the rotated refresh token is saved before the new
 * access token is used; the refresh holds a lock file, and re-reads the login under it, because
 * another local server (a second MCP client) may share the login and have refreshed it already:
 * Calendly's refresh tokens are single-use.
 */
final class StoredLoginAccess implements CalendlyAccess, AutoCloseable {

  static final String RECONNECT =
      "The Calendly login stored by calendly-mcp was revoked or has expired: ask the user to run"
          + " `calendly-mcp login` in a terminal, then restart the server.";

  /** How long before expiry a token is renewed, so that no request leaves with a dying one. */
  static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

  private record Connection(CalendlyHttp http, ClientOptions options, CalendlyClient client) {}

  private final LoginStore store;
  private final Map<String, String> env;
  private final Clock clock;
  private final AtomicReference<StoredLogin> login = new AtomicReference<>();
  private final AtomicReference<AccessToken> lastToken = new AtomicReference<>();
  private Mono<AccessToken> refreshing;
  private Connection connection;

  StoredLoginAccess(LoginStore store, Map<String, String> env, Clock clock) {
    this.store = store;
    this.env = env;
    this.clock = clock;
  }

  @Override
  public CalendlyClient client() {
    return connection().client();
  }

  private synchronized Connection connection() {
    if (connection == null) {
      StoredLogin current = store.load().orElseThrow(() -> new IllegalStateException(
          "The Calendly login was removed (calendly-mcp logout). " + RECONNECT));
      login.set(current);
      // The environment may point elsewhere (a sandbox for a test); otherwise the login's Calendly.
      CalendlyConfig config = CalendlyConfig.fromEnvironment(env);
      if (!env.containsKey("CALENDLY_API_BASE_URL")) {
        config = config.withApiBaseUrl(current.apiBaseUrl()).withAuthBaseUrl(current.authBaseUrl());
      }
      ClientOptions options = ClientOptions.fromEnvironment(env);
      CalendlyHttp http = CalendlyHttp.create(config, new RequestMeters(Metrics.globalRegistry));
      CalendlyClient client = CalendlyClient.create(http, () -> token(http).doOnNext(lastToken::set), options);
      connection = new Connection(http, options, client);
    }
    return connection;
  }

  private Mono<AccessToken> token(CalendlyHttp http) {
    StoredLogin current = login.get();
    if (fresh(current)) {
      return Mono.just(current.accessToken());
    }
    return refresh(http);
  }

  private boolean fresh(StoredLogin current) {
    return current.kind() == StoredLogin.Kind.PERSONAL_ACCESS_TOKEN
        || current.expiresAt().map(at -> at.isAfter(clock.instant().plus(REFRESH_AHEAD))).orElse(true);
  }

  /** One refresh at a time in this process; callers arriving meanwhile share it. */
  private synchronized Mono<AccessToken> refresh(CalendlyHttp http) {
    if (refreshing == null) {
      refreshing = Mono.fromCallable(() -> refreshUnderLock(http))
          .subscribeOn(Schedulers.boundedElastic())
          .doFinally(signal -> clearRefreshing())
          .cache();
    }
    return refreshing;
  }

  private synchronized void clearRefreshing() {
    refreshing = null;
  }

  private AccessToken refreshUnderLock(CalendlyHttp http) {
    try (FileChannel lockFile = FileChannel.open(store.dir().resolve("login.lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = lockFile.lock();
      try {
        return refreshLocked(http);
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + store.dir().resolve("login.lock"), e);
    }
  }

  private AccessToken refreshLocked(CalendlyHttp http) {
    StoredLogin current = store.load().orElseThrow(() -> new IllegalStateException(
        "The Calendly login was removed (calendly-mcp logout). " + RECONNECT));
    if (!fresh(current)) {
      CalendlyOAuth oauth = CalendlyOAuth.create(http, current.client().orElseThrow());
      OAuthTokens tokens = oauth.refresh(current.refreshToken().orElseThrow()).block();
      Instant now = clock.instant();
      current = current.refreshed(
          tokens.accessToken(),
          tokens.refreshToken() != null ? tokens.refreshToken() : current.refreshToken().orElseThrow(),
          tokens.expiresAt() != null ? tokens.expiresAt() : now.plus(Duration.ofHours(1)));
      store.save(current);
    }
    login.set(current);
    return current.accessToken();
  }

  @Override
  public Optional<BudgetSnapshot> rateBudget() {
    Connection established;
    synchronized (this) {
      established = connection;
    }
    AccessToken token = lastToken.get();
    if (established == null || token == null || established.options().limiter() == null) {
      return Optional.empty();
    }
    return Optional.of(established.options().limiter().snapshot(
        established.options().budgetKeys().knownKeyFor(token.fingerprint())));
  }

  @Override
  public Optional<List<String>> scopes() {
    StoredLogin current = login.get();
    return current == null || current.scopes().isEmpty() ? Optional.empty() : Optional.of(current.scopes());
  }

  @Override
  public String reconnectAdvice() {
    return RECONNECT;
  }

  @Override
  public Optional<AccessToken> tokenInUse() {
    return Optional.ofNullable(lastToken.get());
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.http().close();
    }
  }
}
