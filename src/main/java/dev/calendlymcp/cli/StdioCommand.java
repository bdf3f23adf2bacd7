package dev.calendlymcp.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "stdio",
    mixinStandardHelpOptions = true,
    versionProvider = Version.Provider.class,
    description = "Serve MCP on stdin/stdout for a local client (the default when no command is given).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the client closed stdin (a clean end)", "2:a configuration error (no usable token, a bad option); stderr says which"})
final class StdioCommand implements Callable<Integer> {

  @Mixin ServerOptions options;

  private final Console console;

  StdioCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws InterruptedException {
    return StdioRunner.run(options, console);
  }
}
