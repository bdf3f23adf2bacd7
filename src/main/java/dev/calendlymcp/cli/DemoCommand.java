package dev.calendlymcp.cli;

import dev.calendlymcp.server.McpJson;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code calendly-mcp demo}: starts this server as a real stdio child process on the embedded
 * sandbox, the way an MCP client launches it, and drives it with the MCP SDK's client through a
 * scripted scheduling conversation ({@link DemoConversation}), printing each tool call and its
 * answer. With {@code --http} the same conversation runs over Streamable HTTP against {@code http
 * --sandbox}, after the whole OAuth sign-in a remote agent goes through ({@link HttpDemo}). Needs no
 * Calendly account; exits 1 naming the step when one fails.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Start this server on the embedded sandbox as a child process and drive it over MCP through"
            + " a scripted scheduling conversation, printing each tool call and its result.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the conversation ran to the end", "1:a step failed; the message names it"})
final class DemoCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(DemoCommand.class);

  // A cold JVM plus the sandbox's start take about a second; a loaded machine gets generous room.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Option(
      names = "--http",
      description = "Run the conversation over Streamable HTTP: start the server as a remote MCP server on the"
          + " sandbox and sign in first with the whole OAuth flow (discovery, registration, PKCE, token),"
          + " each step shown; sign out at the end.")
  boolean http;

  private final Supplier<List<String>> serverCommand;
  private final Supplier<List<String>> httpServerCommand;

  /** The demo on this very server: its jar (or class path) with {@code --sandbox}. */
  DemoCommand() {
    this(() -> ServerLaunch.thisServer(List.of("--sandbox")));
  }

  /** @param serverCommand the command line that starts the server to talk to over stdio */
  DemoCommand(Supplier<List<String>> serverCommand) {
    this(serverCommand, () -> ServerLaunch.thisServer(List.of("http", "--sandbox", "--auto-approve", "--port", "0")));
  }

  /** @param httpServerCommand the command line that starts the HTTP server for {@code --http} */
  DemoCommand(Supplier<List<String>> serverCommand, Supplier<List<String>> httpServerCommand) {
    this.serverCommand = serverCommand;
    this.httpServerCommand = httpServerCommand;
  }

  @Override
  public Integer call() {
    return http ? overHttp() : overStdio();
  }

  private Integer overStdio() {
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
      return failed(out, err, e);
    } finally {
      client.closeGracefully();
    }
  }

  private Integer overHttp() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    McpJson json = new McpJson();
    List<String> command = httpServerCommand.get();
    if (!Files.isExecutable(Path.of(command.get(0)))) {
      return failed(out, err, new DemoConversation.DemoFailure(
          "cannot start the server: " + command.get(0) + " is not an executable file"));
    }
    out.printf(
        "calendly-mcp demo --http: the server runs as a remote MCP server on this machine's loopback, and an%n"
            + "agent signs in with OAuth before it talks to it over Streamable HTTP. The server acts on the%n"
            + "embedded sandbox, a fake Calendly: nothing real is booked.%n  $ %s%n",
        readable(command));
    out.flush();
    ServerLog serverLog = new ServerLog();
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      return failed(out, err, new DemoConversation.DemoFailure("cannot start the server: " + e.getMessage(), e));
    }
    McpSyncClient client = null;
    try {
      Thread logReader = new Thread(() -> pipe(process, serverLog), "demo-server-log");
      logReader.setDaemon(true);
      logReader.start();
      URI mcpUrl = endpoint(process, serverLog);
      out.printf("  listening at %s%n%n", mcpUrl);
      HttpDemo oauth = new HttpDemo(mcpUrl, out, json.mapper());
      HttpDemo.SignedIn signedIn = oauth.signIn();
      McpClientTransport transport = HttpClientStreamableHttpTransport.builder(mcpUrl.resolve("/").toString())
          .endpoint(mcpUrl.getPath())
          .jsonMapper(json.sdk())
          .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + signedIn.accessToken().getValue()))
          .build();
      client = McpClient.sync(transport)
          .clientInfo(McpSchema.Implementation.builder("calendly-mcp-demo", Version.current()).build())
          .initializationTimeout(START_TIMEOUT)
          .requestTimeout(CALL_TIMEOUT)
          .build();
      out.println("MCP over Streamable HTTP, every request with Authorization: Bearer <the token>.");
      out.println(connect(client, serverLog));
      out.println();
      new DemoConversation(client, out, json.mapper(), Clock.systemUTC()).run();
      client.closeGracefully();
      client = null;
      out.println();
      oauth.revoke(signedIn);
      out.printf(
          "Done: the agent signed in with OAuth, %d tool calls over HTTP found a time, booked %s, moved the%n"
              + "meeting and canceled it, and the agent signed out. docs/deployment.md says how to run the HTTP%n"
              + "server for your own agents.%n",
          DemoConversation.STEPS, DemoConversation.INVITEE_NAME);
      out.flush();
      return 0;
    } catch (DemoConversation.DemoFailure e) {
      return failed(out, err, new DemoConversation.DemoFailure(e.getMessage() + serverLog.lastLines(), e));
    } finally {
      if (client != null) {
        client.closeGracefully();
      }
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** The URL the HTTP server prints once it listens; its first line of standard output. */
  private static URI endpoint(Process process, ServerLog serverLog) {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String read = reader.readLine(); read != null; read = reader.readLine()) {
          if (read.startsWith(HttpRunner.ENDPOINT_LINE)) {
            return read.substring(HttpRunner.ENDPOINT_LINE.length()).strip();
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    try {
      String url = line.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (url == null) {
        throw new DemoConversation.DemoFailure("the HTTP server stopped before it listened");
      }
      return URI.create(url);
    } catch (TimeoutException e) {
      throw new DemoConversation.DemoFailure("the HTTP server did not listen within " + START_TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new DemoConversation.DemoFailure("the HTTP server's output could not be read", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoConversation.DemoFailure("interrupted", e);
    }
  }

  private static void pipe(Process process, ServerLog serverLog) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        log.debug("server: {}", line);
        serverLog.add(line);
      }
    } catch (IOException e) {
      log.debug("The server's stderr closed", e);
    }
  }

  private static int failed(PrintWriter out, PrintWriter err, DemoConversation.DemoFailure failure) {
    out.flush();
    err.println("calendly-mcp demo failed: " + failure.getMessage());
    err.flush();
    return 1;
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
