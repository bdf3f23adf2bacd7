package dev.calendlymcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar without what nothing loads (Netty's HTTP/3 natives, Prometheus's protobuf format,
 * SQLite for platforms no JDK 17+ runs on; see pom.xml), and the one
 * path that still asks for them working: Reactor Netty's TLS client checks whether HTTP/3 is
 * available when it first starts, so a Calendly call over https must get an answer, not a crash.
 */
@Timeout(60)
class TrimmedJarIT {

  private static Path jar() {
    Path jar = Path.of(System.getProperty("calendly-mcp.jar", "target/calendly-mcp.jar"));
    assertThat(jar).as("the built jar (mvn verify packages it first)").isRegularFile();
    return jar;
  }

  @Test
  void theJarCarriesNoHttp3NativesButKeepsTheClassesTheTlsClientAsks() throws IOException {
    try (ZipFile zip = new ZipFile(jar().toFile())) {
      List<String> names = zip.stream().map(ZipEntry::getName).toList();
      assertThat(names).noneMatch(name -> name.contains("quiche"));
      assertThat(names).contains("io/netty/handler/codec/quic/Quic.class",
          "reactor/netty/http/client/HttpClientSecure.class");
    }
  }

  @Test
  void theJarCarriesNoProtobufExpositionButKeepsSqliteForEveryPlatformAJdkRunsOn() throws IOException {
    try (ZipFile zip = new ZipFile(jar().toFile())) {
      List<String> names = zip.stream().map(ZipEntry::getName).toList();
      assertThat(names).noneMatch(name -> name.startsWith("io/prometheus/metrics/shaded/"))
          .noneMatch(name -> name.startsWith("org/sqlite/native/FreeBSD/"))
          .contains("io/prometheus/metrics/expositionformats/PrometheusTextFormatWriter.class",
              "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
              "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
              "org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so",
              "org/sqlite/native/Linux/armv7/libsqlitejdbc.so",
              "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib",
              "org/sqlite/native/Mac/x86_64/libsqlitejdbc.dylib",
              "org/sqlite/native/Windows/x86_64/sqlitejdbc.dll",
              "org/sqlite/native/Windows/aarch64/sqlitejdbc.dll");
    }
  }

  @Test
  void aToolCallOverHttpsIsAnsweredWithoutTheHttp3Natives(@TempDir Path folder) throws Exception {
    // A TLS peer that hangs up at once: the handshake fails after the TLS client has started,
    // which is all this needs (a real Calendly is not reachable from every build machine).
    try (ServerSocket peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // Ends when the socket closes after the test.
      Thread hangUp = new Thread(() -> {
        while (!peer.isClosed()) {
          try {
            peer.accept().close();
          } catch (IOException e) {
            return;
          }
        }
      }, "tls-peer");
      hangUp.setDaemon(true);
      hangUp.start();
      Path log = folder.resolve("stderr.log");
      ProcessBuilder builder = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString(),
          "--tool-timeout", "20");
      builder.environment().put("CALENDLY_TOKEN", "trimmed-jar-it-token");
      builder.environment().put("CALENDLY_API_BASE_URL", "https://127.0.0.1:" + peer.getLocalPort());
      builder.redirectError(log.toFile());
      Process server = builder.start();
      try (BufferedReader answers =
          new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
        OutputStream stdin = server.getOutputStream();
        send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}");
        assertThat(nextLine(answers)).contains("\"id\":1");
        send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\","
            + "\"arguments\":{}}}");
        String answer = nextLine(answers);
        assertThat(answer).contains("\"id\":2", "\"isError\":true").doesNotContain("Internal error");
        stdin.close();
        assertThat(server.waitFor(20, TimeUnit.SECONDS)).isTrue();
      } finally {
        server.destroyForcibly();
      }
      assertThat(Files.readString(log))
          .doesNotContain("NoClassDefFoundError")
          .doesNotContain("ExceptionInInitializerError")
          .doesNotContain("UnsatisfiedLinkError");
    }
  }

  /** The next line, or a failure when none comes within 30 s (a hung call must fail the test). */
  private static String nextLine(BufferedReader answers) throws Exception {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return answers.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return line.get(30, TimeUnit.SECONDS);
  }

  private static void send(OutputStream stdin, String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }
}
