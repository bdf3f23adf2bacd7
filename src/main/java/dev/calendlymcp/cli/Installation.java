package dev.calendlymcp.cli;

import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where this calendly-mcp is installed: the jar that runs, and the launcher beside it (a release
 * puts both in {@code bin/}; a build has the jar in {@code target/} and the launcher in {@code
 * bin/}). Client configurations name the launcher, by absolute path.
 */
final class Installation {

  private Installation() {}

  static String launcherName() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
        ? "calendly-mcp.cmd"
        : "calendly-mcp";
  }

  /** The running jar, when the code runs from one. */
  static Optional<Path> jar() {
    CodeSource source = Main.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
      return Files.isRegularFile(path) && path.toString().endsWith(".jar") ? Optional.of(path) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The launcher that starts the running jar, looked for beside it and in {@code ../bin}. */
  static Optional<Path> launcher() {
    return jar().flatMap(jar -> {
      Path dir = jar.getParent();
      for (Path candidate : List.of(dir.resolve(launcherName()), dir.resolveSibling("bin").resolve(launcherName()))) {
        if (Files.isRegularFile(candidate)) {
          return Optional.of(candidate.toAbsolutePath().normalize());
        }
      }
      return Optional.empty();
    });
  }
}
