package dev.calendlymcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/jar.sh, which every bench script runs first, builds the jar when it is missing or older
 * than the sources: a bench that measures a stale jar quotes figures of code that is no longer
 * there (the full run of 2026-12-07 quoted 10 429s for the Teams booking burst from a jar built
 * before the booking-window fix). Run on a copy of the script in a scratch checkout whose {@code
 * mvnw} only records that it was asked to build.
 */
class BenchJarScriptTest {

  private static final Instant EARLIER = Instant.parse("2026-12-07T09:00:00Z");
  private static final Instant LATER = Instant.parse("2026-12-07T10:00:00Z");

  @TempDir Path checkout;

  private Path built;
  private Path jar;
  private Path source;

  @BeforeEach
  void aCheckoutWithTheScriptAndAWrapperThatOnlyRecordsBuilds() throws IOException {
    Path script = checkout.resolve("bench/jar.sh");
    Files.createDirectories(script.getParent());
    Files.copy(Path.of("bench/jar.sh"), script);
    built = checkout.resolve("built");
    Path wrapper = checkout.resolve("mvnw");
    Files.writeString(wrapper, "#!/usr/bin/env bash\necho \"$@\" >> built\n");
    wrapper.toFile().setExecutable(true);
    Files.writeString(checkout.resolve("pom.xml"), "<project/>");
    source = checkout.resolve("src/main/java/A.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class A {}");
    jar = checkout.resolve("target/calendly-mcp.jar");
    Files.createDirectories(jar.getParent());
    for (Path file : new Path[] {checkout.resolve("pom.xml"), source}) {
      Files.setLastModifiedTime(file, FileTime.from(EARLIER));
    }
  }

  private void run() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("bash", checkout.resolve("bench/jar.sh").toString())
            .redirectErrorStream(true)
            .redirectOutput(checkout.resolve("out").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(checkout.resolve("out"))).isZero();
  }

  @Test
  void aMissingJarIsBuilt() throws Exception {
    run();

    assertThat(built).exists();
    assertThat(Files.readString(built)).contains("package");
  }

  @Test
  void aJarNewerThanEverySourceIsUsedAsItIs() throws Exception {
    Files.writeString(jar, "jar");
    Files.setLastModifiedTime(jar, FileTime.from(LATER));

    run();

    assertThat(built).doesNotExist();
  }

  @Test
  void aJarOlderThanASourceIsRebuiltBeforeItIsMeasured() throws Exception {
    Files.writeString(jar, "jar");
    Files.setLastModifiedTime(jar, FileTime.from(EARLIER.plusSeconds(60)));
    Files.setLastModifiedTime(source, FileTime.from(LATER));

    run();

    assertThat(built).exists();
    assertThat(Files.readString(checkout.resolve("out"))).contains("src/main/java/A.java is newer");
  }

  @Test
  void aJarOlderThanThePomIsRebuilt() throws Exception {
    Files.writeString(jar, "jar");
    Files.setLastModifiedTime(jar, FileTime.from(EARLIER.minusSeconds(60)));
    Files.setLastModifiedTime(source, FileTime.from(EARLIER.minusSeconds(120)));

    run();

    assertThat(built).exists();
  }
}
