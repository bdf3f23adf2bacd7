package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.policy.Policy;
import dev.calendlymcp.server.AccessResolver;
import dev.calendlymcp.server.AgentPolicies;
import dev.calendlymcp.server.Cidr;
import dev.calendlymcp.server.HttpGate;
import dev.calendlymcp.server.LiveSettings;
import dev.calendlymcp.server.HttpMcpServer;
import dev.calendlymcp.server.HttpSettings;
import dev.calendlymcp.server.LazyCalendlyAccess;
import dev.calendlymcp.server.MetricsToken;
import dev.calendlymcp.audit.AuditLog;
import dev.calendlymcp.audit.AuditSettings;
import dev.calendlymcp.server.ServerSettings;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.webhooks.CacheInvalidation;
import dev.calendlymcp.webhooks.WebhookReceiver;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs {@code calendly-mcp http}: checks the options, builds the gate (OAuth or none), serves until
 * SIGINT/SIGTERM (or {@code stop}), then drains. Prints one line on stdout once listening, {@code
 * MCP endpoint: <url>}, so scripts and tests can find a port the OS chose; logs go to stderr.
 */
final class HttpRunner {

  /** The running server, for in-process callers. */
  record Running(HttpMcpServer server) {}

  static final String ENDPOINT_LINE = "MCP endpoint: ";

  private final HttpCommand command;
  private final Console console;

  HttpRunner(HttpCommand command, Console console) {
    this.command = command;
    this.console = console;
  }

  /** @return the exit code: 0 after a clean stop, 2 for a configuration error */
  int run(CompletableFuture<Void> stop, Consumer<Running> onStarted) {
    List<AutoCloseable> resources = new ArrayList<>();
    HttpMcpServer server;
    try {
      command.options.checkToolTimeout();
      HttpSettings http = httpSettings();
      AuditSettings audit = audit(resources);
      ServerSettings settings = new ServerSettings(
          ToolCatalog.build(command.options.toolOptions()),
          Version.current(),
          Duration.ofSeconds(command.options.toolTimeoutSeconds),
          Clock.systemUTC())
          .withPolicies(policies())
          .withAudit(audit);
      // First, so that meters the sandbox and the client register on start-up reach /metrics too.
      PrometheusMeterRegistry metrics = metrics();
      ClientOptions clientOptions = ClientOptions.fromEnvironment(console.env());
      ChangeFeed changes = new ChangeFeed(new InMemoryChangeStore());
      if (clientOptions.cache() != null) {
        // Registered before the server's own listener: a session told of a change then reads past the cache.
        changes.listen(CacheInvalidation.local(clientOptions.cache())::changed);
      }
      Function<URI, HttpGate> gate = gate(http, clientOptions, audit.log(), resources);
      Optional<WebhookReceiver> webhooks = WebhookSetup.receiver(command, console, changes, resources);
      server = HttpMcpServer.start(http, settings, gate, metrics, changes, LiveSettings.defaults(), webhooks);
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      closeAll(resources);
      return 2;
    }
    PrintStream out = new PrintStream(console.out(), true, StandardCharsets.UTF_8);
    out.println(ENDPOINT_LINE + server.mcpUrl());
    onStarted.accept(new Running(server));
    CompletableFuture<Void> stopped = stop != null ? stop : new CompletableFuture<>();
    if (stop == null) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        closeAll(resources);
        stopped.complete(null);
      }, "calendly-mcp-http-shutdown"));
    }
    stopped.join();
    if (stop != null) {
      server.close();
      closeAll(resources);
    }
    return 0;
  }

  private AuditSettings audit(List<AutoCloseable> resources) {
    AuditSettings audit = AuditSetup.open(command.options, console.env());
    resources.add(audit.log());
    return audit;
  }

  /**
   * With {@code --auth none}, the policy of the person running the server, as over stdio; with
   * OAuth each agent has the one its user chose, and only the organization's ceiling comes from here.
   */
  private AgentPolicies policies() {
    if (!"none".equals(command.auth)) {
      if (command.options.setsLocalPolicy()) {
        throw new IllegalArgumentException("--policy, --profile, --grant and --lockdown set the policy of a local"
            + " server; with --auth oauth each agent's policy is chosen by its user on the consent page."
            + " Use --policy-ceiling FILE to cap them all.");
      }
      return AgentPolicies.unrestricted();
    }
    Policy policy = command.options.localPolicy();
    if (!policy.restricted()) {
      console.err().println(ServerOptions.NO_POLICY);
    }
    return AgentPolicies.fixed(policy);
  }

  private HttpSettings httpSettings() {
    HttpSettings http = HttpSettings.of(command.host, command.port, publicUrl()).withTrustedProxies(trustedProxies());
    if (command.managementPort != null) {
      http = http.withManagementPort(command.managementPort);
    }
    String token = console.env().get(MetricsToken.ENV);
    if (token != null && !token.isEmpty()) {
      http = http.withMetricsToken(MetricsToken.of(token));
    }
    return http;
  }

  private List<Cidr> trustedProxies() {
    List<Cidr> proxies = new ArrayList<>();
    for (String value : command.trustedProxies) {
      try {
        proxies.add(Cidr.parse(value.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--trusted-proxy " + e.getMessage(), e);
      }
    }
    return proxies;
  }

  private Optional<URI> publicUrl() {
    if (command.publicUrl == null || command.publicUrl.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(URI.create(command.publicUrl.strip()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--public-url is not a URL: " + command.publicUrl, e);
    }
  }

  private Function<URI, HttpGate> gate(
      HttpSettings http, ClientOptions clientOptions, AuditLog audit, List<AutoCloseable> resources) {
    if (command.autoApprove && !command.options.sandbox) {
      throw new IllegalArgumentException(
          "--auto-approve skips the user's consent and is only for the sandbox: add --sandbox or drop it");
    }
    switch (command.auth) {
      case "none":
        return openGate(http, clientOptions, resources);
      case "oauth":
        return OAuthSetup.gate(command, console, clientOptions, audit, resources);
      default:
        throw new IllegalArgumentException("--auth must be oauth or none, got " + command.auth);
    }
  }

  private Function<URI, HttpGate> openGate(
      HttpSettings http, ClientOptions clientOptions, List<AutoCloseable> resources) {
    if (!http.bindsLoopback()) {
      throw new IllegalArgumentException(
          "--auth none serves without authentication, so it binds only a loopback address (127.0.0.1,"
              + " ::1); got --host " + http.host() + ". Use --auth oauth to serve other machines.");
    }
    if (command.autoApprove) {
      throw new IllegalArgumentException("--auto-approve is for --auth oauth; --auth none has no consent to skip");
    }
    LazyCalendlyAccess access = LocalAccess.create(command.options.sandbox, console, () -> clientOptions)
        .orElseThrow(() -> new IllegalArgumentException(StdioRunner.NO_TOKEN.replaceFirst("^calendly-mcp: ", "")));
    resources.add(access);
    access.connectNow();
    return publicUrl -> HttpGate.open(AccessResolver.fixed(access));
  }

  /** Prometheus for {@code /metrics}, joined to the global registry the client's meters use. */
  private static PrometheusMeterRegistry metrics() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    Metrics.addRegistry(registry);
    return registry;
  }

  private void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        console.err().println("calendly-mcp: closing " + resources.get(i).getClass().getSimpleName() + " failed: " + e);
      }
    }
  }
}
