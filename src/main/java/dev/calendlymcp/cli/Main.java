package dev.calendlymcp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code java -jar calendly-mcp.jar}. Subcommands are added here as the
 * product grows; the stdio server stays the lean default path.
 */
@Command(
    name = "calendly-mcp",
    mixinStandardHelpOptions = true,
    versionProvider = Version.Provider.class,
    description = "An MCP server that gives AI agents safe, fast access to Calendly.",
    subcommands = {VersionCommand.class, DemoCommand.class, SandboxCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    spec.commandLine().getOut().println("calendly-mcp " + Version.current());
    spec.commandLine().getOut().flush();
  }
}
