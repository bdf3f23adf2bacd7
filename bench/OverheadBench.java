import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-call overhead (bench scenario 2): what calendly-mcp adds to one Calendly request, tried as a
 * new user would. A standalone sandbox (bench/BenchSandbox.java: {@code calendly-mcp sandbox} with limits no run reaches) is the upstream; the
 * stdio server (by default through {@code bin/calendly-mcp}, the launcher client configurations run,
 * with {@code CALENDLY_API_BASE_URL} pointing at the sandbox; see {@link Variant}) is asked {@code get_event_type} by URI, which with {@code CALENDLY_CACHE=off} is one
 * {@code GET /event_types/{uuid}} per call; interleaved with it, the same request is sent straight
 * to the sandbox by a plain HTTP client (java.net.http, kept-alive connection). The difference of
 * the two per pair is the time the server adds. Then the same with the cache on (what a repeated
 * call costs). Writes the samples in the {@link BenchJson} shape to the file given, a summary to stdout.
 *
 * <p>Usage: {@code java -cp target/calendly-mcp.jar:target/bench-classes OverheadBench <jar> <bench-classes> <out.json>
 * [--calls 300] [--warmup 200] [--cache off|on|both] [--jvm-opt X]... [--server LABEL=launcher|java[:JAR]]...}
 */
public final class OverheadBench {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String INITIALIZE =
      "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\","
          + "\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}\n"
          + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n";

  public static void main(String[] args) throws Exception {
    String jar = Path.of(args[0]).toAbsolutePath().toString();
    Path out = Path.of(args[2]);
    int calls = 300;
    int warmup = 200;
    List<String> jvmOpts = new ArrayList<>();
    List<String> caches = List.of("off", "on");
    List<Variant> variants = new ArrayList<>();
    for (int i = 3; i < args.length; i += 2) {
      switch (args[i]) {
        case "--calls" -> calls = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--jvm-opt" -> jvmOpts.add(args[i + 1]);
        case "--cache" -> caches = args[i + 1].equals("both") ? List.of("off", "on") : List.of(args[i + 1]);
        case "--server" -> variants.add(Variant.parse(args[i + 1], jar));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (variants.isEmpty()) {
      variants.add(new Variant("launcher", "launcher", jar));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = jar + File.pathSeparator + Path.of(args[1]).toAbsolutePath();
    Process sandbox = new ProcessBuilder(java, "-cp", classpath, "BenchSandbox")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<Process> children = new ArrayList<>(List.of(sandbox));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> children.forEach(Process::destroyForcibly)));
    try {
      BufferedReader sandboxOut = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
      JsonNode listing = JSON.readTree(sandboxOut.readLine());
      String base = listing.get("api_base_url").asString();
      JsonNode user = listing.get("users").get(0);
      String token = user.get("token").asString();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      JsonNode types = JSON.readTree(get(http, base + "/event_types?user=" + user.get("user").asString(), token));
      String eventType = types.get("collection").get(0).get("uri").asString();

      BenchJson result = new BenchJson("2-overhead", "2. Per-call overhead over stdio (get_event_type against a standalone sandbox)",
          "plain HTTP client -> sandbox (cache off run)");
      result.fact("upstream request", "GET /event_types/{uuid} (one per call with CALENDLY_CACHE=off)");
      result.fact("calls", calls + " measured after " + warmup + " warm-up calls, each paired with a direct request, alternating which goes first");
      result.fact("added", "tool call time minus the direct request's time, per pair");
      for (String cache : caches) {
        List<Server> servers = new ArrayList<>();
        for (Variant variant : variants) {
          Server server = Server.start(variant, java, jar, jvmOpts, token, base, cache);
          children.add(server.process());
          servers.add(server);
        }
        String call = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"get_event_type\","
            + "\"arguments\":{\"event_type\":\"" + eventType + "\"}}}\n";
        int n = servers.size();
        double[][] tool = new double[n][calls];
        double[] direct = new double[calls];
        double[] cpuBefore = new double[n];
        for (int i = 0; i < warmup + calls; i++) {
          if (i == warmup) {
            for (int v = 0; v < n; v++) {
              cpuBefore[v] = cpuSeconds(servers.get(v).process().pid());
            }
          }
          // Rotate which goes first, so that none always follows another's wake-ups.
          double d = 0;
          double[] t = new double[n];
          for (int k = 0; k <= n; k++) {
            int slot = (i + k) % (n + 1);
            if (slot == n) {
              d = timeDirect(http, eventType, token);
            } else {
              t[slot] = servers.get(slot).time(String.format(Locale.ROOT, call, i + 1));
            }
          }
          if (i >= warmup) {
            direct[i - warmup] = d;
            for (int v = 0; v < n; v++) {
              tool[v][i - warmup] = t[v];
            }
          }
        }
        String run = "cache " + cache;
        result.series("plain HTTP client -> sandbox (" + run + " run)", "ms", "latency per call", direct);
        double[][] added = new double[n][calls];
        for (int v = 0; v < n; v++) {
          Server server = servers.get(v);
          double cpuPerCall = (cpuSeconds(server.process().pid()) - cpuBefore[v]) / calls * 1e6;
          server.stop();
          for (int i = 0; i < calls; i++) {
            added[v][i] = tool[v][i] - direct[i];
          }
          // The one variant of a normal run keeps the names docs/performance.md is made from.
          String label = n == 1 ? "" : " [" + server.variant().label() + "]";
          result.series("get_event_type over stdio, " + run + label, "ms", "latency per call", tool[v]);
          result.series("added by calendly-mcp per call, " + run + label, "ms", "added per call", added[v]);
          if (cache.equals("off")) {
            result.figure("added per call p50, cache off" + label, pct(added[v], 50), "ms", Double.NaN, "<= 1");
            result.figure("added per call p99, cache off" + label, pct(added[v], 99), "ms", Double.NaN, "<= 5");
            result.figure("tool call p50, cache off" + label, pct(tool[v], 50), "ms", pct(direct, 50), null);
            result.figure("tool call p99, cache off" + label, pct(tool[v], 99), "ms", pct(direct, 99), null);
          } else {
            result.figure("repeated call (cached) p50" + label, pct(tool[v], 50), "ms", pct(direct, 50), null);
            result.figure("repeated call (cached) p99" + label, pct(tool[v], 99), "ms", pct(direct, 99), null);
          }
          result.figure("server CPU per call, " + run + label, cpuPerCall, "µs", Double.NaN, null);
          System.out.printf(Locale.ROOT,
              "cache %-3s %-12s tool p50 %.2f ms p99 %.2f ms | direct p50 %.2f ms p99 %.2f ms | added p50 %.2f ms p90 %.2f ms p99 %.2f ms | server CPU %.0f us/call%n",
              cache, server.variant().label(), pct(tool[v], 50), pct(tool[v], 99), pct(direct, 50), pct(direct, 99),
              pct(added[v], 50), pct(added[v], 90), pct(added[v], 99), cpuPerCall);
        }
        // Paired: each later variant against the first, call by call (the same direct request cancels out).
        for (int v = 1; v < n; v++) {
          double[] diff = new double[calls];
          for (int i = 0; i < calls; i++) {
            diff[i] = tool[v][i] - tool[0][i];
          }
          System.out.printf(Locale.ROOT,
              "cache %-3s %s - %s per call: p25 %.3f ms p50 %.3f ms p75 %.3f ms | added p50 ratio %.2f, p99 ratio %.2f%n",
              cache, servers.get(v).variant().label(), servers.get(0).variant().label(), pct(diff, 25), pct(diff, 50),
              pct(diff, 75), pct(added[v], 50) / pct(added[0], 50), pct(added[v], 99) / pct(added[0], 99));
        }
      }
      result.write(out);
    } finally {
      children.forEach(Process::destroy);
    }
  }

  /** utime + stime of the process from /proc, in seconds (Linux; 0 elsewhere). */
  static double cpuSeconds(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return 0;
    }
    String text = Files.readString(stat);
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3rd) here.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
  }

  /**
   * How a server is started: {@code launcher} is bin/calendly-mcp, what MCP client configurations run
   * (C1 only, the serial collector, a small initial heap; no start-up archive here, which only
   * changes the start), {@code java} is a plain {@code java -jar} on the JVM's defaults (C2, G1).
   * {@code --server LABEL=KIND[:JAR]} adds one; with several, each call round asks every server and
   * the direct client in turn, so variants are compared call by call in the same minutes. {@code
   * --jvm-opt} goes on {@code java}'s command line, or into {@code CALENDLY_MCP_JAVA_OPTS} for the
   * launcher.
   */
  record Variant(String label, String kind, String jar) {
    static Variant parse(String spec, String defaultJar) {
      int eq = spec.indexOf('=');
      String rest = spec.substring(eq + 1);
      int colon = rest.indexOf(':');
      String kind = colon < 0 ? rest : rest.substring(0, colon);
      if (!kind.equals("launcher") && !kind.equals("java")) {
        throw new IllegalArgumentException("--server LABEL=launcher|java[:JAR], got " + spec);
      }
      String jar = colon < 0 ? defaultJar : Path.of(rest.substring(colon + 1)).toAbsolutePath().toString();
      return new Variant(spec.substring(0, eq), kind, jar);
    }
  }

  /** One stdio server, initialized, with its pipes. */
  record Server(Variant variant, Process process, OutputStream stdin, BufferedReader stdout) {
    static Server start(Variant variant, String java, String defaultJar, List<String> jvmOpts, String token, String base,
        String cache) throws IOException {
      List<String> command = new ArrayList<>();
      if (variant.kind().equals("launcher")) {
        command.add(Path.of("bin", "calendly-mcp").toAbsolutePath().toString());
      } else {
        command.add(java);
        command.addAll(jvmOpts);
        command.addAll(List.of("-jar", variant.jar()));
      }
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      Map<String, String> env = builder.environment();
      if (variant.kind().equals("launcher")) {
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("CALENDLY_MCP_JAR", variant.jar());
        env.put("CALENDLY_MCP_ARCHIVE", "off");
        env.put("CALENDLY_MCP_JAVA_OPTS", String.join(" ", jvmOpts));
      }
      env.put("CALENDLY_TOKEN", token);
      env.put("CALENDLY_API_BASE_URL", base);
      env.put("CALENDLY_CACHE", cache);
      Process process = builder.start();
      OutputStream stdin = process.getOutputStream();
      BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      stdin.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      stdout.readLine();
      return new Server(variant, process, stdin, stdout);
    }

    double time(String request) throws IOException {
      long start = System.nanoTime();
      stdin.write(request.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      String line = stdout.readLine();
      double millis = (System.nanoTime() - start) / 1e6;
      if (line == null || !line.contains("\"isError\":false")) {
        throw new IllegalStateException("get_event_type failed on " + variant.label() + ": " + line);
      }
      return millis;
    }

    void stop() throws IOException, InterruptedException {
      stdin.close();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static double timeDirect(HttpClient http, String uri, String token) throws Exception {
    long start = System.nanoTime();
    get(http, uri, token);
    return (System.nanoTime() - start) / 1e6;
  }

  private static String get(HttpClient http, String uri, String token) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(uri)).header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(uri + " answered " + response.statusCode());
    }
    return response.body();
  }

  static double pct(double[] values, double p) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
  }

  private OverheadBench() {}
}
