package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.CalendlyOAuth;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.OAuthClientCredentials;
import dev.calendlymcp.calendly.OAuthTokens;
import dev.calendlymcp.calendly.model.User;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code calendly-mcp login}: signs in once so that MCP client configurations need no token. With
 * an OAuth app ({@code CALENDLY_CLIENT_ID}) it runs OAuth with PKCE in the browser; otherwise it
 * asks for a personal access token without echoing it. The token is checked with Calendly before
 * it is kept, encrypted, in the data directory.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
        "Sign in to Calendly once; local servers (stdio) then use this login when CALENDLY_TOKEN is not set.",
        "With CALENDLY_CLIENT_ID (your Calendly OAuth app; CALENDLY_CLIENT_SECRET for a confidential one) it"
            + " opens Calendly's sign-in page in the browser (OAuth with PKCE, redirect to a loopback port);"
            + " otherwise it asks for a personal access token (Calendly → Integrations → API & Webhooks) without"
            + " echoing it.",
        "The login is kept encrypted in the data directory (login.json, 0600, key in master.key or"
            + " CALENDLY_MCP_MASTER_KEY)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:signed in and stored",
        "1:Calendly refused the token or the sign-in did not complete",
        "2:usage error (no terminal to read the token from, --sandbox against a real Calendly)"})
final class LoginCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the login is kept. Default: $CALENDLY_MCP_DATA_DIR, else $XDG_DATA_HOME/calendly-mcp"
          + " or ~/.local/share/calendly-mcp.")
  Path dataDir;

  @Option(
      names = "--token-stdin",
      description = "Read a personal access token from the first line of standard input (for scripts) instead"
          + " of asking for it.")
  boolean tokenStdin;

  @Option(
      names = "--no-browser",
      description = "Print the sign-in URL instead of opening a browser (for a machine without one; open it"
          + " elsewhere on the same machine, the redirect goes to 127.0.0.1).")
  boolean noBrowser;

  @Option(
      names = "--sandbox",
      description = "Sign in to the sandbox at CALENDLY_API_BASE_URL / CALENDLY_AUTH_BASE_URL (start one with"
          + " `calendly-mcp sandbox --auto-approve` and set the OAuth client it prints as CALENDLY_CLIENT_ID and"
          + " CALENDLY_CLIENT_SECRET): OAuth with PKCE without a browser, since that sandbox approves at once.")
  boolean sandbox;

  static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(5);

  private final Console console;

  LoginCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    Map<String, String> env = console.env();
    CalendlyConfig config;
    try {
      config = CalendlyConfig.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 2;
    }
    String clientId = env.getOrDefault("CALENDLY_CLIENT_ID", "").strip();
    if (sandbox && (isCalendly(config.apiBaseUrl()) || isCalendly(config.authBaseUrl()) || clientId.isEmpty())) {
      console.err().println("calendly-mcp: --sandbox signs in to a running sandbox: start one with `calendly-mcp"
          + " sandbox --auto-approve`, then set CALENDLY_API_BASE_URL and CALENDLY_AUTH_BASE_URL to its URLs and"
          + " CALENDLY_CLIENT_ID / CALENDLY_CLIENT_SECRET to the OAuth client it prints.");
      return 2;
    }
    LoginStore store = LoginStore.in(dataDir, env);
    try (CalendlyHttp http = CalendlyHttp.create(config)) {
      StoredLogin login = !tokenStdin && !clientId.isEmpty()
          ? oauth(http, config, client(env, clientId))
          : personalAccessToken(http, config);
      store.save(login);
      console.err().println("Signed in to Calendly as " + login.email() + " (" + describe(login) + "); kept in "
          + store.file() + ".");
      console.err().println("Next: calendly-mcp config <client> --install, or calendly-mcp doctor.");
      return 0;
    } catch (UsageException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 2;
    } catch (OAuthLogin.LoginFailedException e) {
      console.err().println("calendly-mcp: signing in did not complete: " + e.getMessage());
      return 1;
    } catch (CalendlyException.Unauthenticated e) {
      console.err().println("calendly-mcp: Calendly refused this token (expired, revoked or mistyped)."
          + " Create a new one in Calendly → Integrations → API & Webhooks and run calendly-mcp login again.");
      return 1;
    } catch (CalendlyException e) {
      console.err().println("calendly-mcp: could not check the login with Calendly: " + e.getMessage());
      return 1;
    }
  }

  private static String describe(StoredLogin login) {
    return login.kind() == StoredLogin.Kind.OAUTH ? "OAuth, refreshed automatically" : "personal access token";
  }

  private StoredLogin personalAccessToken(CalendlyHttp http, CalendlyConfig config) {
    String raw = readToken();
    AccessToken token;
    try {
      token = AccessToken.of(raw);
    } catch (IllegalArgumentException e) {
      throw new UsageException("that is not a usable token: " + e.getMessage());
    }
    User me = CalendlyClient.create(http, token, ClientOptions.direct()).users().me().block();
    return new StoredLogin(StoredLogin.Kind.PERSONAL_ACCESS_TOKEN, config.apiBaseUrl(), config.authBaseUrl(), token,
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), me.uri().toString(), me.email());
  }

  private String readToken() {
    if (tokenStdin) {
      try {
        String line = new BufferedReader(new InputStreamReader(console.in(), StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isBlank()) {
          throw new UsageException("--token-stdin found no token on standard input");
        }
        return line;
      } catch (IOException e) {
        throw new UsageException("cannot read standard input: " + e.getMessage());
      }
    }
    java.io.Console terminal = console.processStreams() ? System.console() : null;
    if (terminal == null) {
      throw new UsageException("no terminal to ask for the token: pipe it in with --token-stdin, or set"
          + " CALENDLY_CLIENT_ID to sign in with OAuth");
    }
    console.err().println("Create a personal access token in Calendly: Integrations → API & Webhooks →"
        + " Personal access tokens → Generate new token.");
    char[] typed = terminal.readPassword("Paste the token (it is not shown): ");
    if (typed == null || typed.length == 0) {
      throw new UsageException("no token entered");
    }
    return new String(typed);
  }

  private StoredLogin oauth(CalendlyHttp http, CalendlyConfig config, OAuthClientCredentials client) {
    CalendlyOAuth oauth = CalendlyOAuth.create(http, client);
    Consumer<URI> visit = sandbox ? LoginCommand::approveHeadless : this::openBrowser;
    Progress waiting = Progress.start(console, "Waiting for the sign-in at Calendly");
    OAuthTokens tokens;
    try {
      tokens = OAuthLogin.run(config.authBaseUrl(), client.clientId(), oauth, visit, BROWSER_TIMEOUT);
    } finally {
      waiting.close();
    }
    User me = CalendlyClient.create(http, tokens.accessToken(), ClientOptions.direct()).users().me().block();
    Set<String> scopes = tokens.scope();
    return new StoredLogin(StoredLogin.Kind.OAUTH, config.apiBaseUrl(), config.authBaseUrl(), tokens.accessToken(),
        Optional.ofNullable(tokens.refreshToken()),
        Optional.of(tokens.expiresAt() != null ? tokens.expiresAt() : java.time.Instant.now().plus(Duration.ofHours(1))),
        Optional.of(client), scopes.stream().sorted().toList(), me.uri().toString(), me.email());
  }

  private void openBrowser(URI authorize) {
    console.err().println("Sign in to Calendly in your browser; if it does not open, open this URL on this machine:");
    console.err().println("  " + authorize);
    if (!noBrowser) {
      Browser.open(authorize);
    }
    console.err().println("Waiting for Calendly (up to " + BROWSER_TIMEOUT.toMinutes() + " minutes)...");
  }

  /** A sandbox started with --auto-approve redirects at once; following it delivers the code. */
  private static void approveHeadless(URI authorize) {
    HttpClient client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
    try {
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(authorize).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (!"127.0.0.1".equals(response.uri().getHost())) {
        throw new OAuthLogin.LoginFailedException("the sandbox asked for consent instead of approving at once:"
            + " start it with --auto-approve");
      }
    } catch (IOException e) {
      throw new OAuthLogin.LoginFailedException("cannot reach the sandbox at " + authorize.getHost() + ":"
          + authorize.getPort());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OAuthLogin.LoginFailedException("interrupted");
    }
  }

  private static OAuthClientCredentials client(Map<String, String> env, String clientId) {
    String secret = env.getOrDefault("CALENDLY_CLIENT_SECRET", "").strip();
    return secret.isEmpty()
        ? OAuthClientCredentials.publicClient(clientId)
        : OAuthClientCredentials.confidential(clientId, secret);
  }

  private static boolean isCalendly(URI url) {
    String host = url.getHost() == null ? "" : url.getHost();
    return host.equals("calendly.com") || host.endsWith(".calendly.com");
  }

  /** A mistake in how the command was run (exit 2). */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
