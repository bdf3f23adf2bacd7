package dev.calendlymcp.server;

import dev.calendlymcp.changes.ChangeFeed;
import dev.calendlymcp.changes.InMemoryChangeStore;
import dev.calendlymcp.tools.CalendlyAccess;
import dev.calendlymcp.transport.MessageLimits;
import dev.calendlymcp.transport.MessageScreen;
import dev.calendlymcp.transport.Refusals;
import dev.calendlymcp.policy.Policy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP server on a pair of byte streams (the process's stdin and stdout, or pipes in tests),
 * with {@link StdioTransport} behind a {@link ScreenedInput}. It serves from {@link #start}
 * until the input ends; then {@link #close()} lets in-flight work finish for a moment and stops.
 */
public final class StdioServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StdioServer.class);

  /** Longest accepted line; larger ones are answered with an error and discarded. */
  static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

  /**
   * How long, once the client closed stdin, requests already received may take to be answered.
   * A client that closes stdin right after a request still wants its answer, and a cold JVM on a
   * busy machine took more than the former 500 ms for {@code initialize} plus {@code tools/list}
   * (4 of 12 runs unanswered). With nothing pending the process ends at once; a client that will
   * not wait sends SIGTERM, as the MCP stdio shutdown sequence has it.
   */
  static final Duration DRAIN = Duration.ofSeconds(10);

  /** How long closing waits for the session to wind down. */
  static final Duration CLOSE_GRACE = Duration.ofMillis(250);

  private final McpAsyncServer server;
  private final CountDownLatch inputEnded;
  private final LiveResources live;

  /** The name the stdio session goes by among subscriptions. */
  static final String SESSION = "stdio";

  private StdioServer(McpAsyncServer server, CountDownLatch inputEnded, LiveResources live) {
    this.server = server;
    this.inputEnded = inputEnded;
    this.live = live;
  }

  /** What this server's session subscribes to. */
  public LiveResources live() {
    return live;
  }

  /**
   * Starts serving: from here on, {@code in} is read on the transport's thread and answers go to {@code
   * out}.
   *
   * @param access the Calendly connection every call acts through
   */
  public static StdioServer start(InputStream in, OutputStream out, ServerSettings settings, CalendlyAccess access) {
    return start(in, out, settings, access, new ChangeFeed(new InMemoryChangeStore()));
  }

  /**
   * Starts serving, with resource updates from {@code changes} (which the poller feeds).
   *
   * @param access the Calendly connection every call acts through
   */
  public static StdioServer start(
      InputStream in, OutputStream out, ServerSettings settings, CalendlyAccess access, ChangeFeed changes) {
    return start(in, out, settings, access, changes, new McpJson());
  }

  /** Starts serving with a mapper built beforehand (the stdio command builds it beside the rest of its start). */
  public static StdioServer start(InputStream in, OutputStream out, ServerSettings settings, CalendlyAccess access,
      ChangeFeed changes, McpJson json) {
    InFlightCalls inFlight = new InFlightCalls();
    CountDownLatch inputEnded = new CountDownLatch(1);
    PendingRequests pending = new PendingRequests();
    PendingRequests.CountingOutput output = pending.new CountingOutput(out);
    LiveResources live = new LiveResources(changes, settings.catalog());
    MessageScreen messages = new MessageScreen(json.sdk(), MessageLimits.DEFAULTS, Refusals.onFirstUse(StdioServer::meters));
    RequestScreen screen = new RequestScreen(json, messages, settings.catalog(), inFlight, pending,
        withLists(live.stdioSubscriptions(SESSION), settings, access, live, json));
    ScreenedInput input =
        new ScreenedInput(in, output, screen, pending, MAX_LINE_BYTES, DRAIN, inputEnded::countDown);
    StdioTransport transport = new StdioTransport(json.sdk(), input, output);
    McpAsyncServer server =
        CalendlyMcpServer.create(
            transport, json, settings, AccessResolver.fixed(access), inFlight, StdioServer::meters, live);
    // One session on stdio: an update for the local account goes to it, if its policy lets it read it.
    Policy policy = localPolicy(settings);
    live.notifyThrough((session, uri) -> PolicyResources.readable(policy, uri, live.resources())
        ? transport.notifyClients(
            McpSchema.METHOD_NOTIFICATION_RESOURCES_UPDATED, new McpSchema.ResourcesUpdatedNotification(uri))
        : Mono.empty());
    return new StdioServer(server, inputEnded, live);
  }

  /**
   * Micrometer's global registry, which {@code Metrics} builds when first touched: over stdio no
   * scrape reads it, so meters are made at their first use, not before the first answer.
   */
  private static MeterRegistry meters() {
    return Metrics.globalRegistry;
  }

  /** Over stdio the policy is fixed at start-up (flags or file), so it is read once. */
  private static Policy localPolicy(ServerSettings settings) {
    return settings.policies().of(McpTransportContext.EMPTY).map(AgentPolicies.AgentPolicy::policy)
        .blockOptional().orElseThrow();
  }

  /**
   * {@code tools/list}, {@code resources/list} and {@code resources/templates/list} answered here
   * with what the one local policy allows; the SDK's own lists hold everything.
   */
  private static RequestScreen.LocalRequests withLists(RequestScreen.LocalRequests others, ServerSettings settings,
      CalendlyAccess access, LiveResources live, McpJson json) {
    Policy policy = localPolicy(settings);
    List<McpSchema.Tool> tools =
        new PolicyToolList(settings.catalog(), AccessResolver.fixed(access), settings.policies()).listed(policy, access.allowsWrites());
    List<McpSchema.Resource> resources = PolicyResources.listedResources(policy, live.resources(),
        AuditResource.specification(settings.audit(), settings.policies(), json.mapper()).resource());
    List<McpSchema.ResourceTemplate> templates = PolicyResources.listedTemplates(policy, live.resources());
    return new RequestScreen.LocalRequests() {
      @Override
      public boolean handles(String method) {
        return McpSchema.METHOD_TOOLS_LIST.equals(method) || McpSchema.METHOD_RESOURCES_LIST.equals(method)
            || McpSchema.METHOD_RESOURCES_TEMPLATES_LIST.equals(method) || others.handles(method);
      }

      @Override
      public McpSchema.JSONRPCResponse answer(McpSchema.JSONRPCRequest request) {
        return switch (request.method()) {
          case McpSchema.METHOD_TOOLS_LIST ->
              McpSchema.JSONRPCResponse.result(request.id(), McpSchema.ListToolsResult.builder(tools).build());
          case McpSchema.METHOD_RESOURCES_LIST ->
              McpSchema.JSONRPCResponse.result(request.id(), McpSchema.ListResourcesResult.builder(resources).build());
          case McpSchema.METHOD_RESOURCES_TEMPLATES_LIST ->
              McpSchema.JSONRPCResponse.result(request.id(), McpSchema.ListResourceTemplatesResult.builder(templates).build());
          default -> others.answer(request);
        };
      }
    };
  }

  /** Blocks until the client closes the input stream. */
  public void awaitEndOfInput() throws InterruptedException {
    inputEnded.await();
  }

  /** Blocks until the client closes the input stream or {@code timeout} passes. */
  public boolean awaitEndOfInput(Duration timeout) throws InterruptedException {
    return inputEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops serving; waits at most {@link #CLOSE_GRACE}. Safe to call more than once. */
  @Override
  public void close() {
    try {
      server.closeGracefully().block(CLOSE_GRACE);
    } catch (RuntimeException e) {
      log.debug("The MCP session did not close within {} ms", CLOSE_GRACE.toMillis(), e);
    }
  }
}
