package dev.calendlymcp.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The GitHub workflows and .ci/run run the README's test command exactly, so that what CI proves
 * is what a contributor runs; CI covers every supported JDK with a Maven cache; a release publishes
 * the files and the image it promises.
 */
class WorkflowsTest {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  /** The command in the README's block after "Run the tests". */
  static String readmeTestCommand() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher block = Pattern.compile("Run the tests[^\\n]*\\n+```sh\\n([^\\n]+)\\n```").matcher(readme);
    assertThat(block.find()).as("README has a 'Run the tests' block").isTrue();
    return block.group(1).strip();
  }

  private static JsonNode workflow(String name) throws IOException {
    return YAML.readTree(Path.of(".github/workflows", name).toFile());
  }

  private static List<String> runs(JsonNode job) {
    List<String> runs = new ArrayList<>();
    job.path("steps").forEach(step -> {
      if (step.has("run")) {
        step.path("run").asString().lines().map(String::strip).forEach(runs::add);
      }
    });
    return runs;
  }

  private static List<String> uses(JsonNode job) {
    List<String> uses = new ArrayList<>();
    job.path("steps").forEach(step -> uses.add(step.path("uses").asString("")));
    return uses;
  }

  @Test
  void theReadmeTestsWithTheMavenWrapper() throws IOException {
    assertThat(readmeTestCommand()).isEqualTo("./mvnw -B verify");
  }

  @Test
  void ciRunsTheReadmeCommandOnPushAndPullRequestOnJdk17To25WithAMavenCache() throws IOException {
    JsonNode ci = workflow("ci.yml");
    assertThat(ci.path("on").has("push")).isTrue();
    assertThat(ci.path("on").has("pull_request")).isTrue();
    JsonNode test = ci.path("jobs").path("test");
    assertThat(runs(test)).contains(readmeTestCommand());
    List<String> jdks = new ArrayList<>();
    test.path("strategy").path("matrix").path("java").forEach(v -> jdks.add(v.asString()));
    assertThat(jdks).containsExactly("17", "21", "25");
    JsonNode setupJava = stepUsing(test, "actions/setup-java@");
    assertThat(setupJava.path("with").path("cache").asString()).isEqualTo("maven");
    assertThat(setupJava.path("with").path("java-version").asString()).isEqualTo("${{ matrix.java }}");
  }

  @Test
  void aReleaseTestsWithTheReadmeCommandThenPublishesFilesChecksumsAndTheImage() throws IOException {
    JsonNode release = workflow("release.yml");
    assertThat(release.path("on").path("push").path("tags").get(0).asString()).isEqualTo("v*");
    JsonNode files = release.path("jobs").path("release");
    List<String> commands = runs(files);
    assertThat(commands).contains(readmeTestCommand());
    assertThat(commands.indexOf(readmeTestCommand())).as("tests before anything is published").isZero();
    assertThat(String.join("\n", commands)).contains("bin/calendly-mcp bin/calendly-mcp.cmd", "sha256sum",
        "bundle", "--server-json");
    assertThat(stepUsing(files, "softprops/action-gh-release@").path("with").path("files").asString())
        .contains("SHA256SUMS", ".mcpb", ".jar", ".tar.gz", "server.json");

    JsonNode image = release.path("jobs").path("image");
    assertThat(image.path("needs").asString()).isEqualTo("release");
    assertThat(image.path("permissions").path("packages").asString()).isEqualTo("write");
    assertThat(stepUsing(image, "docker/login-action@").path("with").path("registry").asString()).isEqualTo("ghcr.io");
    assertThat(stepUsing(image, "docker/metadata-action@").path("with").path("images").asString())
        .isEqualTo("ghcr.io/${{ github.repository }}");
    assertThat(stepUsing(image, "docker/build-push-action@").path("with").path("push").asBoolean()).isTrue();
  }

  @Test
  void ciRunScriptRunsTheReadmeCommandThenOnlyTheBenchSmokeRunThatCannotFailIt() throws IOException {
    List<String> lines = Files.readAllLines(Path.of(".ci/run")).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    int readme = lines.indexOf(readmeTestCommand());
    assertThat(readme).as(".ci/run runs the README's test command").isNotNegative();
    List<String> after = lines.subList(readme + 1, lines.size());
    assertThat(after).as("after the README's command, only bench/run.sh --quick, inside an if so it cannot fail CI")
        .isNotEmpty()
        .allMatch(line -> line.contains("bench/run.sh --quick") || line.equals("else") || line.equals("fi"));
    assertThat(after.get(0)).startsWith("if ").endsWith("; then");
  }

  private static JsonNode stepUsing(JsonNode job, String action) {
    for (JsonNode step : job.path("steps")) {
      if (step.path("uses").asString("").startsWith(action)) {
        return step;
      }
    }
    throw new AssertionError("no step uses " + action + " in " + uses(job));
  }
}
