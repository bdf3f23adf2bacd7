package dev.calendlymcp.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The sandbox is an independent implementation of Calendly's contract: if it shared code with the
 * client (models, URI parsing, error mapping), a bug in that code would pass every test run against
 * it. So nothing under {@code dev.calendlymcp.sandbox} may use another project package.
 */
class SandboxIndependenceTest {

  private static final Path SOURCES = Path.of("src/main/java/dev/calendlymcp/sandbox");
  private static final Pattern PROJECT_REFERENCE = Pattern.compile("\\bdev\\.calendlymcp\\.([a-z_]+)");

  @Test
  void sandboxSourcesReferenceNoOtherProjectPackage() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher matcher = PROJECT_REFERENCE.matcher(source);
        while (matcher.find()) {
          if (!matcher.group(1).equals("sandbox")) {
            violations.add(file + ": " + matcher.group());
          }
        }
      }
    }

    assertThat(Files.isDirectory(SOURCES)).isTrue();
    assertThat(violations).isEmpty();
  }
}
