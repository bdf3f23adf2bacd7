package dev.calendlymcp.cli;

import dev.calendlymcp.server.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code calendly-mcp demo}: starts this server as a real stdio child process on the embedded
 * sandbox, the way an MCP client launches it, and drives it with the MCP SDK's client through a
 * scripted scheduling conversation ({@link DemoConversation}), printing each tool call and its
 * answer. Needs no Calendly account; exits 1 naming the step when one fails.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start this server on the embedded sandbox as a child process and drive it over MCP through"
            + " a scripted scheduling conversation, printing each tool call and its result.")
final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  // A cold JVM plus the sandbox's start take about a second; a loaded machine gets generous room.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  private final Supplier<List<String>> serverCommand;

  /** The demo on this very server: its jar (or class path) with {@code --sandbox}. */
  DemoCommand() {
    this(() -> ServerLaunch.thisServer(List.of("--sandbox")));
  }

  /** @param serverCommand the command line that starts the server to talk to */
  DemoCommand(Supplier<List<String>> serverCommand) {
    this.serverCommand = serverCommand;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    McpJson json = new McpJson();
    List<String> command = serverCommand.get();
    // The SDK's client reports a process that cannot start only as an initialize timeout.
    if (!Files.isExecutable(Path.of(command.get(0)))) {
      err.println("calendly-mcp demo failed: cannot start the server: " + command.get(0) + " is not an executable file");
      err.flush();
      return 1;
    }
    StdioClientTransport transport =
        new StdioClientTransport(
            ServerParameters.builder(command.get(0)).args(command.subList(1, command.size())).build(), json.sdk());
    // The server's stderr carries its log; stdout here is the conversation, so the log only goes
    // to this process's log, at debug (CALENDLY_MCP_LOG_LEVEL=DEBUG shows it). Its last lines
    // explain a server that stopped, so they are kept for the failure message.
    ServerLog serverLog = new ServerLog();
    transport.setStdErrorHandler(line -> {
      log.debug("server: {}", line);
      serverLog.add(line);
    });
    McpSyncClient client =
        McpClient.sync(transport)
            .clientInfo(McpSchema.Implementation.builder("calendly-mcp-demo", Version.current()).build())
            .initializationTimeout(START_TIMEOUT)
            .requestTimeout(CALL_TIMEOUT)
            .build();
    try {
      out.printf(
          "calendly-mcp demo: an MCP client starts the server as a child process and talks to it over%n"
              + "stdin/stdout, as an agent's client would. The server acts on the embedded sandbox, a fake%n"
              + "Calendly: nothing real is booked.%n  $ %s%n%n",
          readable(command));
      out.flush();
      out.println(connect(client, serverLog));
      out.println();
      new DemoConversation(client, out, json.mapper(), Clock.systemUTC()).run();
      out.printf(
          "Done: %d tool calls found a time, booked %s, moved the meeting and canceled it.%n"
              + "To work on your own Calendly account, add the server to your MCP client with a"
              + " CALENDLY_TOKEN (see the README).%n",
          DemoConversation.STEPS, DemoConversation.INVITEE_NAME);
      out.flush();
      return 0;
    } catch (DemoConversation.DemoFailure e) {
      out.flush();
      err.println("calendly-mcp demo failed: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      client.closeGracefully();
    }
  }

  /** Initializes the session and lists the tools; returns a line saying what answered. */
  private static String connect(McpSyncClient client, ServerLog serverLog) {
    try {
      McpSchema.InitializeResult server = client.initialize();
      List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
      return String.format(
          "Connected to %s %s (MCP %s), which offers %d tools:%n  %s",
          server.serverInfo().name(), server.serverInfo().version(), server.protocolVersion(), tools.size(),
          String.join(", ", tools));
    } catch (RuntimeException e) {
      throw new DemoConversation.DemoFailure(
          "the server did not start and answer initialize: " + McpError.aggregateExceptionMessages(e)
              + serverLog.lastLines(),
          e);
    }
  }

  /** The command as a person would type it: a class path is long and says nothing, so it is elided. */
  private static String readable(List<String> command) {
    List<String> words = new ArrayList<>(command);
    words.set(0, "java");
    int classPath = words.indexOf("-cp");
    if (classPath >= 0 && classPath + 1 < words.size()) {
      words.set(classPath + 1, "<class path>");
    }
    return String.join(" ", words);
  }

  /** The last few lines the server wrote to stderr; its reader thread adds while the demo reads. */
  private static final class ServerLog {
    private static final int KEPT = 5;
    private final Deque<String> lines = new ArrayDeque<>();

    synchronized void add(String line) {
      if (lines.size() == KEPT) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }

    synchronized String lastLines() {
      return lines.isEmpty()
          ? " (the server wrote nothing to stderr)"
          : "; the server's last log lines:" + System.lineSeparator() + String.join(System.lineSeparator(), lines);
    }
  }
}
