package dev.calendlymcp.cli;

import dev.calendlymcp.logging.StderrLoggingProvider;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Entry point of {@code java -jar calendly-mcp.jar}. Without a command it serves MCP over stdio,
 * which is how local clients launch it; the other commands are tools for operators.
 */
@Command(
    name = "calendly-mcp",
    mixinStandardHelpOptions = true,
    versionProvider = Version.Provider.class,
    description = "An MCP server that gives AI agents safe, fast access to Calendly.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the client closed stdin (a clean end)", "2:a configuration error (no usable token, a bad option); stderr says which"})
public final class Main implements Callable<Integer> {

  @Mixin ServerOptions options;

  private final Console console;

  private Main(Console console) {
    this.console = console;
  }

  public static void main(String[] args) throws InterruptedException {
    StderrLoggingProvider.select();
    if (args.length == 0) {
      // How clients launch the server: straight to stdio, without building the CLI model
      // (about 50 ms of picocli's reflection, measured in docs/startup.md).
      System.exit(StdioRunner.run(new ServerOptions(), Console.system()));
    }
    System.exit(commandLine(Console.system()).execute(args));
  }

  static CommandLine commandLine() {
    return commandLine(Console.system());
  }

  static CommandLine commandLine(Console console) {
    return new CommandLine(new Main(console))
        .addSubcommand(new StdioCommand(console))
        .addSubcommand(new HttpCommand(console))
        .addSubcommand(new ToolsSchemaCommand())
        .addSubcommand(new VersionCommand())
        .addSubcommand(new DemoCommand())
        .addSubcommand(new SandboxCommand())
        .addSubcommand(new LoginCommand(console))
        .addSubcommand(new LogoutCommand(console))
        .addSubcommand(new ConfigCommand(console, Clock.systemUTC()))
        .addSubcommand(new DoctorCommand(console, Clock.systemUTC()))
        .addSubcommand(new BundleCommand(console))
        .addSubcommand(new AuditCommand(console, Clock.systemUTC()));
  }

  @Override
  public Integer call() throws InterruptedException {
    return StdioRunner.run(options, console);
  }
}
