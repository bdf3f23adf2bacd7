package dev.calendlymcp.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    versionProvider = Version.Provider.class,
    description = "Print the version and exit.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the version was printed"})
final class VersionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().println("calendly-mcp " + Version.current());
    spec.commandLine().getOut().flush();
  }
}
