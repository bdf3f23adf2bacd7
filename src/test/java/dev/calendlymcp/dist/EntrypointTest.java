package dev.calendlymcp.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's entrypoint (docker/entrypoint.sh), run here with a stand-in for java that
 * records its arguments, since no Docker engine is at hand: what the container starts by default,
 * with options, with another command, without a public URL, and its health check against a
 * server that insists on the public Host, as ours does.
 */
@Timeout(60)
class EntrypointTest {

  @TempDir Path image;
  private Path recorded;
  private Path java;

  @BeforeEach
  void fakeJava() throws IOException {
    assumeFalse(System.getProperty("os.name", "").startsWith("Windows"), "a bash script");
    recorded = image.resolve("java-args");
    java = image.resolve("java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > \"$STUB_ARGS\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
    Files.writeString(image.resolve("calendly-mcp.jar"), "not a jar: the stand-in java never opens it");
  }

  private record Run(int exit, String stderr) {}

  private Run entrypoint(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().add("bash");
    builder.command().add(Path.of("docker/entrypoint.sh").toAbsolutePath().toString());
    builder.command().addAll(List.of(args));
    builder.environment().keySet().removeIf(name -> name.startsWith("CALENDLY_") || name.equals("PORT")
        || name.equals("JAVA_OPTS"));
    builder.environment().put("CALENDLY_MCP_HOME", image.toString());
    builder.environment().put("JAVA", java.toString());
    builder.environment().put("STUB_ARGS", recorded.toString());
    builder.environment().putAll(env);
    Path stderr = image.resolve("stderr");
    Process process = builder.redirectError(stderr.toFile()).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), Files.readString(stderr));
  }

  private List<String> javaArgs() throws IOException {
    return Files.readAllLines(recorded);
  }

  @Test
  void byDefaultItServesHttpOnAllInterfacesWithThePublicUrlAndTheDataVolume() throws Exception {
    assertThat(entrypoint(Map.of("CALENDLY_MCP_PUBLIC_URL", "https://mcp.example.com")).exit()).isZero();
    assertThat(javaArgs()).containsSubsequence("-jar", image.resolve("calendly-mcp.jar").toString(),
        "http", "--host", "0.0.0.0", "--port", "8080", "--public-url", "https://mcp.example.com", "--data-dir", "/data");
    assertThat(javaArgs()).noneMatch(arg -> arg.startsWith("-XX:AOTCache"));
  }

  @Test
  void theAotCacheMadeAtBuildTimeIsUsedWhenTheImageHasOne() throws Exception {
    Files.writeString(image.resolve("calendly-mcp.aot"), "cache");
    assertThat(entrypoint(Map.of("CALENDLY_MCP_PUBLIC_URL", "https://mcp.example.com", "PORT", "9000",
        "JAVA_OPTS", "-Xmx300m -Dfoo=bar"), "--toolsets", "all").exit()).isZero();
    assertThat(javaArgs()).contains("-XX:AOTCache=" + image.resolve("calendly-mcp.aot"), "-Xmx300m", "-Dfoo=bar")
        .containsSubsequence("http", "--port", "9000", "--toolsets", "all");
  }

  @Test
  void withoutAPublicUrlItRefusesToServeAndSaysWhatToSet() throws Exception {
    Run run = entrypoint(Map.of());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("CALENDLY_MCP_PUBLIC_URL", "https://");
    assertThat(recorded).doesNotExist();
  }

  @Test
  void anotherCommandIsPassedToCalendlyMcp() throws Exception {
    assertThat(entrypoint(Map.of(), "doctor", "--sandbox").exit()).isZero();
    assertThat(javaArgs()).endsWith("-jar", image.resolve("calendly-mcp.jar").toString(), "doctor", "--sandbox")
        .doesNotContain("http");
  }

  @Test
  void theHealthCheckPassesOnlyWhenHealthzAnswers200ToThePublicHost() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/healthz", exchange -> {
      // Like the real server: a Host that is not the public URL's is refused.
      boolean known = "mcp.example.com".equals(exchange.getRequestHeaders().getFirst("Host"));
      byte[] body = (known ? "{\"status\":\"ok\"}" : "{\"error\":\"invalid_host\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(known ? 200 : 421, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String port = Integer.toString(server.getAddress().getPort());
      assertThat(entrypoint(Map.of("PORT", port, "CALENDLY_MCP_PUBLIC_URL", "https://mcp.example.com/"), "healthcheck")
          .exit()).isZero();
      assertThat(entrypoint(Map.of("PORT", port, "CALENDLY_MCP_PUBLIC_URL", "https://other.example.com"), "healthcheck")
          .exit()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
    // Nothing listening any more.
    assertThat(entrypoint(Map.of("PORT", Integer.toString(server.getAddress().getPort()),
        "CALENDLY_MCP_PUBLIC_URL", "https://mcp.example.com"), "healthcheck").exit()).isNotZero();
  }
}
