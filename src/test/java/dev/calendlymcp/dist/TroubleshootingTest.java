package dev.calendlymcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every message docs/troubleshooting.md explains is one the code still prints, word for word. */
class TroubleshootingTest {

  private static final Pattern HEADING = Pattern.compile("^### (`+)(.+?)\\1\\s*$", Pattern.MULTILINE);

  @Test
  void everyMessageTheTroubleshootingPageExplainsIsStillInTheCode() throws IOException {
    List<String> messages = new ArrayList<>();
    Matcher heading = HEADING.matcher(Files.readString(Path.of("docs/troubleshooting.md")));
    while (heading.find()) {
      messages.add(heading.group(2).strip());
    }
    assertThat(messages).hasSizeGreaterThan(15);

    String code;
    try (Stream<Path> sources = Stream.concat(Files.walk(Path.of("src/main/java")),
        Stream.of(Path.of("bin/calendly-mcp"), Path.of("bin/calendly-mcp.cmd"), Path.of("docker/entrypoint.sh")))) {
      code = sources.filter(Files::isRegularFile).map(TroubleshootingTest::read).collect(Collectors.joining("\n"));
    }
    assertThat(messages).allSatisfy(message -> assertThat(code).as("printed somewhere").contains(message));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
