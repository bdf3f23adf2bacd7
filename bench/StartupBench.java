import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up benchmark: spawns each command N times and measures the time from process start to the
 * first line of the answer to {@code initialize} (or, for {@code java -version}, to exit), then
 * from closing stdin to the process's exit. Cases run interleaved, so that machine noise hits all
 * of them alike. Last, the cost the lazy start moves to the first tool call: whoami twice on the
 * embedded sandbox. Run through bench/startup.sh, which builds what it needs.
 *
 * <p>Usage: {@code java -cp <jar>:<bench-classes> StartupBench <jar> <bench-classes-dir> <runs> [<cds-archive>]
 * [--core] [--warmup 2] [--json <file>]}
 */
public final class StartupBench {

  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n";

  private record Case(String name, List<String> command, boolean speaksMcp) {}

  private record Sample(double startMillis, double exitMillis) {}

  public static void main(String[] args) throws Exception {
    String jar = Path.of(args[0]).toAbsolutePath().toString();
    String benchClasses = Path.of(args[1]).toAbsolutePath().toString();
    int runs = Integer.parseInt(args[2]);
    String archive = null;
    Path json = null;
    boolean core = false;
    int warmup = 2;
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = Path.of(args[++i]);
        // The quick run's smoke check needs one.
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        // The cases the quick run keeps: the floor, the baseline and the server as clients start it.
        case "--core" -> core = true;
        default -> archive = Path.of(args[i]).toAbsolutePath().toString();
      }
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    List<Case> cases = new ArrayList<>();
    cases.add(new Case("java -version (JVM floor)", List.of(java, "-version"), false));
    cases.add(new Case("bare SDK server (baseline)",
        List.of(java, "-cp", jar + File.pathSeparator + benchClasses, "BareSdkServer"), true));
    cases.add(new Case("calendly-mcp", List.of(java, "-jar", jar), true));
    if (!core) {
    // The same server through the CLI parser: what picocli's model costs the bare command.
    cases.add(new Case("calendly-mcp stdio (through picocli)", List.of(java, "-jar", jar, "stdio"), true));
    cases.add(new Case("calendly-mcp -XX:TieredStopAtLevel=1",
        List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar), true));
    cases.add(new Case("calendly-mcp -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
        List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar), true));
    cases.add(new Case("calendly-mcp -Xshare:off (no CDS at all)", List.of(java, "-Xshare:off", "-jar", jar), true));
    // Not a setting to use (it silences every log line): the upper bound of what setting up
    // logback costs on the way to the first answer.
    cases.add(new Case("calendly-mcp, logging off (what logback's set-up costs)",
        List.of(java, "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider", "-jar", jar), true));
    if (archive != null && Files.exists(Path.of(archive))) {
      cases.add(new Case("calendly-mcp + AppCDS",
          List.of(java, "-XX:SharedArchiveFile=" + archive, "-jar", jar), true));
      cases.add(new Case("calendly-mcp + AppCDS -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
          List.of(java, "-XX:SharedArchiveFile=" + archive, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar),
          true));
    }
    }

    Map<Case, List<Sample>> samples = new LinkedHashMap<>();
    cases.forEach(c -> samples.put(c, new ArrayList<>()));
    for (int round = 0; round < warmup + runs; round++) {
      for (Case c : cases) {
        Sample sample = run(c);
        if (round >= warmup) {
          samples.get(c).add(sample);
        }
      }
    }

    List<double[]> firstCalls = new ArrayList<>();
    for (int round = 0; round < warmup + runs; round++) {
      double[] call = firstToolCalls(List.of(java, "-jar", jar, "--sandbox"));
      if (round >= warmup) {
        firstCalls.add(call);
      }
    }

    System.out.printf(Locale.ROOT, "JVM: %s %s, %d CPUs, %d runs per case (+%d warm-up), interleaved%n",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), runs, warmup);
    System.out.printf(Locale.ROOT, "%-62s %9s %9s %9s %14s%n", "case", "median", "p90", "min", "EOF→exit med");
    for (Map.Entry<Case, List<Sample>> entry : samples.entrySet()) {
      List<Double> start = entry.getValue().stream().map(Sample::startMillis).sorted().toList();
      List<Double> exit = entry.getValue().stream().map(Sample::exitMillis).sorted().toList();
      System.out.printf(Locale.ROOT, "%-62s %7.0fms %7.0fms %7.0fms %12s%n",
          entry.getKey().name(), percentile(start, 50), percentile(start, 90), start.get(0),
          entry.getKey().speaksMcp() ? String.format(Locale.ROOT, "%.0fms", percentile(exit, 50)) : "-");
    }
    printToolCalls(firstCalls);
    if (json != null) {
      writeJson(json, samples, firstCalls, runs, warmup);
    }
  }

  private static void writeJson(Path file, Map<Case, List<Sample>> samples, List<double[]> firstCalls, int runs, int warmup)
      throws IOException {
    String baseline = "bare SDK server (baseline)";
    BenchJson out = new BenchJson("1-startup", "1. Start-up: process start to the answer to initialize", baseline);
    out.fact("runs", runs + " per case after " + warmup + " warm-up rounds, cases interleaved; every case a fresh process");
    out.fact("baseline", "the smallest stdio server the MCP Java SDK makes, from the same jar");
    out.fact("more", "bench/startup.sh adds AppCDS and the launcher beside a Node server (docs/startup.md)");
    for (Map.Entry<Case, List<Sample>> entry : samples.entrySet()) {
      out.series(entry.getKey().name(), "ms", "time to the initialize answer",
          entry.getValue().stream().mapToDouble(Sample::startMillis).toArray());
    }
    out.series("--sandbox: first whoami (connects on first use)", "ms", "first tool calls",
        firstCalls.stream().mapToDouble(c -> c[0]).toArray());
    out.series("--sandbox: second whoami", "ms", "first tool calls", firstCalls.stream().mapToDouble(c -> c[1]).toArray());
    List<Double> ours = samples.entrySet().stream().filter(e -> e.getKey().name().equals("calendly-mcp"))
        .flatMap(e -> e.getValue().stream()).map(Sample::startMillis).sorted().toList();
    List<Double> bare = samples.entrySet().stream().filter(e -> e.getKey().name().equals(baseline))
        .flatMap(e -> e.getValue().stream()).map(Sample::startMillis).sorted().toList();
    out.figure("calendly-mcp start-up, median", percentile(ours, 50), "ms", percentile(bare, 50), null);
    out.write(file);
  }

  /**
   * With {@code --sandbox}: how long the first whoami takes (the lazily created HTTP client,
   * limiter and sandbox included) and the second (all warm).
   */
  private static double[] firstToolCalls(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    OutputStream stdin = process.getOutputStream();
    BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    stdin.write((INITIALIZE + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    stdout.readLine();
    double[] millis = new double[2];
    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      stdin.write(("{\"jsonrpc\":\"2.0\",\"id\":" + (10 + i) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}\n")
          .getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      String line = stdout.readLine();
      millis[i] = (System.nanoTime() - start) / 1e6;
      if (line == null || !line.contains("\"isError\":false")) {
        process.destroyForcibly();
        throw new IllegalStateException("whoami on the sandbox failed: " + line);
      }
    }
    stdin.close();
    process.waitFor(10, TimeUnit.SECONDS);
    return millis;
  }

  private static Sample run(Case c) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(c.command()).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("CALENDLY_TOKEN", "bench-token-not-used-for-initialize");
    long start = System.nanoTime();
    Process process = builder.start();
    if (!c.speaksMcp()) {
      process.getInputStream().transferTo(OutputStream.nullOutputStream());
      process.waitFor();
      return new Sample((System.nanoTime() - start) / 1e6, 0);
    }
    OutputStream stdin = process.getOutputStream();
    stdin.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = stdout.readLine();
    double startMillis = (System.nanoTime() - start) / 1e6;
    if (line == null || !line.contains("\"protocolVersion\"")) {
      process.destroyForcibly();
      throw new IllegalStateException(c.name() + " did not answer initialize: " + line);
    }
    long closed = System.nanoTime();
    stdin.close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(c.name() + " did not exit within 10 s of end of input");
    }
    return new Sample(startMillis, (System.nanoTime() - closed) / 1e6);
  }

  private static void printToolCalls(List<double[]> calls) {
    List<Double> first = calls.stream().map(c -> c[0]).sorted().toList();
    List<Double> second = calls.stream().map(c -> c[1]).sorted().toList();
    System.out.printf(Locale.ROOT, "%-62s %7.0fms %7.0fms %7.0fms%n",
        "--sandbox: first whoami (connects on first use)", percentile(first, 50), percentile(first, 90), first.get(0));
    System.out.printf(Locale.ROOT, "%-62s %7.0fms %7.0fms %7.0fms%n",
        "--sandbox: second whoami", percentile(second, 50), percentile(second, 90), second.get(0));
  }

  private static double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private StartupBench() {}
}
