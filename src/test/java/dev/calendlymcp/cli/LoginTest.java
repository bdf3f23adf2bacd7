package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.oauth.OAuthApp;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code login}, the stdio server using the stored login and {@code logout}, against a sandbox
 * that approves OAuth at once (so nobody clicks): the login is checked, kept encrypted and
 * owner-only, a server started without CALENDLY_TOKEN acts with it, and logging out revokes it
 * at the sandbox.
 */
@Timeout(120)
class LoginTest {

  @TempDir Path data;
  private Sandbox sandbox;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    sandbox = Sandbox.start(SandboxConfig.builder().autoApprove(true).build());
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Map<String, String> sandboxEnv() {
    OAuthApp app = sandbox.oauthApp();
    Map<String, String> env = new HashMap<>();
    env.put("CALENDLY_API_BASE_URL", sandbox.apiBaseUrl());
    env.put("CALENDLY_AUTH_BASE_URL", sandbox.authBaseUrl());
    env.put("CALENDLY_CLIENT_ID", app.clientId());
    env.put("CALENDLY_CLIENT_SECRET", app.clientSecret());
    env.put("CALENDLY_MCP_DATA_DIR", data.toString());
    return env;
  }

  private int run(Map<String, String> env, String stdin, String... args) {
    err.reset();
    Console console = new Console(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8), false);
    return Main.commandLine(console).execute(args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aHeadlessOAuthLoginServesStdioWithoutATokenAndLogoutRevokesItAtTheSandbox() throws Exception {
    assertThat(run(sandboxEnv(), "", "login", "--sandbox")).as(err()).isZero();
    assertThat(err()).contains("Signed in to Calendly as ", "OAuth");

    Path file = data.resolve("login.json");
    StoredLogin login = LoginStore.in(data, Map.of()).load().orElseThrow();
    assertThat(login.kind()).isEqualTo(StoredLogin.Kind.OAUTH);
    assertThat(Files.readString(file))
        .doesNotContain(login.accessToken().reveal())
        .doesNotContain(login.refreshToken().orElseThrow().reveal())
        .doesNotContain(sandbox.oauthApp().clientSecret());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("master.key"))))
        .isEqualTo("rw-------");
    assertThat(status(login.accessToken().reveal())).isEqualTo(200);

    // A client config with no token and no Calendly URLs: the login says where and as whom.
    String whoami = whoamiThroughStdio(Map.of("CALENDLY_MCP_DATA_DIR", data.toString()));
    assertThat(whoami).contains(login.email()).doesNotContain("\"isError\":true");

    // The access token ran out while no server ran: the next server refreshes it silently and keeps
    // Calendly's new (single-use) refresh token.
    LoginStore store = LoginStore.in(data, Map.of());
    store.save(login.refreshed(login.accessToken(), login.refreshToken().orElseThrow(),
        java.time.Instant.now().minusSeconds(60)));
    assertThat(whoamiThroughStdio(Map.of("CALENDLY_MCP_DATA_DIR", data.toString())))
        .contains(login.email()).doesNotContain("\"isError\":true");
    StoredLogin refreshed = store.load().orElseThrow();
    assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
    assertThat(refreshed.expiresAt().orElseThrow()).isAfter(java.time.Instant.now());
    login = refreshed;

    assertThat(run(Map.of("CALENDLY_MCP_DATA_DIR", data.toString()), "", "logout")).as(err()).isZero();
    assertThat(err()).contains("Revoked", "Deleted");
    assertThat(file).doesNotExist();
    assertThat(status(login.accessToken().reveal())).as("the sandbox no longer honours the token").isEqualTo(401);
  }

  @Test
  void aPersonalAccessTokenIsCheckedBeforeItIsKept() {
    SeededUser owner = sandbox.user(Plan.TEAMS, Role.OWNER);
    Map<String, String> env = new HashMap<>(sandboxEnv());
    env.remove("CALENDLY_CLIENT_ID");

    assertThat(run(env, "not-a-token-the-sandbox-knows-0123456789\n", "login", "--token-stdin")).isEqualTo(1);
    assertThat(err()).contains("Calendly refused this token").doesNotContain("not-a-token");
    assertThat(data.resolve("login.json")).doesNotExist();

    assertThat(run(env, owner.token() + "\n", "login", "--token-stdin")).as(err()).isZero();
    StoredLogin login = LoginStore.in(data, Map.of()).load().orElseThrow();
    assertThat(login.kind()).isEqualTo(StoredLogin.Kind.PERSONAL_ACCESS_TOKEN);
    assertThat(login.email()).isEqualTo(owner.email());
    assertThat(err()).doesNotContain(owner.token());

    assertThat(run(Map.of("CALENDLY_MCP_DATA_DIR", data.toString()), "", "logout")).isZero();
    assertThat(err()).contains("Personal access tokens", "Integrations");
    assertThat(data.resolve("login.json")).doesNotExist();
  }

  @Test
  void sandboxLoginRefusesARealCalendly() {
    Map<String, String> env = Map.of("CALENDLY_CLIENT_ID", "real-app", "CALENDLY_MCP_DATA_DIR", data.toString());
    assertThat(run(env, "", "login", "--sandbox")).isEqualTo(2);
    assertThat(err()).contains("calendly-mcp sandbox --auto-approve");
  }

  @Test
  void withoutATerminalOrTokenStdinLoginExplainsHowAndExits2() {
    Map<String, String> env = Map.of("CALENDLY_MCP_DATA_DIR", data.toString());
    assertThat(run(env, "", "login")).isEqualTo(2);
    assertThat(err()).contains("--token-stdin");
  }

  private int status(String token) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/users/me"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Starts the server as a client would (a child JVM, stdio) and returns its answer to whoami. */
  private static String whoamiThroughStdio(Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()))
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().removeIf(name -> name.startsWith("CALENDLY_"));
    builder.environment().putAll(env);
    Process server = builder.start();
    try (BufferedReader answers =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream stdin = server.getOutputStream();
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
          + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"login-test\",\"version\":\"1\"}}}");
      assertThat(nextLine(answers)).contains("\"id\":1");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
          + "\"arguments\":{}}}");
      String answer = nextLine(answers);
      stdin.close();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return answer;
    } finally {
      server.destroyForcibly();
    }
  }

  private static String nextLine(BufferedReader answers) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return answers.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).get(60, TimeUnit.SECONDS);
  }

  private static void send(OutputStream stdin, String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}
