package dev.calendlymcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calendlymcp.sandbox.Sandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SandboxCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Void> stop = new CompletableFuture<>();
  private final CompletableFuture<Sandbox> started = new CompletableFuture<>();

  private CompletableFuture<Integer> run(String... args) {
    CommandLine command = new CommandLine(new SandboxCommand(stop, started::complete));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return CompletableFuture.supplyAsync(() -> command.execute(args));
  }

  @Test
  void jsonModePrintsOneParsableLineListingUsersWithWorkingTokens() throws Exception {
    CompletableFuture<Integer> exit = run("--json", "--seed", "9");
    Sandbox sandbox = started.get(60, TimeUnit.SECONDS);

    String printed = out.toString();
    assertThat(printed.strip().lines()).hasSize(1);
    JsonNode line = JsonMapper.builder().build().readTree(printed);
    assertThat(line.path("api_base_url").asString()).isEqualTo(sandbox.apiBaseUrl());
    assertThat(line.path("auth_base_url").asString()).isEqualTo(sandbox.authBaseUrl());
    JsonNode users = line.path("users");
    assertThat(users.size()).isEqualTo(12);
    JsonNode first = users.get(0);
    assertThat(first.path("plan").asString()).isIn("free", "standard", "teams", "enterprise");
    assertThat(first.path("role").asString()).isEqualTo("owner");
    assertThat(first.path("organization").asString()).startsWith(sandbox.apiBaseUrl() + "/organizations/");
    HttpResponse<String> me = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + "/users/me"))
            .header("Authorization", "Bearer " + first.path("token").asString()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains(first.path("email").asString());
    assertThat(line.path("oauth_client").path("client_id").asString()).isEqualTo(sandbox.oauthApp().clientId());
    assertThat(line.path("oauth_client").path("client_secret").asString()).isEqualTo(sandbox.oauthApp().clientSecret());
    assertThat(line.propertyNames()).containsExactly("api_base_url", "auth_base_url", "users", "oauth_client");

    stop.complete(null);
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void textModeListsTheFirstTwentyUsersAndHowManyMore() throws Exception {
    CompletableFuture<Integer> exit = run("--size", "large");
    Sandbox sandbox = started.get(60, TimeUnit.SECONDS);

    String printed = out.toString();
    assertThat(printed).contains("API base URL:  " + sandbox.apiBaseUrl());
    assertThat(printed).contains("... and 980 more");
    assertThat(printed).contains(sandbox.users().get(19).token()).doesNotContain(sandbox.users().get(20).token());
    assertThat(printed).contains("client_id:     " + sandbox.oauthApp().clientId())
        .contains("client_secret: " + sandbox.oauthApp().clientSecret());
    stop.complete(null);
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void autoApproveAnswersTheAuthorizationRequestWithACode() throws Exception {
    CompletableFuture<Integer> exit = run("--auto-approve");
    Sandbox sandbox = started.get(60, TimeUnit.SECONDS);

    HttpResponse<String> authorize = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(sandbox.authBaseUrl() + "/oauth/authorize?response_type=code&client_id="
            + sandbox.oauthApp().clientId() + "&redirect_uri=http://127.0.0.1:9/cb&state=s")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(authorize.statusCode()).isEqualTo(302);
    assertThat(authorize.headers().firstValue("Location").orElseThrow()).startsWith("http://127.0.0.1:9/cb?code=");
    assertThat(out.toString()).contains("auto-approve on");
    stop.complete(null);
    assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void anUnknownSizeIsAUsageError() {
    int exit = new CommandLine(new SandboxCommand(stop, started::complete))
        .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute("--size", "huge");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("size");
    assertThat(started).isNotDone();
  }

  @Test
  void theMainCommandOffersTheSandbox() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("sandbox");
  }
}
