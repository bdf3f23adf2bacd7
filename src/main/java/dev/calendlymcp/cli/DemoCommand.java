package dev.calendlymcp.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    description = "Run a scripted scheduling session against the embedded sandbox and print each step.")
final class DemoCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // The sandbox and the MCP server land in later issues; until then the demo can only say so.
    spec.commandLine().getOut().println("calendly-mcp " + Version.current());
    spec.commandLine().getOut().println("The demo needs the embedded sandbox, which is not built yet.");
    spec.commandLine().getOut().flush();
  }
}
