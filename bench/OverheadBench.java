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
 * stdio server ({@code java -jar calendly-mcp.jar}, {@code CALENDLY_API_BASE_URL} pointing at the
 * sandbox) is asked {@code get_event_type} by URI, which with {@code CALENDLY_CACHE=off} is one
 * {@code GET /event_types/{uuid}} per call; interleaved with it, the same request is sent straight
 * to the sandbox by a plain HTTP client (java.net.http, kept-alive connection). The difference of
 * the two per pair is the time the server adds. Then the same with the cache on (what a repeated
 * call costs). Writes the samples in the {@link BenchJson} shape to the file given, a summary to stdout.
 *
 * <p>Usage: {@code java -cp target/calendly-mcp.jar:target/bench-classes OverheadBench <jar> <bench-classes> <out.json>
 * [--calls 300] [--warmup 200] [--cache off|on|both] [--jvm-opt X]...}
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
    for (int i = 3; i < args.length; i += 2) {
      switch (args[i]) {
        case "--calls" -> calls = Integer.parseInt(args[i + 1]);
        case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
        case "--jvm-opt" -> jvmOpts.add(args[i + 1]);
        case "--cache" -> caches = args[i + 1].equals("both") ? List.of("off", "on") : List.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
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
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOpts);
        command.addAll(List.of("-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.put("CALENDLY_TOKEN", token);
        env.put("CALENDLY_API_BASE_URL", base);
        env.put("CALENDLY_CACHE", cache);
        Process server = builder.start();
        children.add(server);
        OutputStream stdin = server.getOutputStream();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        stdin.write(INITIALIZE.getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        stdout.readLine();
        String call = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"get_event_type\","
            + "\"arguments\":{\"event_type\":\"" + eventType + "\"}}}\n";
        double[] tool = new double[calls];
        double[] direct = new double[calls];
        double cpuBefore = 0;
        for (int i = 0; i < warmup + calls; i++) {
          if (i == warmup) {
            cpuBefore = cpuSeconds(server.pid());
          }
          // Alternate which goes first, so neither always follows the other's wake-ups.
          double d;
          double t;
          if (i % 2 == 0) {
            d = timeDirect(http, eventType, token);
            t = timeTool(stdin, stdout, String.format(Locale.ROOT, call, i + 1));
          } else {
            t = timeTool(stdin, stdout, String.format(Locale.ROOT, call, i + 1));
            d = timeDirect(http, eventType, token);
          }
          if (i >= warmup) {
            tool[i - warmup] = t;
            direct[i - warmup] = d;
          }
        }
        double cpuPerCall = (cpuSeconds(server.pid()) - cpuBefore) / calls * 1e6;
        stdin.close();
        server.waitFor(10, TimeUnit.SECONDS);
        double[] added = new double[calls];
        for (int i = 0; i < calls; i++) {
          added[i] = tool[i] - direct[i];
        }
        String run = "cache " + cache;
        result.series("plain HTTP client -> sandbox (" + run + " run)", "ms", "latency per call", direct);
        result.series("get_event_type over stdio, " + run, "ms", "latency per call", tool);
        result.series("added by calendly-mcp per call, " + run, "ms", "added per call", added);
        if (cache.equals("off")) {
          result.figure("added per call p50, cache off", pct(added, 50), "ms", Double.NaN, "<= 1");
          result.figure("added per call p99, cache off", pct(added, 99), "ms", Double.NaN, "<= 5");
          result.figure("tool call p50, cache off", pct(tool, 50), "ms", pct(direct, 50), null);
          result.figure("tool call p99, cache off", pct(tool, 99), "ms", pct(direct, 99), null);
        } else {
          result.figure("repeated call (cached) p50", pct(tool, 50), "ms", pct(direct, 50), null);
          result.figure("repeated call (cached) p99", pct(tool, 99), "ms", pct(direct, 99), null);
        }
        result.figure("server CPU per call, " + run, cpuPerCall, "µs", Double.NaN, null);
        System.out.printf(Locale.ROOT,
            "cache %-3s  tool p50 %.2f ms p99 %.2f ms | direct p50 %.2f ms p99 %.2f ms | added p50 %.2f ms p99 %.2f ms | server CPU %.0f us/call%n",
            cache, pct(tool, 50), pct(tool, 99), pct(direct, 50), pct(direct, 99), pct(added, 50), pct(added, 99), cpuPerCall);
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

  private static double timeTool(OutputStream stdin, BufferedReader stdout, String request) throws IOException {
    long start = System.nanoTime();
    stdin.write(request.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
    String line = stdout.readLine();
    double millis = (System.nanoTime() - start) / 1e6;
    if (line == null || !line.contains("\"isError\":false")) {
      throw new IllegalStateException("get_event_type failed: " + line);
    }
    return millis;
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
