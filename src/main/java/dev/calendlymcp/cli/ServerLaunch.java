package dev.calendlymcp.cli;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line that starts this very server as a child process, the way an MCP client would:
 * {@code java -jar <the running jar>}, or, when the code runs from class folders (tests, an IDE),
 * {@code java -cp <the same class path> dev.calendlymcp.cli.Main}.
 */
final class ServerLaunch {

  private ServerLaunch() {}

  /** The command for this process's own Java, code and class path, followed by {@code args}. */
  static List<String> thisServer(List<String> args) {
    return command(
        Path.of(System.getProperty("java.home"), "bin",
            System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java"),
        codeSource(),
        System.getProperty("java.class.path"),
        args);
  }

  /**
   * @param java the Java launcher to run
   * @param codeSource where this code was loaded from, when known
   * @param classPath the class path to use when that is not a jar
   * @param args the server's arguments
   */
  static List<String> command(Path java, Optional<Path> codeSource, String classPath, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    Optional<Path> jar = codeSource.filter(ServerLaunch::isJar);
    if (jar.isPresent()) {
      command.add("-jar");
      command.add(jar.get().toString());
    } else {
      command.add("-cp");
      command.add(classPath);
      command.add(Main.class.getName());
    }
    command.addAll(args);
    return List.copyOf(command);
  }

  private static boolean isJar(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
  }

  private static Optional<Path> codeSource() {
    CodeSource source = Main.class.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    if (location == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(location.toURI()));
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      // Not a plain file (a nested or remote location): the class path fallback still works.
      return Optional.empty();
    }
  }
}
