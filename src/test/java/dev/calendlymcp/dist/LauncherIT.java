package dev.calendlymcp.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code bin/calendly-mcp} as a client runs it, on the JDK running the tests and on every other
 * installed JDK 25+ (the AOT cache): the first session starts at once and leaves an archive made in
 * the background, the second uses it, a stale or changed archive is replaced, and nothing about the
 * archive can stop the server from starting. Each test has its own copy of the launcher and the
 * jar (as a release unpacks them) and its own cache folder.
 */
@Timeout(300)
class LauncherIT {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"launcher-it\",\"version\":\"1\"}}}";

  @TempDir Path home;
  private Path launcher;
  private Path jar;
  private Path cache;

  @BeforeEach
  void unpack() throws IOException {
    assumeFalse(System.getProperty("os.name", "").startsWith("Windows"), "the POSIX launcher");
    Path built = Path.of(System.getProperty("calendly-mcp.jar", "target/calendly-mcp.jar"));
    assertThat(built).as("the built jar (mvn verify packages it first)").isRegularFile();
    Path bin = Files.createDirectories(home.resolve("calendly-mcp/bin"));
    launcher = Files.copy(Path.of("bin/calendly-mcp"), bin.resolve("calendly-mcp"));
    jar = Files.copy(built, bin.resolve("calendly-mcp.jar"), StandardCopyOption.COPY_ATTRIBUTES);
    cache = home.resolve("cache");
  }

  /** The JDK running the tests, and every other JDK 25+ found where Linux distributions put JDKs. */
  static Stream<Path> jdks() throws IOException {
    List<Path> jdks = new ArrayList<>();
    jdks.add(Path.of(System.getProperty("java.home")));
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        homes.filter(h -> !Files.isSymbolicLink(h))
            .filter(h -> feature(h) >= 25 && feature(h) != feature(jdks.get(0)))
            .sorted(Comparator.comparingInt(LauncherIT::feature).reversed())
            .findFirst()
            .ifPresent(jdks::add);
      }
    }
    return jdks.stream();
  }

  @ParameterizedTest(name = "JDK at {0}")
  @MethodSource("jdks")
  void theFirstSessionLeavesAnArchiveThatTheSecondUses(Path jdk) throws Exception {
    Session first = session(jdk, Map.of());
    assertThat(first.archiveFlag()).as("no archive yet: the first start does not wait for one").isEmpty();
    awaitBackgroundWork();
    assertThat(archive(jdk)).isRegularFile();
    assertThat(stamp()).contains(jdk.toString(), jar.toString());

    Session second = session(jdk, Map.of());
    assertThat(second.archiveFlag()).hasValue(archiveFlag(jdk));
    assertThat(second.appClassesFromArchive()).as("our classes come from the archive").isTrue();
  }

  @ParameterizedTest(name = "JDK at {0}")
  @MethodSource("jdks")
  void theAotCacheHoldsNoMethodProfilesSinceOnlyC1Compiles(Path jdk) throws Exception {
    assumeTrue(feature(jdk) >= 25, "the AOT cache of JDK 25+");
    session(jdk, Map.of());
    awaitBackgroundWork();
    List<String> arguments = session(jdk, Map.of()).javaArguments();

    // The server's own JVM options (the cache among them), then the JVM's listing of what the
    // cache holds for the compilers; AOTMode=on makes a cache it cannot use an error.
    List<String> command = new ArrayList<>(List.of(jdk.resolve("bin").resolve("java").toString()));
    command.addAll(arguments.subList(0, arguments.indexOf("-cp")));
    command.addAll(List.of("-XX:AOTMode=on", "-XX:+UnlockDiagnosticVMOptions", "-XX:+AOTPrintTrainingInfo",
        "-cp", jar.toString(), "-version"));
    Process listing = new ProcessBuilder(command).redirectErrorStream(true).start();
    String printed = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(listing.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(listing.exitValue()).as(printed).isZero();
    assertThat(printed).contains("Archived TrainingData Dictionary");
    assertThat(printed.lines().dropWhile(line -> !line.contains("Archived TrainingData Dictionary")).skip(1))
        .as("method profiles in the cache")
        .noneMatch(line -> line.matches("\\s*\\d+: 0x.*"));
  }

  @ParameterizedTest(name = "JDK at {0}")
  @MethodSource("jdks")
  void theCompilerFlagsOfNewerJdksKeepStdoutForMcpAlone(Path jdk) throws Exception {
    // session() fails on any byte on stdout besides the two answers: CompileCommand writes there
    // unless told to be quiet first.
    List<String> arguments = session(jdk, Map.of("CALENDLY_MCP_ARCHIVE", "off")).javaArguments();

    String exclude = "-XX:CompileCommand=exclude,jdk.internal.classfile.impl.StackMapGenerator::processBlock";
    if (feature(jdk) >= 24) {
      assertThat(arguments).containsSubsequence("-XX:CompileCommand=quiet", exclude);
    } else {
      assertThat(arguments).doesNotContain(exclude);
    }
  }

  @ParameterizedTest(name = "JDK at {0}")
  @MethodSource("jdks")
  void aNewJarMakesTheArchiveStaleAndItIsReplaced(Path jdk) throws Exception {
    session(jdk, Map.of());
    awaitBackgroundWork();
    String before = stamp();

    // What an upgrade in place looks like to the launcher: the jar was rewritten.
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
    Session stale = session(jdk, Map.of());
    assertThat(stale.archiveFlag()).as("a stale archive is not offered").isEmpty();
    awaitBackgroundWork();
    assertThat(stamp()).isNotEqualTo(before);

    Session next = session(jdk, Map.of());
    assertThat(next.archiveFlag()).hasValue(archiveFlag(jdk));
    assertThat(next.appClassesFromArchive()).isTrue();
  }

  @ParameterizedTest(name = "JDK at {0}")
  @MethodSource("jdks")
  void aCorruptArchiveIsNeverOfferedAndIsReplaced(Path jdk) throws Exception {
    session(jdk, Map.of());
    awaitBackgroundWork();
    Path archive = archive(jdk);
    long size = Files.size(archive);

    // Garbage in the middle, same size: what a half-finished write or a bad disk leaves. The JVMs
    // tried here crash on such an archive instead of ignoring it, so it must never reach one.
    byte[] bytes = Files.readAllBytes(archive);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 4096; i++) {
      bytes[i] = (byte) (i * 31);
    }
    archive.toFile().setWritable(true);
    Files.write(archive, bytes);
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60)));
    Session corrupt = session(jdk, Map.of());
    assertThat(corrupt.archiveFlag()).isEmpty();
    awaitBackgroundWork();

    // Cut short: what a full disk leaves.
    try (var channel = Files.newByteChannel(archive, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(size / 3);
    }
    Session truncated = session(jdk, Map.of());
    assertThat(truncated.archiveFlag()).isEmpty();
    awaitBackgroundWork();

    Session next = session(jdk, Map.of());
    assertThat(next.archiveFlag()).hasValue(archiveFlag(jdk));
    assertThat(next.appClassesFromArchive()).isTrue();
  }

  @Test
  void theServerIsStartedByItsMainClassSoThatTheJvmNeedNotOpenTheJarForItsManifest() throws Exception {
    String mainClass;
    String version;
    try (JarFile opened = new JarFile(jar.toFile())) {
      mainClass = opened.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
      // The version the server reports comes from the manifest too, for the same reason.
      version = opened.getManifest().getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
      Properties stamped = new Properties();
      try (var in = opened.getInputStream(opened.getEntry("calendly-mcp-version.properties"))) {
        stamped.load(in);
      }
      assertThat(version).as("the manifest's version").isNotBlank().isEqualTo(stamped.getProperty("version"));
    }
    Session session = session(Path.of(System.getProperty("java.home")), Map.of("CALENDLY_MCP_ARCHIVE", "off"));
    assertThat(session.javaArguments()).containsSubsequence("-cp", jar.toString(), mainClass).doesNotContain("-jar");
    assertThat(session.serverInfo()).contains("\"version\":\"" + version + "\"");
  }

  @Test
  void aCacheFolderThatCannotBeCreatedOnlyMeansStartingWithoutAnArchive() throws Exception {
    Files.writeString(cache, "a file where the cache folder would be");
    Session session = session(Path.of(System.getProperty("java.home")), Map.of());
    assertThat(session.archiveFlag()).isEmpty();
  }

  @Test
  void aTrainingThatDiedLeavesALockThatIsClearedLater() throws Exception {
    Path jdk = Path.of(System.getProperty("java.home"));
    session(jdk, Map.of());
    awaitBackgroundWork();
    Path slot = archive(jdk).getParent();
    Files.delete(archive(jdk));
    Path lock = Files.createDirectory(slot.resolve("lock"));

    // A fresh lock is someone else's training: this start leaves it alone.
    session(jdk, Map.of());
    awaitBackgroundWork();
    assertThat(archive(jdk)).doesNotExist();

    Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(3600)));
    session(jdk, Map.of());
    awaitBackgroundWork();
    assertThat(archive(jdk)).isRegularFile();
    assertThat(lock).doesNotExist();
  }

  @Test
  void archiveOffStartsWithoutOneAndWritesNothing() throws Exception {
    Session session = session(Path.of(System.getProperty("java.home")), Map.of("CALENDLY_MCP_ARCHIVE", "off"));
    awaitBackgroundWork();
    assertThat(session.archiveFlag()).isEmpty();
    assertThat(cache).doesNotExist();
  }

  @Test
  void aJavaHomeThatIsNoJdkIsReportedAndAnotherJdkIsUsed() throws Exception {
    Session session = session(home.resolve("no-jdk-here"), Map.of());
    assertThat(session.stderr()).contains("JAVA_HOME (" + home.resolve("no-jdk-here") + ") is not a JDK 17 or later");
  }

  @Test
  void withoutAJarTheLauncherSaysWhereItLookedAndExits1() throws Exception {
    Files.delete(jar);
    ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString()).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().put("CALENDLY_MCP_CACHE_DIR", cache.toString());
    Process process = builder.start();
    process.getOutputStream().close();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("no calendly-mcp.jar next to " + launcher, "CALENDLY_MCP_JAR");
    assertThat(process.getInputStream().readAllBytes()).isEmpty();
  }

  /** What one client session saw, and the JVM options it was started with. */
  private record Session(List<String> javaArguments, String stderr, List<String> classLoads, String serverInfo) {

    Optional<String> archiveFlag() {
      return javaArguments.stream()
          .filter(a -> a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-XX:AOTCache="))
          .findFirst();
    }

    boolean appClassesFromArchive() {
      return classLoads.stream().anyMatch(line ->
          line.contains("dev.calendlymcp.cli.Main ") && line.contains("shared objects file"));
    }
  }

  /**
   * One session as an MCP client has it: initialize, tools/list, end of input; both answers must
   * come, stdout must hold nothing but them, and the server must exit 0.
   */
  private Session session(Path jdk, Map<String, String> env) throws Exception {
    Path classLog = Files.createTempFile(home, "classes", ".log");
    Path stderr = Files.createTempFile(home, "stderr", ".log");
    ProcessBuilder builder = new ProcessBuilder("sh", launcher.toString()).redirectError(stderr.toFile());
    builder.environment().put("JAVA_HOME", jdk.toString());
    builder.environment().put("CALENDLY_MCP_CACHE_DIR", cache.toString());
    builder.environment().put("CALENDLY_TOKEN", "launcher-it-token");
    builder.environment().put("CALENDLY_MCP_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
    builder.environment().putAll(env);
    Process server = builder.start();
    try (BufferedReader answers =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream stdin = server.getOutputStream();
      send(stdin, INITIALIZE);
      String initialized = nextLine(answers);
      assertThat(initialized).startsWith("{").contains("\"id\":1", "\"serverInfo\"");
      // The launcher replaced itself with java (exec): once it answers, this process is the JVM.
      List<String> arguments = List.of(server.info().arguments().orElse(new String[0]));
      assertThat(server.info().command()).hasValueSatisfying(command -> assertThat(command).endsWith("java"));
      send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
      send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
      assertThat(nextLine(answers)).startsWith("{").contains("\"id\":2", "\"whoami\"");
      stdin.close();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("exits at end of input").isTrue();
      assertThat(server.exitValue()).isZero();
      assertThat(answers.readLine()).as("nothing else on stdout").isNull();
      String serverInfo = initialized.substring(initialized.indexOf("\"serverInfo\""));
      return new Session(arguments, Files.readString(stderr), Files.readAllLines(classLog), serverInfo);
    } finally {
      server.destroyForcibly();
    }
  }

  /**
   * Waits for what the launcher left running in the background (a training server, the shell that
   * installs its archive): every process whose command line names this test's folder.
   */
  private void awaitBackgroundWork() {
    String mine = home.toString();
    ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> p.info().commandLine().map(line -> line.contains(mine)).orElse(false))
        .forEach(p -> assertThat(p.onExit()).succeedsWithin(java.time.Duration.ofSeconds(240)));
  }

  private Path archive(Path jdk) throws IOException {
    String name = feature(jdk) >= 25 ? "archive.aot" : "archive.jsa";
    try (Stream<Path> slots = Files.list(cache)) {
      List<Path> found = slots.map(slot -> slot.resolve("stamp"))
          .filter(Files::isRegularFile)
          .filter(stamp -> read(stamp).contains("|" + jdk + "|"))
          .map(stamp -> stamp.resolveSibling(name))
          .toList();
      return found.isEmpty() ? cache.resolve("none").resolve(name) : found.get(0);
    }
  }

  private String archiveFlag(Path jdk) throws IOException {
    return (feature(jdk) >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive(jdk);
  }

  private String stamp() throws IOException {
    try (Stream<Path> slots = Files.list(cache)) {
      return slots.map(slot -> slot.resolve("stamp")).filter(Files::isRegularFile).map(LauncherIT::read)
          .findFirst().orElse("");
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The feature release of the JDK at {@code home}, from its release file; 0 when it is none. */
  static int feature(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return 0;
    }
    Properties properties = new Properties();
    try (var in = Files.newBufferedReader(release)) {
      properties.load(in);
    } catch (IOException e) {
      return 0;
    }
    String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
    String feature = version.startsWith("1.") ? version.substring(2) : version;
    try {
      return Integer.parseInt(feature.split("[.+-]")[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String nextLine(BufferedReader answers) throws Exception {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return answers.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).get(60, TimeUnit.SECONDS);
  }

  private static void send(OutputStream stdin, String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}
