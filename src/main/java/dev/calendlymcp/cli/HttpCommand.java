package dev.calendlymcp.cli;

import dev.calendlymcp.auth.store.PurgePolicy;
import dev.calendlymcp.server.HttpSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code calendly-mcp http}: serves MCP over Streamable HTTP for remote agents, behind an OAuth 2.1
 * authorization server that federates to Calendly ({@code --auth oauth}, the default), or without
 * auth on a loopback address for local clients that prefer HTTP ({@code --auth none}).
 */
@Command(
    name = "http",
    mixinStandardHelpOptions = true,
    description = "Serve MCP over Streamable HTTP at <public-url>/mcp, with OAuth 2.1 for remote agents.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:stopped by SIGTERM or Ctrl-C after the calls in flight finished", "2:a configuration error (a bad option, an unusable address or data folder); stderr says which"})
final class HttpCommand implements Callable<Integer> {

  @Mixin ServerOptions options;

  @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host = HttpSettings.DEFAULT_HOST;

  @Option(names = "--port", paramLabel = "PORT", description = "TCP port (0: any free port). Default: ${DEFAULT-VALUE}.")
  int port = HttpSettings.DEFAULT_PORT;

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "The URL clients reach this server at, e.g. https://mcp.example.com behind a TLS proxy."
          + " Default: http://<host>:<port>.")
  String publicUrl;

  @Option(
      names = "--auth",
      paramLabel = "MODE",
      description = "oauth (remote agents sign in through Calendly) or none (loopback only; acts with"
          + " CALENDLY_TOKEN or --sandbox). Default: ${DEFAULT-VALUE}.")
  String auth = "oauth";

  @Option(
      names = "--trusted-proxy",
      paramLabel = "CIDR",
      description = "A reverse proxy in front of this server (an address or block such as 10.0.0.0/8; repeatable):"
          + " requests from it are counted under the client address it names in Forwarded or X-Forwarded-For."
          + " Without it those headers are ignored.")
  List<String> trustedProxies = new ArrayList<>();

  @Option(
      names = "--management-port",
      paramLabel = "PORT",
      description = "Serve /metrics (and /healthz, /readyz) on this port of --host instead of the main port"
          + " (0: any free port). Default: off; /metrics then needs CALENDLY_MCP_METRICS_TOKEN unless the server"
          + " is reachable from this machine only.")
  Integer managementPort;

  @Option(
      names = "--grant-retention",
      paramLabel = "DAYS",
      description = "How many days an ended grant (revoked, or no longer refreshable) is kept before it is purged."
          + " Default: ${DEFAULT-VALUE}.")
  long grantRetentionDays = PurgePolicy.DEFAULT_ENDED_GRANT_RETENTION.toDays();

  @Option(
      names = "--webhook-signing-key-file",
      paramLabel = "FILE",
      description = "A file holding the signing key of a Calendly webhook subscription you made yourself that"
          + " posts to <public-url>/webhooks/calendly (the ones the server makes keep their own keys)."
          + " Or set CALENDLY_WEBHOOK_SIGNING_KEY. Default: none.")
  Path webhookSigningKeyFile;

  @Option(
      names = "--auto-approve",
      description = "With --sandbox: approve OAuth consent without a click, for headless tests.")
  boolean autoApprove;

  private final Console console;
  private final CompletableFuture<Void> stop;
  private final Consumer<HttpRunner.Running> onStarted;

  HttpCommand(Console console) {
    this(console, null, running -> {});
  }

  /** A command stopped by completing {@code stop} instead of a signal; for running it in-process. */
  HttpCommand(Console console, CompletableFuture<Void> stop, Consumer<HttpRunner.Running> onStarted) {
    this.console = console;
    this.stop = stop;
    this.onStarted = onStarted;
  }

  @Override
  public Integer call() {
    return new HttpRunner(this, console).run(stop, onStarted);
  }
}
