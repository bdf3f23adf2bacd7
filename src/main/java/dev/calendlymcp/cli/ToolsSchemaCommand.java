package dev.calendlymcp.cli;

import dev.calendlymcp.server.ToolSchemaFiles;
import dev.calendlymcp.tools.ToolCatalog;
import dev.calendlymcp.tools.ToolOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "tools-schema",
    mixinStandardHelpOptions = true,
    versionProvider = Version.Provider.class,
    description = "Write every tool's schema (all toolsets) as one JSON file per tool, plus a README.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the schemas were written", "1:they could not be written", "2:a bad option"})
final class ToolsSchemaCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--write",
      paramLabel = "DIR",
      required = true,
      description = "The folder to write, e.g. tools-schema/; tool files no longer in the catalog are removed.")
  Path directory;

  @Override
  public Integer call() throws IOException {
    ToolSchemaFiles schemaFiles = new ToolSchemaFiles();
    Map<String, String> files = schemaFiles.render(ToolCatalog.build(ToolOptions.everything()));
    schemaFiles.write(directory, files);
    spec.commandLine().getOut().println("Wrote " + (files.size() - 1) + " tool schemas and "
        + ToolSchemaFiles.README + " to " + directory);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
