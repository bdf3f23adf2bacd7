package dev.calendlymcp.cli;

import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SandboxSize;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.oauth.OAuthApp;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code calendly-mcp sandbox}: runs the fake Calendly standalone and prints where it listens, the
 * seeded users with their tokens and the seeded OAuth app's credentials, readably or as one JSON
 * line ({@code --json}) for scripts.
 * Runs until SIGINT/SIGTERM, then closes the sandbox. Logs go to stderr; stdout carries only that
 * listing.
 */
@Command(
    name = "sandbox",
    mixinStandardHelpOptions = true,
    description = "Run the embedded fake Calendly (all 28 API endpoints, seeded data) until stopped.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by SIGTERM or Ctrl-C", "2:a bad option"})
final class SandboxCommand implements Callable<Integer> {

  private static final int LISTED = 20;

  @Spec CommandSpec spec;

  @Option(names = "--port", defaultValue = "0", description = "TCP port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated data. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--size", defaultValue = "small", description = "small or large. Default: ${DEFAULT-VALUE}.")
  String size;

  @Option(names = "--json", description = "Print one JSON line (base URLs, users, OAuth client) instead of text.")
  boolean json;

  @Option(
      names = "--auto-approve",
      description = "OAuth: answer /oauth/authorize at once with a code for the login_hint user (or the first"
          + " seeded user) instead of showing the consent page.")
  boolean autoApprove;

  private final CompletableFuture<Void> stop;
  private final Consumer<Sandbox> onStarted;

  /** The command as the CLI runs it: stopped by SIGINT or SIGTERM. */
  SandboxCommand() {
    this(null, sandbox -> {});
  }

  /**
   * A command stopped by completing {@code stop} instead of a signal, reporting the running
   * sandbox to {@code onStarted}; for running it in-process.
   */
  SandboxCommand(CompletableFuture<Void> stop, Consumer<Sandbox> onStarted) {
    this.stop = stop;
    this.onStarted = onStarted;
  }

  @Override
  public Integer call() {
    SandboxSize parsedSize;
    try {
      parsedSize = SandboxSize.parse(size);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--size " + e.getMessage());
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
    }
    Sandbox sandbox =
        Sandbox.start(SandboxConfig.builder().port(port).seed(seed).size(parsedSize).autoApprove(autoApprove).build());
    CompletableFuture<Void> stopped = stop != null ? stop : new CompletableFuture<>();
    if (stop == null) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        sandbox.close();
        stopped.complete(null);
      }, "sandbox-shutdown"));
    }
    try {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(jsonLine(sandbox));
      } else {
        printReadably(out, sandbox);
      }
      out.flush();
      onStarted.accept(sandbox);
      stopped.join();
    } finally {
      sandbox.close();
    }
    return 0;
  }

  private static String jsonLine(Sandbox sandbox) {
    JsonMapper mapper = JsonMapper.builder().build();
    ObjectNode root = mapper.createObjectNode();
    root.put("api_base_url", sandbox.apiBaseUrl());
    root.put("auth_base_url", sandbox.authBaseUrl());
    ArrayNode users = root.putArray("users");
    for (SeededUser user : sandbox.users()) {
      users.addObject()
          .put("email", user.email())
          .put("name", user.name())
          .put("user", user.userUri())
          .put("token", user.token())
          .put("plan", user.plan().wireName())
          .put("role", user.role().wireName())
          .put("organization", user.organizationUri());
    }
    OAuthApp app = sandbox.oauthApp();
    root.putObject("oauth_client")
        .put("client_id", app.clientId())
        .put("client_secret", app.clientSecret());
    return mapper.writeValueAsString(root);
  }

  private void printReadably(PrintWriter out, Sandbox sandbox) {
    List<SeededUser> users = sandbox.users();
    out.println("Calendly sandbox running (seed " + seed + ", size " + size + "). Stop it with Ctrl+C.");
    out.println("API base URL:  " + sandbox.apiBaseUrl());
    out.println("Auth base URL: " + sandbox.authBaseUrl());
    out.println();
    out.println("Seeded users; each personal access token carries every scope:");
    int emailWidth = users.stream().limit(LISTED).mapToInt(u -> u.email().length()).max().orElse(5);
    out.printf("  %-10s  %-5s  %-" + emailWidth + "s  %s%n", "PLAN", "ROLE", "EMAIL", "TOKEN");
    for (SeededUser user : users.subList(0, Math.min(LISTED, users.size()))) {
      out.printf("  %-10s  %-5s  %-" + emailWidth + "s  %s%n",
          user.plan().wireName(), user.role().wireName(), user.email(), user.token());
    }
    if (users.size() > LISTED) {
      out.println("  ... and " + (users.size() - LISTED) + " more (use --json to list all)");
    }
    out.println();
    OAuthApp app = sandbox.oauthApp();
    out.println("OAuth app (every scope; redirect URIs: any http URL on 127.0.0.1, localhost or [::1]"
        + (autoApprove ? "; auto-approve on" : "") + "):");
    out.println("  client_id:     " + app.clientId());
    out.println("  client_secret: " + app.clientSecret());
    out.println("  authorize:     " + sandbox.authBaseUrl() + "/oauth/authorize");
    out.println("  token:         " + sandbox.authBaseUrl() + "/oauth/token");
    out.println();
    out.println("Try: curl -H \"Authorization: Bearer " + users.get(0).token() + "\" " + sandbox.apiBaseUrl() + "/users/me");
  }
}
