package dev.calendlymcp.cli;

import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.CalendlyOAuth;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code calendly-mcp logout}: ends the stored login. An OAuth grant is revoked at Calendly (its
 * refresh token, which ends its access tokens too); a personal access token can only be revoked in
 * Calendly's settings, which the command says. The file is deleted either way.
 */
@Command(
    name = "logout",
    mixinStandardHelpOptions = true,
    description = "Revoke the stored Calendly login (OAuth) and delete it.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:signed out (or there was no login)",
        "1:deleted here, but Calendly could not be asked to revoke it (see the message)"})
final class LogoutCommand implements Callable<Integer> {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the login is kept. Default: $CALENDLY_MCP_DATA_DIR, else $XDG_DATA_HOME/calendly-mcp"
          + " or ~/.local/share/calendly-mcp.")
  Path dataDir;

  private final Console console;

  LogoutCommand(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() {
    LoginStore store = LoginStore.in(dataDir, console.env());
    Optional<StoredLogin> stored;
    try {
      stored = store.load();
    } catch (IllegalStateException e) {
      store.delete();
      console.err().println("calendly-mcp: the stored login could not be read, so it was deleted without being"
          + " revoked; revoke calendly-mcp's access in Calendly → Integrations if it was an OAuth login.");
      return 1;
    }
    if (stored.isEmpty()) {
      console.err().println("Not signed in (no login in " + store.dir() + ").");
      return 0;
    }
    StoredLogin login = stored.get();
    int exit = 0;
    if (login.kind() == StoredLogin.Kind.OAUTH) {
      CalendlyConfig config = CalendlyConfig.fromEnvironment(console.env())
          .withApiBaseUrl(login.apiBaseUrl())
          .withAuthBaseUrl(login.authBaseUrl());
      try (CalendlyHttp http = CalendlyHttp.create(config)) {
        CalendlyOAuth.create(http, login.client().orElseThrow()).revoke(login.refreshToken().orElseThrow()).block();
        console.err().println("Revoked calendly-mcp's access to " + login.email() + " at Calendly.");
      } catch (CalendlyException e) {
        console.err().println("calendly-mcp: Calendly could not be asked to revoke the login (" + e.getMessage()
            + "); remove calendly-mcp under Calendly → Integrations to be sure.");
        exit = 1;
      }
    } else {
      console.err().println("A personal access token stays valid until you revoke it in Calendly: Integrations →"
          + " API & Webhooks → Personal access tokens.");
    }
    store.delete();
    console.err().println("Deleted the login from " + store.file() + ".");
    return exit;
  }
}
