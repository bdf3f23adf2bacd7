package dev.calendlymcp.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code calendly-mcp config <client>}: prints the exact entry an MCP client needs to start this
 * installation (the launcher by absolute path, no token when a login is stored), and with {@code
 * --install} merges it into the client's own configuration file.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
        "Print the MCP client configuration that starts this calendly-mcp, or merge it into the client's file.",
        "Clients: claude-desktop, claude-code, cursor, vscode, windsurf, codex. The entry starts the launcher"
            + " (bin/calendly-mcp) by absolute path and carries no token when `calendly-mcp login` has stored one;"
            + " arguments after -- are passed to the server (e.g. -- --toolsets all --read-only).",
        "--install backs the file up first (<file>.<time>.bak), changes only this server's entry, and leaves a"
            + " file that does not parse untouched."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:printed, or installed (or already installed)",
        "1:the client's file does not parse or cannot be changed safely; it was left as it is",
        "2:usage error (unknown client, --install without a stored login or --sandbox, no launcher found)"})
final class ConfigCommand implements Callable<Integer> {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  @Parameters(index = "0", paramLabel = "CLIENT", description = "claude-desktop, claude-code, cursor, vscode, windsurf or codex.")
  String clientId;

  @Parameters(index = "1..*", paramLabel = "SERVER_ARG", description = "Arguments for the server, after --.")
  List<String> serverArgs = new ArrayList<>();

  @Option(names = "--install", description = "Merge the entry into the client's configuration file.")
  boolean install;

  @Option(names = "--file", paramLabel = "FILE", description = "The client's configuration file. Default: the client's"
      + " user-wide file on this machine (see docs/getting-started.md).")
  Path file;

  @Option(names = "--name", paramLabel = "NAME", description = "The server's name in the client. Default: ${DEFAULT-VALUE}.")
  String name = "calendly";

  @Option(names = "--sandbox", description = "Start the server on the embedded sandbox (no account, no login needed).")
  boolean sandbox;

  @Option(names = "--launcher", paramLabel = "PATH", description = "The launcher to start. Default: bin/calendly-mcp"
      + " of this installation.")
  Path launcher;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "The login's data directory, when it is not the"
      + " default (it is then passed as CALENDLY_MCP_DATA_DIR). Default: $CALENDLY_MCP_DATA_DIR or the platform's.")
  Path dataDir;

  private final Console console;
  private final Clock clock;

  ConfigCommand(Console console, Clock clock) {
    this.console = console;
    this.clock = clock;
  }

  @Override
  public Integer call() {
    McpClient client;
    try {
      client = McpClient.byId(clientId);
    } catch (IllegalArgumentException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 2;
    }
    if (!NAME.matcher(name).matches()) {
      console.err().println("calendly-mcp: --name takes letters, digits, - and _ only");
      return 2;
    }
    Optional<Path> start = launcher != null ? Optional.of(launcher.toAbsolutePath().normalize()) : Installation.launcher();
    if (start.isEmpty()) {
      console.err().println("calendly-mcp: no launcher (bin/" + Installation.launcherName() + ") beside this jar;"
          + " pass --launcher with its path.");
      return 2;
    }
    Map<String, String> env = console.env();
    LoginStore logins = LoginStore.in(dataDir, env);
    boolean loggedIn = logins.exists();
    Map<String, String> serverEnv = new LinkedHashMap<>();
    if (dataDir != null || env.containsKey(LoginStore.DATA_DIR_ENV)) {
      serverEnv.put(LoginStore.DATA_DIR_ENV, logins.dir().toAbsolutePath().toString());
    }
    List<String> args = new ArrayList<>();
    if (sandbox) {
      args.add("--sandbox");
    }
    args.addAll(serverArgs);
    if (!sandbox && !loggedIn) {
      if (install) {
        console.err().println("calendly-mcp: not signed in: run `calendly-mcp login` first (the entry then needs no"
            + " token), or pass --sandbox to try it without an account.");
        return 2;
      }
      serverEnv.put("CALENDLY_TOKEN", "<your personal access token, or run calendly-mcp login and drop this line>");
    }
    ClientConfigFile.ServerEntry entry = new ClientConfigFile.ServerEntry(start.get().toString(), args, serverEnv);
    ClientConfigFile config = new ClientConfigFile(client, file != null ? file : client.defaultFile(env), clock);

    if (!install) {
      PrintStream out = new PrintStream(console.out(), false, StandardCharsets.UTF_8);
      if (client == McpClient.CLAUDE_CODE) {
        out.println(claudeMcpAdd(entry));
        console.err().println("Run that command, or pass --install to write it into " + config.file() + ".");
      } else {
        out.print(config.snippet(name, entry));
        console.err().println("This goes in " + config.file() + " (merged with what is there);"
            + " --install does that for you.");
      }
      if (!Files.isRegularFile(start.get())) {
        console.err().println("Note: " + start.get() + " does not exist.");
      }
      out.flush();
      return 0;
    }
    try {
      ClientConfigFile.Outcome outcome = config.install(name, entry);
      switch (outcome) {
        case CREATED -> console.err().println("Created " + config.file() + " with the " + name + " server.");
        case UPDATED -> console.err().println("Added the " + name + " server to " + config.file()
            + " (the previous file is in " + config.backupFile().getFileName() + ").");
        case UNCHANGED -> console.err().println(config.file() + " already has this " + name + " server.");
      }
      console.err().println("Restart " + client.title + " to load it.");
      return 0;
    } catch (ClientConfigFile.RefusedException e) {
      console.err().println("calendly-mcp: " + e.getMessage());
      return 1;
    }
  }

  /** Claude Code's own command for the entry, quoted for a POSIX shell. */
  private String claudeMcpAdd(ClientConfigFile.ServerEntry entry) {
    StringBuilder line = new StringBuilder("claude mcp add --scope user --transport stdio");
    entry.env().forEach((key, value) -> line.append(" --env ").append(shellQuote(key + "=" + value)));
    line.append(' ').append(shellQuote(name)).append(" -- ").append(shellQuote(entry.command()));
    entry.args().forEach(arg -> line.append(' ').append(shellQuote(arg)));
    return line.toString();
  }

  private static String shellQuote(String word) {
    return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }
}
