import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whole-session start-up, side by side with a Node server: each case is started as a fresh process,
 * sent {@code initialize}, {@code notifications/initialized} and {@code tools/list} (each answer
 * awaited), then its stdin is closed, and the wall time runs until the process has exited. Peak RSS
 * is the process's {@code VmHWM} (Linux) read after the tools/list answer, before end of input.
 * Every round runs every case once, in a rotated order, so that the cases of one round saw the
 * same machine: the ratio to the first case (the yardstick) is taken per round, and its median is
 * reported beside the medians of each case. Run through bench/startup.sh.
 *
 * <p>Usage: {@code java -cp <jar>:<bench-classes> SessionBench <runs> [--json <dir>] [--warmup 2]
 * <name>=<command line> ...}; the first case is the yardstick. Commands are split on spaces. With {@code --json},
 * the samples go to {@code <dir>/1b-sessions-wall.json} and {@code <dir>/1c-sessions-rss.json} for
 * bench/run.sh's report, with the paired ratios of the launcher's cases ({@code bin/calendly-mcp...})
 * against their goals. {@code SessionBench --tools-list <file> <command...>} writes a server's
 * tools/list answer to a file (the yardstick's tools).
 */
public final class SessionBench {

  private static final String[] SESSION = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
        + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
  };

  private record Case(String name, List<String> command) {}

  private record Sample(double wallMillis, double initializeMillis, long peakRssKib) {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("--tools-list")) {
      captureToolsList(Path.of(args[1]), List.of(args).subList(2, args.length));
      return;
    }
    int runs = Integer.parseInt(args[0]);
    int first = 1;
    Path json = null;
    int warmup = 2;
    while (args.length > first + 1 && args[first].startsWith("--")) {
      switch (args[first]) {
        case "--json" -> json = Path.of(args[first + 1]);
        // The quick run's smoke check needs one.
        case "--warmup" -> warmup = Integer.parseInt(args[first + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[first]);
      }
      first += 2;
    }
    List<Case> cases = new ArrayList<>();
    for (int i = first; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      cases.add(new Case(args[i].substring(0, eq), List.of(args[i].substring(eq + 1).trim().split(" +"))));
    }
    Map<Case, List<Sample>> samples = new LinkedHashMap<>();
    cases.forEach(c -> samples.put(c, new ArrayList<>()));
    for (int round = 0; round < warmup + runs; round++) {
      for (int i = 0; i < cases.size(); i++) {
        Case c = cases.get((i + round) % cases.size());
        Sample sample = run(c);
        if (round >= warmup) {
          samples.get(c).add(sample);
        }
      }
      System.err.printf(Locale.ROOT, "round %d/%d%n", round + 1, warmup + runs);
    }

    List<Sample> yardstick = samples.get(cases.get(0));
    System.out.printf(Locale.ROOT, "%d CPUs, %d rounds (+%d warm-up), each case once per round in rotated order%n",
        Runtime.getRuntime().availableProcessors(), runs, warmup);
    System.out.printf(Locale.ROOT, "%-44s %10s %8s %10s %12s %8s %10s%n",
        "case", "wall med", "p90", "vs first", "initialize", "RSS med", "vs first");
    for (Map.Entry<Case, List<Sample>> entry : samples.entrySet()) {
      List<Sample> mine = entry.getValue();
      List<Double> wall = sorted(mine.stream().map(Sample::wallMillis).toList());
      List<Double> init = sorted(mine.stream().map(Sample::initializeMillis).toList());
      List<Double> rss = sorted(mine.stream().map(s -> s.peakRssKib() / 1024.0).toList());
      List<Double> wallRatio = new ArrayList<>();
      List<Double> rssRatio = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        wallRatio.add(mine.get(i).wallMillis() / yardstick.get(i).wallMillis());
        rssRatio.add((double) mine.get(i).peakRssKib() / yardstick.get(i).peakRssKib());
      }
      System.out.printf(Locale.ROOT, "%-44s %8.0fms %6.0fms %9.2fx %10.0fms %6.0fMiB %9.2fx%n",
          entry.getKey().name(), median(wall), percentile(wall, 90), median(sorted(wallRatio)), median(init),
          median(rss), median(sorted(rssRatio)));
    }
    if (json != null) {
      writeJson(json, samples, runs, warmup);
    }
  }

  /** The goals of issue 15, for what client configurations run: the launcher. */
  private static final String LAUNCHER = "bin/calendly-mcp";
  private static final String WALL_GOAL = "≤ 1.0";
  private static final String RSS_GOAL = "≤ 0.8";

  private static void writeJson(Path dir, Map<Case, List<Sample>> samples, int runs, int warmup) throws IOException {
    Case yardstick = samples.keySet().iterator().next();
    String rounds = runs + " rounds after " + warmup + " warm-up rounds; every round runs every case once, in a rotated"
        + " order; each case a fresh process: initialize, tools/list (each answer awaited), end of input";
    BenchJson wall = new BenchJson("1b-sessions-wall",
        "1b. Whole stdio sessions beside a Node server: wall time to exit", yardstick.name());
    BenchJson rss = new BenchJson("1c-sessions-rss",
        "1c. Whole stdio sessions beside a Node server: peak RSS", yardstick.name());
    for (BenchJson out : List.of(wall, rss)) {
      out.fact("runs", rounds);
      out.fact("yardstick", "bench/yardstick: a Node server on the official TypeScript SDK with the same tools, canned results");
      out.fact("ratios", "the figures are medians of per-round ratios to the yardstick; the goals are issue 15's,"
          + " for " + LAUNCHER + " (what client configurations run)");
    }
    List<Sample> node = samples.get(yardstick);
    for (Map.Entry<Case, List<Sample>> entry : samples.entrySet()) {
      List<Sample> mine = entry.getValue();
      String name = entry.getKey().name();
      wall.series(name, "ms", "whole session", mine.stream().mapToDouble(Sample::wallMillis).toArray());
      rss.series(name, "MiB", "peak RSS", mine.stream().mapToDouble(s -> s.peakRssKib() / 1024.0).toArray());
      if (entry.getKey() == yardstick) {
        continue;
      }
      List<Double> wallRatio = new ArrayList<>();
      List<Double> rssRatio = new ArrayList<>();
      for (int i = 0; i < mine.size(); i++) {
        wallRatio.add(mine.get(i).wallMillis() / node.get(i).wallMillis());
        rssRatio.add((double) mine.get(i).peakRssKib() / node.get(i).peakRssKib());
      }
      boolean launcher = name.startsWith(LAUNCHER);
      wall.figure(name + ": wall / Node", median(sorted(wallRatio)), "×", Double.NaN, launcher ? WALL_GOAL : null);
      rss.figure(name + ": peak RSS / Node", median(sorted(rssRatio)), "×", Double.NaN, launcher ? RSS_GOAL : null);
    }
    Files.createDirectories(dir);
    wall.write(dir.resolve("1b-sessions-wall.json"));
    rss.write(dir.resolve("1c-sessions-rss.json"));
  }

  private static Sample run(Case c) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(c.command()).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("CALENDLY_TOKEN", "bench-token-not-used-for-initialize");
    long start = System.nanoTime();
    Process process = builder.start();
    OutputStream stdin = process.getOutputStream();
    BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    double initialize = 0;
    for (int i = 0; i < SESSION.length; i++) {
      stdin.write((SESSION[i] + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      String line = stdout.readLine();
      if (line == null || !line.contains("\"id\":" + (i + 1))) {
        process.destroyForcibly();
        throw new IllegalStateException(c.name() + " did not answer request " + (i + 1) + ": " + line);
      }
      if (i == 0) {
        initialize = (System.nanoTime() - start) / 1e6;
      }
    }
    long peak = peakRss(process.pid());
    stdin.close();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(c.name() + " did not exit within 20 s of end of input");
    }
    return new Sample((System.nanoTime() - start) / 1e6, initialize, peak);
  }

  /** Writes the server's answer to tools/list, for the yardstick to offer the same tools. */
  private static void captureToolsList(Path out, List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("CALENDLY_TOKEN", "bench-token-not-used-for-tools-list");
    Process process = builder.start();
    BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    OutputStream stdin = process.getOutputStream();
    String answer = null;
    for (String request : SESSION) {
      stdin.write((request + "\n").getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      answer = stdout.readLine();
    }
    stdin.close();
    process.waitFor(20, TimeUnit.SECONDS);
    if (answer == null || !answer.contains("\"tools\"")) {
      throw new IllegalStateException("no tools/list answer: " + answer);
    }
    Files.writeString(out, answer + "\n");
  }

  /** VmHWM, the process's peak resident set so far, in KiB; 0 where /proc has none. */
  private static long peakRss(long pid) throws IOException {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    if (!Files.exists(status)) {
      return 0;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  private static List<Double> sorted(List<Double> values) {
    return values.stream().sorted().toList();
  }

  private static double median(List<Double> sorted) {
    return percentile(sorted, 50);
  }

  private static double percentile(List<Double> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private SessionBench() {}
}
