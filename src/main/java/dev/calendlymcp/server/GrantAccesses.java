package dev.calendlymcp.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calendlymcp.auth.GrantTokens;
import dev.calendlymcp.auth.Principal;
import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.TokenSource;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.tools.CalendlyAccess;
import io.modelcontextprotocol.common.McpTransportContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One Calendly connection per OAuth grant, all on the process's shared HTTP pool, rate limiter and
 * cache: a tool call acts with the Calendly tokens of the grant its access token names, which
 * {@link GrantTokens} refreshes before they expire. Connections of grants unused for a while are
 * dropped; they cost nothing to make again.
 */
public final class GrantAccesses implements AccessResolver {

  /** The scope that lets a client use tools that change something at Calendly. */
  public static final String WRITE_SCOPE = "calendly:write";

  static final String RECONNECT =
      "Ask the user to reconnect calendly-mcp in their MCP client (sign in to Calendly again): this"
          + " connection's Calendly authorization was revoked or has expired.";

  private final CalendlyHttp http;
  private final ClientOptions options;
  private final GrantTokens tokens;
  private final Cache<String, Connection> connections;

  /** A grant's client, and the last Calendly token it used (to scrub it from error texts). */
  private record Connection(CalendlyClient client, AtomicReference<AccessToken> lastToken) {}

  public GrantAccesses(CalendlyHttp http, ClientOptions options, GrantTokens tokens) {
    this.http = Objects.requireNonNull(http, "http");
    this.options = Objects.requireNonNull(options, "options");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.connections = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(30)).build();
  }

  @Override
  public CalendlyAccess resolve(McpTransportContext context) {
    if (!(context.get(OAuthGate.PRINCIPAL) instanceof Principal principal)) {
      throw new AccessRefusedException(
          "This request carries no Calendly authorization. " + RECONNECT);
    }
    Connection connection = connections.get(principal.grantId(), this::connect);
    return new GrantAccess(connection, principal.scopes().contains(WRITE_SCOPE));
  }

  /**
   * A client acting with one given Calendly token, outside any grant's refreshing: for undoing
   * what was set up at Calendly with a grant that is ending.
   */
  CalendlyClient clientWith(AccessToken token) {
    return CalendlyClient.create(http, token, options);
  }

  private Connection connect(String grantId) {
    AtomicReference<AccessToken> last = new AtomicReference<>();
    TokenSource source = tokens.tokenSource(grantId);
    TokenSource tracked = () -> source.token()
        .doOnNext(last::set)
        .onErrorMap(GrantTokens.GrantEndedException.class, e -> new AccessRefusedException(e.getMessage()));
    return new Connection(CalendlyClient.create(http, tracked, options), last);
  }

  private final class GrantAccess implements CalendlyAccess {
    private final Connection connection;
    private final boolean allowsWrites;

    GrantAccess(Connection connection, boolean allowsWrites) {
      this.connection = connection;
      this.allowsWrites = allowsWrites;
    }

    @Override
    public CalendlyClient client() {
      return connection.client();
    }

    @Override
    public Optional<BudgetSnapshot> rateBudget() {
      return tokenInUse()
          .filter(token -> options.limiter() != null)
          .map(token -> options.limiter().snapshot(options.budgetKeys().knownKeyFor(token.fingerprint())));
    }

    @Override
    public Optional<List<String>> scopes() {
      return Optional.empty();
    }

    @Override
    public String reconnectAdvice() {
      return RECONNECT;
    }

    @Override
    public Optional<AccessToken> tokenInUse() {
      return Optional.ofNullable(connection.lastToken().get());
    }

    @Override
    public boolean allowsWrites() {
      return allowsWrites;
    }
  }
}
