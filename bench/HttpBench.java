import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP benchmark: starts each server as a child process on loopback (so client and server do not
 * share a heap or a JIT), opens {@code --sessions} MCP sessions and has each call a cached read
 * tool back to back (closed loop) for {@code --warmup} seconds, then for a measured window of
 * {@code --seconds}; reports calls/s, latency percentiles, errors and the CPU the server and the
 * client spent per call. Then it closes those sessions, opens {@code --idle} sessions that stay
 * idle (initialize and notifications/initialized, no GET stream) and reports the heap after a full
 * GC ({@code jcmd <pid> GC.run}, least of three) and the RSS, before and after: bytes per idle
 * session. The baseline, measured the same way in the same run, is the MCP Java SDK's server on the
 * same Netty transport with one tool that answers a constant (bench/BareHttpServer.java); every
 * figure is also given as calendly-mcp / baseline. Run through bench/http.sh, which builds what it
 * needs.
 *
 * <p>The client ({@code --client}) matters on a small machine, where it takes CPU from the server:
 * {@code netty} (the default) sends the raw POSTs on Reactor Netty's client, {@code jdk} the same
 * POSTs on java.net.http, {@code sdk} uses the SDK's {@code McpClient.async} on {@code
 * HttpClientStreamableHttpTransport} (which also opens a GET stream per session). The table shows
 * the client's CPU per call, so a client-bound run can be told from a server-bound one.
 *
 * <p>{@code --auth agents} measures the server as deployed ({@code http}, OAuth, its production
 * defaults) with every session an agent of its own ({@link Agents}): with one principal for all
 * sessions the server would hold 16 of them. Its Calendly is a standalone sandbox of 1,000 users
 * ({@code --sandbox-users}: fewer, for a smoke run), each agent signing in as one of them. {@code --idle 1000,10000} opens the idle sessions in
 * levels; {@code --idle-agents} spreads them over fewer agents than sessions (at most 16 each).
 *
 * <p>Usage: {@code java -cp target/calendly-mcp.jar:<bench-classes> HttpBench <jar> <bench-classes>
 * [--sessions 16 | --sessions-levels 1,10,50,200] [--seconds 30] [--warmup 60] [--idle 16 | --idle 1000,10000]
 * [--idle-agents 1000] [--sandbox-users 1000] [--tool whoami] [--client netty|jdk|sdk] [--auth none|oauth|both|agents]}
 */
public final class HttpBench {

  private static final String PROTOCOL_VERSION = "2025-11-25";
  private static final String ACCEPT = "application/json, text/event-stream";
  private static final String ENDPOINT_LINE = "MCP endpoint: ";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  /** Concurrent initializations while opening the idle sessions. */
  private static final int IDLE_OPENERS = 8;
  /** The server's default limit of sessions per principal (SessionLimits.DEFAULTS). */
  private static final int SESSIONS_PER_AGENT = 16;

  private static final List<Process> children = new CopyOnWriteArrayList<>();

  /** One level of sessions on one server. */
  private record Level(int sessions, double callsPerSecond, long[] latencies, double serverCpuMicrosPerCall, long errors) {}

  /** Per server key, its levels in the order measured. */
  private static final Map<String, List<Level>> levelResults = new ConcurrentHashMap<>();


  private record Options(int sessions, int seconds, int warmup, List<Integer> idleLevels, int idleAgents, String tool,
      String client, String auth, List<Integer> levels, Path json, Path idleJson, int sandboxUsers) {

    /** The same options for one level of sessions; levels after the first are already warm. */
    Options atLevel(int level, boolean first) {
      return new Options(level, seconds, first ? warmup : Math.min(warmup, 3), idleLevels, idleAgents, tool, client,
          auth, levels, json, idleJson, sandboxUsers);
    }

    /** The most idle sessions: the last of the levels. */
    int idle() {
      return idleLevels.get(idleLevels.size() - 1);
    }

    static Options parse(String[] args) {
      int sessions = 16;
      int seconds = 30;
      // On 2 vCPU the JIT needs 30-40 s of this load before the rate stops climbing.
      int warmup = 60;
      // The server holds 16 sessions per principal, and with --auth none all sessions are one principal.
      List<Integer> idle = List.of(16);
      // --auth agents: the agents the idle sessions are spread over (0: an agent per session).
      int idleAgents = 0;
      String tool = "whoami";
      String client = "netty";
      String auth = "both";
      List<Integer> levels = null;
      Path json = null;
      Path idleJson = null;
      int sandboxUsers = 1_000;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--help") || name.equals("-h")) {
          throw new IllegalArgumentException("usage: bench/http.sh [--sessions 16 | --sessions-levels 1,10,50,200]"
              + " [--seconds 30] [--warmup 60] [--idle 16 | --idle 1000,10000] [--idle-agents 1000] [--sandbox-users 1000]"
              + " [--tool whoami|list_event_types] [--client netty|jdk|sdk] [--auth none|oauth|both|agents]");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--sessions" -> sessions = whole(name, value, 1, 1_000);
          // One server, warmed once, measured at each number of sessions in turn: calls/s against sessions.
          case "--sessions-levels" -> levels = Arrays.stream(value.split(",")).map(v -> whole(name, v.strip(), 1, 1_000)).toList();
          case "--json" -> json = Path.of(value);
          case "--idle-json" -> idleJson = Path.of(value);
          case "--seconds" -> seconds = whole(name, value, 1, 600);
          case "--warmup" -> warmup = whole(name, value, 0, 600);
          // Several levels, opened one after the other on the same server: 1000,10000.
          case "--idle" -> idle = Arrays.stream(value.split(",")).map(v -> whole(name, v.strip(), 1, 20_000)).toList();
          case "--idle-agents" -> idleAgents = whole(name, value, 0, 20_000);
          // --auth agents: the users of the standalone sandbox the agents sign in as.
          case "--sandbox-users" -> sandboxUsers = whole(name, value, 1, 1_000);
          case "--tool" -> {
            if (!value.equals("whoami") && !value.equals("list_event_types")) {
              throw new IllegalArgumentException("--tool must be whoami or list_event_types (the cached reads), got " + value);
            }
            tool = value;
          }
          case "--client" -> {
            if (!value.equals("netty") && !value.equals("jdk") && !value.equals("sdk")) {
              throw new IllegalArgumentException("--client must be netty, jdk or sdk, got " + value);
            }
            client = value;
          }
          case "--auth" -> {
            if (!value.equals("none") && !value.equals("oauth") && !value.equals("both") && !value.equals("agents")) {
              throw new IllegalArgumentException("--auth must be none, oauth, both or agents, got " + value);
            }
            auth = value;
          }
          default -> throw new IllegalArgumentException(
              "unknown option " + name + " (known: --sessions, --sessions-levels, --seconds, --warmup, --idle,"
                  + " --idle-agents, --sandbox-users, --tool, --client, --auth, --json, --idle-json)");
        }
      }
      if (levels == null) {
        levels = List.of(sessions);
      } else {
        sessions = levels.get(levels.size() - 1);
      }
      for (int i = 1; i < idle.size(); i++) {
        if (idle.get(i) <= idle.get(i - 1)) {
          throw new IllegalArgumentException("--idle levels must grow, got " + idle);
        }
      }
      if (idleAgents > 0 && (idle.get(idle.size() - 1) + idleAgents - 1) / idleAgents > SESSIONS_PER_AGENT) {
        throw new IllegalArgumentException("--idle-agents " + idleAgents + " would give an agent more than "
            + SESSIONS_PER_AGENT + " sessions, the server's limit per principal");
      }
      return new Options(sessions, seconds, warmup, idle, idleAgents, tool, client, auth, levels, json, idleJson,
          sandboxUsers);
    }

    private static int whole(String name, String value, int min, int max) {
      int parsed;
      try {
        parsed = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
      }
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + parsed);
      }
      return parsed;
    }
  }

  /**
   * A server to measure: how to start it, which tool to call, and whether to sign in first: once
   * for all sessions ({@code oauth}), or once per session, each an agent of its own, against the
   * standalone sandbox {@code sandbox} starts ({@link #agents()}).
   */
  private record Target(String name, String key, String column, List<String> command, String tool, boolean hasMetrics,
      boolean oauth, List<String> sandbox) {
    Target(String name, String key, String column, List<String> command, String tool, boolean hasMetrics, boolean oauth) {
      this(name, key, column, command, tool, hasMetrics, oauth, null);
    }

    boolean agents() {
      return sandbox != null;
    }
  }

  /** The heap after a full GC and the resident set, at one moment. */
  private record Memory(long heapBytes, long rssBytes, long metricsHeapBytes, int sessions) {}

  /** Everything measured on one server. */
  private record Result(
      Target target,
      long calls,
      Map<String, Long> errors,
      double seconds,
      long[] latencies,
      double[] halves,
      int answerBytes,
      double serverCpuSeconds,
      double clientCpuSeconds,
      double otherCpuSeconds,
      long upstreamRequests,
      String vmFlags,
      Memory before,
      Memory after,
      int idle,
      /** With agents: after signing in the agents of the idle sessions, before opening any; else {@code before}. */
      Memory signedIn,
      int idleAgents,
      double signInSeconds,
      /** One per idle level, in order; the last is {@code after}. */
      List<Memory> idleMemory) {

    long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    double callsPerSecond() {
      return calls / seconds;
    }

    double percentileMillis(double percent) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(percent / 100.0 * latencies.length);
      return latencies[Math.max(0, Math.min(rank, latencies.length) - 1)] / 1e6;
    }

    double maxMillis() {
      return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1] / 1e6;
    }

    double heapPerSession() {
      return (after.heapBytes - signedIn.heapBytes) / (double) idle;
    }

    double rssPerSession() {
      return (after.rssBytes - signedIn.rssBytes) / (double) idle;
    }

    double heapPerAgent() {
      return idleAgents == 0 ? Double.NaN : (signedIn.heapBytes - before.heapBytes) / (double) idleAgents;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: java -cp <jar> bench/HttpBench.java <jar> <bench-classes> [options]; run bench/http.sh");
      System.exit(2);
    }
    Options options;
    try {
      options = Options.parse(Arrays.copyOfRange(args, 2, args.length));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String jar = Path.of(args[0]).toAbsolutePath().toString();
    String benchClasses = Path.of(args[1]).toAbsolutePath().toString();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jcmd = jcmd();
    Runtime.getRuntime().addShutdownHook(new Thread(HttpBench::killChildren, "http-bench-kill-children"));

    List<Target> targets = new ArrayList<>();
    targets.add(new Target("baseline (bare SDK, noop tool)", "baseline", "baseline",
        List.of(java, "-cp", jar + File.pathSeparator + benchClasses, "BareHttpServer", "0"), "noop", false, false));
    if (!options.auth().equals("oauth") && !options.auth().equals("agents")) {
      targets.add(new Target("calendly-mcp --auth none (" + options.tool() + ")", "calendly-mcp", "calendly-mcp none",
          List.of(java, "-jar", jar, "http", "--auth", "none", "--sandbox", "--port", "0"), options.tool(), true, false));
    }
    if (options.auth().equals("agents")) {
      // The server as deployed (no --sandbox, its production defaults), against a standalone
      // sandbox of 1,000 users (BenchSandbox large) as its Calendly: each agent signs in as a user of
      // its own, as agents of a large deployment do, which keeps within the 8 OAuth tokens a
      // minute Calendly (and so the sandbox) issues per user.
      targets.add(new Target("calendly-mcp, an agent per session (" + options.tool() + ")", "calendly-mcp-agents",
          "calendly-mcp agents", List.of(java, "-jar", jar, "http", "--port", "0"), options.tool(), true, true,
          List.of(java, "-cp", jar + File.pathSeparator + benchClasses, "BenchSandbox",
              options.sandboxUsers() == 1_000 ? "large" : Integer.toString(options.sandboxUsers()))));
    } else if (!options.auth().equals("none")) {
      targets.add(new Target("calendly-mcp --auth oauth (" + options.tool() + ")", "calendly-mcp-oauth",
          "calendly-mcp oauth",
          List.of(java, "-jar", jar, "http", "--sandbox", "--auto-approve", "--port", "0"), options.tool(), true, true));
    }

    List<Result> results = new ArrayList<>();
    try {
      for (Target target : targets) {
        results.add(measure(target, options, jcmd, Path.of(jar).getParent()));
      }
    } catch (Exception e) {
      System.err.println("http bench failed: " + e);
      killChildren();
      System.exit(1);
    }
    print(options, results);
    if (options.json() != null) {
      writeJson(options, results);
    }
  }

  private static void writeJson(Options options, List<Result> results) throws IOException {
    Result base = results.get(0);
    Result cal = results.get(1);
    List<Level> baseLevels = levelResults.get(base.target().key());
    List<Level> calLevels = levelResults.get(cal.target().key());
    BenchJson http = new BenchJson("3-http", "3. HTTP throughput: concurrent sessions calling a cached read in a closed loop",
        "baseline, " + options.levels().get(options.levels().size() - 1) + " sessions");
    http.fact("servers", "baseline: the bare MCP Java SDK server on the same Netty transport with a no-op tool;"
        + (cal.target().agents()
            ? " calendly-mcp: `http` as deployed (OAuth, production defaults; no --sandbox) against a standalone sandbox"
                + String.format(Locale.ROOT, " of %,d users as its Calendly, tool ", options.sandboxUsers())
                + cal.target().tool()
            : " calendly-mcp: `http --auth none --sandbox`, tool " + cal.target().tool()));
    if (cal.target().agents()) {
      http.fact("agents", "every session is an agent of its own: its own dynamic registration, its own PKCE sign-in"
          + " (consent clicked, as its user would) as a user of its own, its own access token on every request;"
          + " each agent signs in from its own loopback address (127.1.x.y), so the limits per client address"
          + " (20 registrations a minute, 200 a day) apply per agent as for agents on separate machines");
    }
    http.fact("load", "sessions " + options.levels() + " one after the other on one server, " + options.warmup()
        + " s warm-up before the first, " + options.seconds() + " s measured each; client: " + options.client()
        + " in its own JVM on the same machine");
    for (int i = 0; i < calLevels.size(); i++) {
      Level b = baseLevels.get(i);
      Level c = calLevels.get(i);
      String at = c.sessions() + " sessions";
      http.figure("calls/s, " + at, c.callsPerSecond(), "calls/s", b.callsPerSecond(), null,
          "calls/s against sessions;sessions;calls/s|calendly-mcp", c.sessions());
      http.figure("calls/s (baseline), " + at, b.callsPerSecond(), "calls/s", Double.NaN, null,
          "calls/s against sessions;sessions;calls/s|baseline (bare SDK)", b.sessions());
      http.figure("latency p50, " + at, pctMillis(c.latencies(), 50), "ms", pctMillis(b.latencies(), 50), null,
          "latency against sessions;sessions;ms|calendly-mcp p50", c.sessions());
      http.figure("latency p90, " + at, pctMillis(c.latencies(), 90), "ms", pctMillis(b.latencies(), 90), null,
          "latency against sessions;sessions;ms|calendly-mcp p90", c.sessions());
      http.figure("latency p99, " + at, pctMillis(c.latencies(), 99), "ms", pctMillis(b.latencies(), 99), null,
          "latency against sessions;sessions;ms|calendly-mcp p99", c.sessions());
      http.figure("server CPU per call, " + at, c.serverCpuMicrosPerCall(), "µs", b.serverCpuMicrosPerCall(), null);
      http.figure("errors, " + at, c.errors(), "", b.errors(), "<= 0");
    }
    Level lastBase = baseLevels.get(baseLevels.size() - 1);
    Level lastCal = calLevels.get(calLevels.size() - 1);
    http.series("baseline, " + lastBase.sessions() + " sessions", "ms", "latency per call", millis(lastBase.latencies()));
    http.series("calendly-mcp, " + lastCal.sessions() + " sessions", "ms", "latency per call", millis(lastCal.latencies()));
    http.write(options.json());
    if (options.idleJson() != null) {
      BenchJson idle = new BenchJson("4-idle", String.format(Locale.ROOT,
          "4. Sessions at rest: %s idle sessions (initialize + initialized, no stream)",
          String.join(" and ", options.idleLevels().stream().map(n -> String.format(Locale.ROOT, "%,d", n)).toList())),
          null);
      idle.fact("memory", "heap after a full GC (jcmd GC.run, least of three) and VmRSS, before and after opening them;"
          + " the levels are opened one after the other on the same server, each counted from no session");
      if (cal.idleAgents() > 0) {
        idle.fact("agents", String.format(Locale.ROOT, "the sessions are spread round-robin over %,d agents, each"
                + " with its own registration, sign-in (as a user of its own) and token, signed in before the first"
                + " level (%.0f s for all, %d at a time): up to %d sessions per agent (the server holds %d per principal)",
            cal.idleAgents(), cal.signInSeconds(), Agents.SIGNERS, (options.idle() + cal.idleAgents() - 1) / cal.idleAgents(),
            SESSIONS_PER_AGENT));
        idle.figure(String.format(Locale.ROOT, "heap per signed-in agent, no session (%,d agents)", cal.idleAgents()),
            cal.heapPerAgent(), "B", Double.NaN, null);
      }
      for (int i = 0; i < options.idleLevels().size(); i++) {
        int level = options.idleLevels().get(i);
        Memory c = cal.idleMemory().get(i);
        Memory b = base.idleMemory().get(i);
        String at = String.format(Locale.ROOT, "%,d idle sessions", level);
        idle.figure("heap after full GC, " + at, c.heapBytes() / 1048576.0, "MiB", b.heapBytes() / 1048576.0,
            level >= 10_000 ? "<= 512" : null, "heap after full GC against idle sessions;idle sessions;MiB|calendly-mcp",
            level);
        idle.figure("heap after full GC (baseline), " + at, b.heapBytes() / 1048576.0, "MiB", Double.NaN, null,
            "heap after full GC against idle sessions;idle sessions;MiB|baseline (bare SDK)", level);
        idle.figure("heap per idle session, " + at, (c.heapBytes() - cal.signedIn().heapBytes()) / (double) level, "B",
            (b.heapBytes() - base.signedIn().heapBytes()) / (double) level, null);
        idle.figure("RSS, " + at, c.rssBytes() / 1048576.0, "MiB", b.rssBytes() / 1048576.0, null);
        idle.figure("RSS per idle session, " + at, (c.rssBytes() - cal.signedIn().rssBytes()) / (double) level, "B",
            (b.rssBytes() - base.signedIn().rssBytes()) / (double) level, null);
        idle.figure("open sessions counted by mcp_sessions, " + at, c.sessions(), "", Double.NaN, null);
      }
      idle.write(options.idleJson());
    }
  }

  private static double pctMillis(long[] sortedNanos, double percent) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, Math.min(rank, sortedNanos.length) - 1)] / 1e6;
  }

  /** At most 20,000 evenly spread samples of the sorted latencies: enough for a distribution chart. */
  private static double[] millis(long[] sortedNanos) {
    int n = Math.min(sortedNanos.length, 20_000);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = sortedNanos[(int) ((long) i * sortedNanos.length / n)] / 1e6;
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // One server

  private static Result measure(Target target, Options options, String jcmd, Path logDir) throws Exception {
    Path log = logDir.resolve("bench-http-" + target.key() + ".log");
    ProcessBuilder server = new ProcessBuilder(new ArrayList<>(target.command())).redirectError(log.toFile());
    Process sandbox = null;
    Path dataDir = null;
    List<String> emails = List.of();
    if (target.agents()) {
      sandbox = new ProcessBuilder(target.sandbox()).redirectError(logDir.resolve("bench-http-sandbox.log").toFile()).start();
      children.add(sandbox);
      tools.jackson.databind.JsonNode seeded = JsonMapper.builder().build().readTree(
          new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8)).readLine());
      List<String> users = new ArrayList<>();
      seeded.get("users").forEach(user -> users.add(user.get("email").asString()));
      emails = users;
      dataDir = Files.createTempDirectory("http-bench-data");
      server.command().addAll(List.of("--data-dir", dataDir.toString()));
      Map<String, String> env = server.environment();
      env.put("CALENDLY_API_BASE_URL", seeded.get("api_base_url").asString());
      env.put("CALENDLY_AUTH_BASE_URL", seeded.get("auth_base_url").asString());
      env.put("CALENDLY_CLIENT_ID", seeded.get("oauth_client_id").asString());
      env.put("CALENDLY_CLIENT_SECRET", seeded.get("oauth_client_secret").asString());
      progress("%s: sandbox of %,d users at %s", target.name(), users.size(), seeded.get("api_base_url").asString());
    }
    Process process = server.start();
    children.add(process);
    try {
      URI endpoint = awaitEndpoint(process, target, log);
      URI base = endpoint.resolve("/");
      progress("%s: pid %d at %s (stderr in %s)", target.name(), process.pid(), endpoint, log);
      String vmFlags = vmFlags(jcmd, process.pid());
      HttpClient http = HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
      // One token for every session, or (agents) a sign-in per session.
      String shared = target.oauth() && !target.agents() ? "Bearer " + SignIn.accessToken(base, null, null) : null;
      Agents loadAgents = target.agents() ? new Agents(base, emails) : null;

      // Load: N sessions, each calling the tool back to back, at each level in turn.
      Load load = null;
      long upstream = -1;
      List<Level> levels = new ArrayList<>();
      for (int level : options.levels()) {
        Options at = options.atLevel(level, levels.isEmpty());
        if (loadAgents != null) {
          loadAgents.ensure(level, target.name());
        }
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < level; i++) {
          String bearer = loadAgents != null ? loadAgents.bearer(i) : shared;
          callers.add(switch (options.client()) {
            case "sdk" -> SdkCaller.open(base, target.tool(), bearer);
            // The pool is made once per server: sized for the most sessions of any level.
            case "netty" -> NettyCaller.open(http, endpoint, target.tool(),
                options.levels().stream().mapToInt(Integer::intValue).max().orElse(level), bearer);
            default -> JdkCaller.open(http, endpoint, target.tool(), bearer);
          });
        }
        progress("%s: %d sessions open (%s client); %d s warm-up, then %d s measured",
            target.name(), callers.size(), options.client(), at.warmup(), at.seconds());
        double upstreamBefore = target.hasMetrics() ? metric(scrape(http, base), "calendly_requests_total", null) : 0;
        load = Load.run(callers, at, process.pid(), target.name());
        upstream = target.hasMetrics()
            ? Math.round(metric(scrape(http, base), "calendly_requests_total", null) - upstreamBefore) : -1;
        for (Caller caller : callers) {
          caller.close();
        }
        if (target.hasMetrics()) {
          awaitSessions(http, base, 0);
        }
        levels.add(new Level(level, load.calls / load.seconds, load.latencies, load.serverCpu * 1e6 / Math.max(1, load.calls),
            load.errors.values().stream().mapToLong(Long::longValue).sum()));
      }
      levelResults.put(target.key(), levels);

      // Memory: 0 sessions (after the warm-up and the load); with agents, then the idle sessions'
      // agents signed in (fresh ones: the load's tokens may be near the end of their 10 minutes);
      // then each level of idle sessions, spread round-robin over the agents.
      Memory before = memory(jcmd, process.pid(), http, base, target.hasMetrics());
      Memory signedIn = before;
      int idleAgents = 0;
      double signInSeconds = 0;
      Function<Integer, String> bearerOf = session -> shared;
      if (target.agents()) {
        idleAgents = options.idleAgents() == 0 ? options.idle() : options.idleAgents();
        Agents agents = new Agents(base, emails);
        signInSeconds = agents.ensure(idleAgents, target.name());
        signedIn = memory(jcmd, process.pid(), http, base, target.hasMetrics());
        int spread = idleAgents;
        bearerOf = session -> agents.bearer(session % spread);
      }
      List<Memory> idleMemory = new ArrayList<>();
      int open = 0;
      for (int level : options.idleLevels()) {
        progress("%s: opening idle sessions %,d to %,d", target.name(), open + 1, level);
        long started = System.nanoTime();
        openIdle(http, endpoint, open, level, bearerOf);
        progress("%s: %,d idle sessions opened in %.1f s", target.name(), level - open, (System.nanoTime() - started) / 1e9);
        if (target.hasMetrics()) {
          awaitSessions(http, base, level);
        }
        idleMemory.add(memory(jcmd, process.pid(), http, base, target.hasMetrics()));
        open = level;
      }
      Memory after = idleMemory.get(idleMemory.size() - 1);
      progress("%s: heap %,d -> %,d -> %,d bytes, RSS %,d -> %,d -> %,d bytes", target.name(), before.heapBytes(),
          signedIn.heapBytes(), after.heapBytes(), before.rssBytes(), signedIn.rssBytes(), after.rssBytes());
      return new Result(target, load.calls, load.errors, load.seconds, load.latencies, load.halves, load.answerBytes,
          load.serverCpu, load.clientCpu, load.otherCpu, upstream, vmFlags, before, after, options.idle(), signedIn,
          idleAgents, signInSeconds, idleMemory);
    } finally {
      stop(process);
      children.remove(process);
      if (sandbox != null) {
        stop(sandbox);
        children.remove(sandbox);
      }
      if (dataDir != null) {
        try (var files = Files.walk(dataDir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
      }
    }
  }

  private static URI awaitEndpoint(Process process, Target target, Path log) throws Exception {
    BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        String read;
        while ((read = stdout.readLine()) != null) {
          if (read.startsWith(ENDPOINT_LINE)) {
            return read.substring(ENDPOINT_LINE.length()).trim();
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String url;
    try {
      url = line.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      url = null;
    }
    if (url == null) {
      throw new IllegalStateException(target.name() + " printed no '" + ENDPOINT_LINE + "' line within "
          + START_TIMEOUT.toSeconds() + " s" + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")")
          + "; last of its stderr: " + tail(log));
    }
    // Keep reading, so that a full pipe never blocks the server.
    Thread drain = new Thread(() -> {
      try {
        process.getInputStream().transferTo(OutputStream.nullOutputStream());
      } catch (IOException ignored) {
        // the process ended
      }
    }, "drain-" + target.key());
    drain.setDaemon(true);
    drain.start();
    return URI.create(url);
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void killChildren() {
    for (Process process : children) {
      process.destroyForcibly();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Closed-loop load

  /** One MCP session that calls one tool; a call completes with the size of its answer. */
  private interface Caller {
    CompletableFuture<Integer> call();

    void close();
  }

  /** Raw java.net.http POSTs with the session's headers; the SSE answer is read to its end. */
  private static final class JdkCaller implements Caller {
    private final HttpClient http;
    private final URI endpoint;
    private final String sessionId;
    private final String tool;
    private final String bearer;
    private long nextId = 1;

    private JdkCaller(HttpClient http, URI endpoint, String sessionId, String tool, String bearer) {
      this.http = http;
      this.endpoint = endpoint;
      this.sessionId = sessionId;
      this.tool = tool;
      this.bearer = bearer;
    }

    static JdkCaller open(HttpClient http, URI endpoint, String tool, String bearer) throws Exception {
      return new JdkCaller(http, endpoint,
          initialize(http, endpoint, bearer).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS), tool, bearer);
    }

    @Override
    public CompletableFuture<Integer> call() {
      long id = nextId++;
      String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
          + "\",\"arguments\":{}}}";
      return http.sendAsync(post(endpoint, sessionId, body, bearer), HttpResponse.BodyHandlers.ofByteArray())
          .thenApply(response -> {
            if (response.statusCode() != 200) {
              throw new CallFailed("HTTP " + response.statusCode());
            }
            String answer = lastData(new String(response.body(), StandardCharsets.UTF_8));
            if (answer == null || !answer.contains("\"id\":" + id + ",") || !answer.contains("\"result\"")) {
              throw new CallFailed(answer != null && answer.contains("\"error\"") ? "JSON-RPC error" : "no answer");
            }
            if (answer.contains("\"isError\":true")) {
              throw new CallFailed("tool error");
            }
            return response.body().length;
          });
    }

    @Override
    public void close() {
      try {
        HttpRequest.Builder delete = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
            .header("Mcp-Session-Id", sessionId)
            .header("MCP-Protocol-Version", PROTOCOL_VERSION)
            .DELETE();
        if (bearer != null) {
          delete.header("Authorization", bearer);
        }
        http.send(delete.build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        progress("DELETE of a session failed: %s", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** The data of the last SSE event with any: the response, after the priming event. */
    private static String lastData(String sse) {
      String data = null;
      int at = 0;
      while (at < sse.length()) {
        int end = sse.indexOf('\n', at);
        if (end < 0) {
          end = sse.length();
        }
        if (sse.startsWith("data:", at)) {
          String value = sse.substring(at + 5, end).trim();
          if (!value.isEmpty()) {
            data = value;
          }
        }
        at = end + 1;
      }
      return data;
    }
  }

  /**
   * The same raw POSTs as {@link JdkCaller}, with the same MCP headers and bodies, on a Reactor
   * Netty client (one pool per server, a connection per busy session): the cheapest client of the
   * three, so the one that leaves the most of a small machine to the server.
   */
  private static final class NettyCaller implements Caller {
    /** One pool per server. */
    private static final Map<URI, reactor.netty.http.client.HttpClient> pools = new ConcurrentHashMap<>();
    private final reactor.netty.http.client.HttpClient client;
    private final String path;
    private final String tool;
    private long nextId = 1;

    private NettyCaller(reactor.netty.http.client.HttpClient client, String path, String tool) {
      this.client = client;
      this.path = path;
      this.tool = tool;
    }

    static synchronized NettyCaller open(HttpClient http, URI endpoint, String tool, int sessions, String bearer)
        throws Exception {
      reactor.netty.http.client.HttpClient shared = pools.computeIfAbsent(endpoint,
          uri -> reactor.netty.http.client.HttpClient.create(
                  reactor.netty.resources.ConnectionProvider.builder("http-bench").maxConnections(sessions + 8)
                      .pendingAcquireTimeout(REQUEST_TIMEOUT).build())
              .baseUrl(uri.resolve("/").toString().replaceAll("/+$", ""))
              .responseTimeout(REQUEST_TIMEOUT));
      String sessionId = initialize(http, endpoint, bearer).get(REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new NettyCaller(shared.headers(h -> {
        h.set("Content-Type", "application/json").set("Accept", ACCEPT)
            .set("Mcp-Session-Id", sessionId).set("MCP-Protocol-Version", PROTOCOL_VERSION);
        if (bearer != null) {
          h.set("Authorization", bearer);
        }
      }), endpoint.getRawPath(), tool);
    }

    @Override
    public CompletableFuture<Integer> call() {
      long id = nextId++;
      String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
          + "\",\"arguments\":{}}}";
      return client.post()
          .uri(path)
          // One buffer in a Mono: sent with Content-Length, as clients do (a Flux would go chunked).
          .send(reactor.core.publisher.Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8))))
          .responseSingle((response, content) -> content.asByteArray().map(bytes -> {
            if (response.status().code() != 200) {
              throw new CallFailed("HTTP " + response.status().code());
            }
            String answer = JdkCaller.lastData(new String(bytes, StandardCharsets.UTF_8));
            if (answer == null || !answer.contains("\"id\":" + id + ",") || !answer.contains("\"result\"")) {
              throw new CallFailed(answer != null && answer.contains("\"error\"") ? "JSON-RPC error" : "no answer");
            }
            if (answer.contains("\"isError\":true")) {
              throw new CallFailed("tool error");
            }
            return bytes.length;
          }))
          .toFuture();
    }

    @Override
    public void close() {
      String status = client.delete()
          .uri(path)
          .responseSingle((response, content) -> content.asString().defaultIfEmpty("")
              .map(text -> response.status().code() == 204 ? "" : response.status().code() + " " + text))
          .block(REQUEST_TIMEOUT);
      if (status != null && !status.isEmpty()) {
        progress("DELETE of a session answered %s", status);
      }
    }
  }

  /** The SDK's own client: {@code McpClient.async} on {@code HttpClientStreamableHttpTransport}. */
  private static final class SdkCaller implements Caller {
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.builder().build());
    private final McpAsyncClient client;
    private final McpSchema.CallToolRequest request;

    private SdkCaller(McpAsyncClient client, String tool) {
      this.client = client;
      this.request = McpSchema.CallToolRequest.builder(tool).arguments(Map.of()).build();
    }

    static SdkCaller open(URI base, String tool, String bearer) {
      String root = base.toString().replaceAll("/+$", "");
      HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(root)
          .endpoint("/mcp")
          .jsonMapper(JSON)
          .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)))
          .addHttpRequestCustomizer((request, method, uri, body, context) -> {
            if (bearer != null) {
              request.setHeader("Authorization", bearer);
            }
          })
          .build();
      McpAsyncClient client = McpClient.async(transport)
          .clientInfo(McpSchema.Implementation.builder("http-bench", "1").build())
          .requestTimeout(REQUEST_TIMEOUT)
          .build();
      client.initialize().block(REQUEST_TIMEOUT);
      return new SdkCaller(client, tool);
    }

    @Override
    public CompletableFuture<Integer> call() {
      return client.callTool(request).map(result -> {
        if (Boolean.TRUE.equals(result.isError())) {
          throw new CallFailed("tool error");
        }
        return 0;
      }).toFuture();
    }

    @Override
    public void close() {
      client.closeGracefully().block(REQUEST_TIMEOUT);
    }
  }

  /**
   * Signs in to {@code http --sandbox --auto-approve} as an MCP client would: metadata discovery,
   * dynamic registration, PKCE authorization through the sandbox's Calendly (its first user unless
   * a login hint names another), and the code for an access token (valid 10 minutes, longer than
   * one server's run). Every request of one sign-in leaves from {@code from} (null: the system's
   * choice, 127.0.0.1), so that agents signing in from their own loopback addresses are counted as
   * the separate clients they are by the authorization server's per-address limits.
   */
  private static final class SignIn {
    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The server's consent page (bench: no --auto-approve): its form's action. */
    private static final Pattern CONSENT_FORM = Pattern.compile("<form method=\"post\" action=\"(/consent)\">");

    /** The value of the consent form's hidden field {@code name}: ids and tokens, nothing to unescape. */
    private static String hidden(String html, String name) {
      Matcher value = Pattern.compile("name=\"" + name + "\" value=\"([A-Za-z0-9_.~-]+)\"").matcher(html);
      if (!value.find()) {
        throw new IllegalStateException("the consent page has no " + name + " field");
      }
      return value.group(1);
    }

    /**
     * What a click on Approve posts: the page's hidden fields, and each resource's choice as the
     * page preselects it (the defaults a user who changes nothing approves).
     */
    private static Map<String, String> approval(String html) {
      Map<String, String> fields = new java.util.LinkedHashMap<>();
      fields.put("csrf_token", hidden(html, "csrf_token"));
      fields.put("ticket", hidden(html, "ticket"));
      Matcher select = Pattern.compile("name=\"(policy\\.[a-z_]+)\">(.*?)</select>").matcher(html);
      while (select.find()) {
        Matcher chosen = Pattern.compile("value=\"([a-z]+)\" selected").matcher(select.group(2));
        if (chosen.find()) {
          fields.put(select.group(1), chosen.group(1));
        }
      }
      fields.put("decision", "approve");
      return fields;
    }

    /** One answer, read whole: the status, its cookies and where it redirects. */
    private record Answer(int status, List<String> cookies, String location, String body) {}

    static String accessToken(URI base, InetAddress from, String loginHint) {
      // A connection per request: a pool is keyed by the remote address only, and would hand one
      // agent's connection, bound to its address, to the next agent.
      reactor.netty.http.client.HttpClient web = reactor.netty.http.client.HttpClient.create(
              reactor.netty.resources.ConnectionProvider.newConnection())
          .followRedirect(false)
          .responseTimeout(REQUEST_TIMEOUT);
      if (from != null) {
        web = web.bindAddress(() -> new InetSocketAddress(from, 0));
      }
      tools.jackson.databind.JsonNode server = JSON.readTree(
          send(web, base.resolve("/.well-known/oauth-authorization-server"), null, null, null, 200).body());
      String clientId = JSON.readTree(send(web, URI.create(server.get("registration_endpoint").asString()),
              "application/json", "{\"client_name\":\"http-bench\",\"redirect_uris\":[\"" + REDIRECT
                  + "\"],\"token_endpoint_auth_method\":\"none\",\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
                  + "\"response_types\":[\"code\"]}", null, 201).body())
          .get("client_id").asString();
      com.nimbusds.oauth2.sdk.pkce.CodeVerifier verifier = new com.nimbusds.oauth2.sdk.pkce.CodeVerifier();
      String challenge = com.nimbusds.oauth2.sdk.pkce.CodeChallenge.compute(
          com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.S256, verifier).getValue();
      String resource = base.resolve("/mcp").toString();
      Map<String, String> query = new java.util.LinkedHashMap<>(Map.of(
          "response_type", "code", "client_id", clientId, "redirect_uri", REDIRECT, "state", "bench",
          "code_challenge", challenge, "code_challenge_method", "S256", "resource", resource,
          "scope", "calendly:read calendly:write"));
      if (loginHint != null) {
        query.put("login_hint", loginHint);
      }
      URI location = URI.create(server.get("authorization_endpoint").asString() + "?" + form(query));
      // The server binds the sign-in to the browser with a __Host- cookie, which the callback must
      // carry back; a cookie jar would drop it (Secure) on plain-http loopback, as browsers do not.
      Map<String, String> cookies = new java.util.LinkedHashMap<>();
      for (int hop = 0; !location.toString().startsWith(REDIRECT); hop++) {
        String cookie = cookies.isEmpty() ? null : String.join("; ", cookies.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue()).toList());
        Answer page = send(web, location, null, null, cookie, -1);
        Matcher consent = CONSENT_FORM.matcher(page.body());
        if (page.status() == 200 && consent.find()) {
          // Without --auto-approve the server asks its user first: click Approve, as the user would.
          for (String set : page.cookies()) {
            String[] pair = set.split(";", 2)[0].split("=", 2);
            cookies.put(pair[0].strip(), pair.length > 1 ? pair[1].strip() : "");
          }
          cookie = String.join("; ", cookies.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toList());
          page = send(web, location.resolve(consent.group(1)), "application/x-www-form-urlencoded",
              form(approval(page.body())), cookie, -1);
        }
        for (String set : page.cookies()) {
          String[] pair = set.split(";", 2)[0].split("=", 2);
          cookies.put(pair[0].strip(), pair.length > 1 ? pair[1].strip() : "");
        }
        if (hop > 10 || page.location() == null) {
          throw new IllegalStateException("sign-in stopped at " + location.getPath() + " with " + page.status());
        }
        location = location.resolve(page.location());
      }
      Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
      if (!code.find()) {
        throw new IllegalStateException("the authorization ended without a code: " + location.getRawQuery().replaceAll("=[^&]*", "=…"));
      }
      String tokens = send(web, URI.create(server.get("token_endpoint").asString()), "application/x-www-form-urlencoded",
          form(Map.of("grant_type", "authorization_code",
              "code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8),
              "redirect_uri", REDIRECT, "client_id", clientId, "code_verifier", verifier.getValue(), "resource", resource)),
          null, 200).body();
      return JSON.readTree(tokens).get("access_token").asString();
    }

    /** A GET, or a POST when {@code body} is set; fails unless the status is {@code expected} (-1: any). */
    private static Answer send(reactor.netty.http.client.HttpClient web, URI uri, String contentType, String body,
        String cookie, int expected) {
      reactor.netty.http.client.HttpClient withHeaders = web.headers(h -> {
        if (contentType != null) {
          h.set("Content-Type", contentType);
        }
        if (cookie != null) {
          h.set("Cookie", cookie);
        }
      });
      Answer answer = (body == null
              ? withHeaders.get().uri(uri.toString())
              : withHeaders.post().uri(uri.toString())
                  .send(reactor.core.publisher.Mono.just(io.netty.buffer.Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)))))
          .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
              .map(text -> new Answer(response.status().code(), response.responseHeaders().getAll("Set-Cookie"),
                  response.responseHeaders().get("Location"), text)))
          .block(REQUEST_TIMEOUT);
      if (answer == null || expected >= 0 && answer.status() != expected) {
        // The path only: the query and the body of OAuth endpoints carry codes and verifiers.
        throw new IllegalStateException(uri.getPath() + " answered " + (answer == null ? "nothing" : answer.status()
            + ": " + answer.body().substring(0, Math.min(200, answer.body().length()))));
      }
      return answer;
    }

    private static String form(Map<String, String> fields) {
      StringBuilder out = new StringBuilder();
      fields.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&")
          .append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
      return out.toString();
    }
  }

  /**
   * Agents, each signed in on its own: its own dynamic registration, its own PKCE sign-in (as a
   * sandbox user of its own, round-robin) and its own access token, so each is a principal of its
   * own to the server (its own session budget), as separate MCP clients are. Agent {@code i} sends
   * its sign-in from its own loopback address (127.1.x.y; Linux routes all of 127/8 to lo), which
   * the authorization server counts as its own client address: the limits on registrations per
   * address (20 a minute, 200 a day) apply to each agent as they would to agents on separate
   * machines, and the server runs with its production defaults. Signed in {@link #SIGNERS} at a time.
   */
  private static final class Agents {
    private static final int SIGNERS = 8;
    /** Addresses are never reused within a run, so that no address registers more than once. */
    private static final AtomicInteger nextAddress = new AtomicInteger();
    private final URI base;
    private final List<String> users;
    private final List<String> bearers = new CopyOnWriteArrayList<>();

    /** @param users the emails of the sandbox's users; agent {@code i} signs in as user {@code i} (round-robin) */
    Agents(URI base, List<String> users) {
      this.base = base;
      this.users = users;
    }

    /** The Authorization header of agent {@code index}, signed in by {@link #ensure}. */
    String bearer(int index) {
      return bearers.get(index);
    }

    int size() {
      return bearers.size();
    }

    /** Signs in agents until there are {@code count}; returns the seconds it took. */
    double ensure(int count, String name) throws Exception {
      int from = bearers.size();
      if (count <= from) {
        return 0;
      }
      long started = System.nanoTime();
      java.util.concurrent.ExecutorService signers = Executors.newFixedThreadPool(SIGNERS);
      try {
        List<java.util.concurrent.Future<String>> tokens = new ArrayList<>();
        for (int i = from; i < count; i++) {
          InetAddress address = address(nextAddress.getAndIncrement());
          String user = users.get(i % users.size());
          tokens.add(signers.submit(() -> "Bearer " + SignIn.accessToken(base, address, user)));
        }
        for (int i = 0; i < tokens.size(); i++) {
          bearers.add(tokens.get(i).get(5, TimeUnit.MINUTES));
          if ((from + i + 1) % 500 == 0) {
            progress("%s: %,d agents signed in", name, from + i + 1);
          }
        }
      } finally {
        signers.shutdownNow();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      progress("%s: %,d agents signed in (%,d new in %.1f s, each from its own loopback address)", name, count,
          count - from, seconds);
      return seconds;
    }

    /** 127.1.0.1 for the first agent, then 127.1.0.2 … 127.1.0.250, 127.1.1.1 …: one per agent. */
    static InetAddress address(int index) throws java.net.UnknownHostException {
      return InetAddress.getByAddress(new byte[] {127, 1, (byte) (index / 250), (byte) (index % 250 + 1)});
    }
  }

  private static final class CallFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** The closed loop: each caller calls again as soon as its answer is in, until the window ends. */
  private static final class Load {
    long calls;
    Map<String, Long> errors;
    double seconds;
    long[] latencies;
    int answerBytes;
    double serverCpu;
    double clientCpu;
    double otherCpu;
    /** calls/s over the first and the second half of the window: near equal when the JIT is done. */
    double[] halves;

    /** One caller's loop; its fields are touched by one call at a time. */
    private static final class Loop {
      final Caller caller;
      long[] latencies = new long[1 << 12];
      int count;

      Loop(Caller caller) {
        this.caller = caller;
      }

      void record(long nanos) {
        if (count == latencies.length) {
          latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos;
      }
    }

    /** What all loops share: the window, the counts and the way out. */
    private static final class Run {
      final long measureFrom;
      final long measureUntil;
      final Map<String, Long> errors = new ConcurrentHashMap<>();
      /** Every call answered, warm-up included: for the progress lines. */
      final AtomicLong answered = new AtomicLong();
      final AtomicLong failed = new AtomicLong();
      /** What the latest failure was, for the progress lines. */
      volatile String lastError = "";
      final AtomicInteger answerBytes = new AtomicInteger();
      final CountDownLatch done;
      final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "http-bench-retry");
        thread.setDaemon(true);
        return thread;
      });

      Run(long measureFrom, long measureUntil, int loops) {
        this.measureFrom = measureFrom;
        this.measureUntil = measureUntil;
        this.done = new CountDownLatch(loops);
      }
    }

    static Load run(List<Caller> callers, Options options, long serverPid, String name) throws Exception {
      long start = System.nanoTime();
      long measureFrom = start + TimeUnit.SECONDS.toNanos(options.warmup());
      long measureUntil = measureFrom + TimeUnit.SECONDS.toNanos(options.seconds());
      Run run = new Run(measureFrom, measureUntil, callers.size());
      Load load = new Load();
      List<Loop> loops = callers.stream().map(Loop::new).toList();
      for (Loop loop : loops) {
        next(loop, run);
      }

      // Progress every few seconds, warm-up included, as calls/s since the last line: a rate still
      // climbing when the window opens says the warm-up was too short.
      Cpu cpuFrom = null;
      Cpu cpuUntil;
      long measureHalf = measureFrom + (measureUntil - measureFrom) / 2;
      long answeredAtFrom = 0;
      long answeredAtHalf = 0;
      long tick = start + PROGRESS_EVERY.toNanos();
      long lastAt = start;
      long lastAnswered = 0;
      while (true) {
        long milestone = cpuFrom == null ? measureFrom : answeredAtHalf == 0 ? measureHalf : measureUntil;
        long wake = Math.min(tick, milestone);
        sleepUntil(wake);
        long answered = run.answered.get();
        if (wake == milestone) {
          if (cpuFrom == null) {
            cpuFrom = Cpu.now(serverPid);
            answeredAtFrom = answered;
          } else if (answeredAtHalf == 0) {
            answeredAtHalf = Math.max(1, answered);
          } else {
            cpuUntil = Cpu.now(serverPid);
            load.halves = new double[] {
                (answeredAtHalf - answeredAtFrom) / ((measureHalf - measureFrom) / 1e9),
                (answered - answeredAtHalf) / ((measureUntil - measureHalf) / 1e9)};
            break;
          }
        }
        if (wake == tick) {
          progress("%s: %s %2d s, %,7.0f calls/s over the last %d s, %,d errors%s", name,
              wake <= measureFrom ? "warm-up" : "measured",
              TimeUnit.NANOSECONDS.toSeconds(wake - (wake <= measureFrom ? start : measureFrom)),
              (answered - lastAnswered) / ((wake - lastAt) / 1e9), TimeUnit.NANOSECONDS.toSeconds(wake - lastAt),
              run.failed.get(), run.lastError.isEmpty() ? "" : " (latest: " + run.lastError + ")");
          lastAnswered = answered;
          lastAt = wake;
          tick += PROGRESS_EVERY.toNanos();
        }
      }
      if (!run.done.await(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
        throw new IllegalStateException(run.done.getCount() + " calls still running " + REQUEST_TIMEOUT.toSeconds()
            + " s after the window ended");
      }
      run.retry.shutdownNow();

      load.seconds = (measureUntil - measureFrom) / 1e9;
      int total = loops.stream().mapToInt(l -> l.count).sum();
      long[] all = new long[total];
      int at = 0;
      for (Loop loop : loops) {
        System.arraycopy(loop.latencies, 0, all, at, loop.count);
        at += loop.count;
      }
      Arrays.sort(all);
      load.latencies = all;
      load.calls = total;
      load.errors = new TreeMap<>(run.errors);
      load.answerBytes = run.answerBytes.get();
      load.serverCpu = cpuUntil.server - cpuFrom.server;
      load.clientCpu = cpuUntil.client - cpuFrom.client;
      load.otherCpu = Math.max(0, (cpuUntil.machine - cpuFrom.machine) - load.serverCpu - load.clientCpu);
      return load;
    }

    /** Calls once, and again when the answer is in, until the window has ended. */
    private static void next(Loop loop, Run run) {
      long started = System.nanoTime();
      if (started >= run.measureUntil) {
        run.done.countDown();
        return;
      }
      CompletableFuture<Integer> call;
      try {
        call = loop.caller.call();
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      call.whenComplete((bytes, error) -> {
        long finished = System.nanoTime();
        boolean inWindow = finished >= run.measureFrom && finished < run.measureUntil;
        if (error == null) {
          run.answered.incrementAndGet();
          if (inWindow) {
            loop.record(finished - started);
          }
          if (bytes > 0) {
            run.answerBytes.set(bytes);
          }
          next(loop, run);
        } else {
          run.failed.incrementAndGet();
          Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
              ? error.getCause() : error;
          String kind = cause instanceof CallFailed ? cause.getMessage() : cause.getClass().getSimpleName();
          run.lastError = kind;
          if (inWindow) {
            run.errors.merge(kind, 1L, Long::sum);
          }
          // Not at once: a failure that comes back immediately would spin (and grow the stack).
          run.retry.schedule(() -> next(loop, run), 10, TimeUnit.MILLISECONDS);
        }
      });
    }
  }

  /** CPU seconds so far: the server process, this process, and the whole machine (all CPUs). */
  private record Cpu(double server, double client, double machine) {
    private static final double TICKS = clockTicks();

    static Cpu now(long serverPid) throws IOException {
      Path statFile = Path.of("/proc/" + serverPid + "/stat");
      if (!Files.exists(statFile)) {
        throw new IllegalStateException("the server (pid " + serverPid + ") has exited; see its log in target/");
      }
      String stat = Files.readString(statFile);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the command: state is field 3, so utime (14) and stime (15) are at 11 and 12.
      double server = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS;
      double client = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime() / 1e9;
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < cpu.length && i <= 8; i++) {
        // user nice system idle iowait irq softirq steal: all but idle (4) and iowait (5).
        if (i != 4 && i != 5) {
          busy += Long.parseLong(cpu[i]);
        }
      }
      return new Cpu(server, client, busy / TICKS);
    }

    private static double clockTicks() {
      try {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        getconf.waitFor(5, TimeUnit.SECONDS);
        return Double.parseDouble(out);
      } catch (IOException | NumberFormatException | InterruptedException e) {
        return 100;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sessions, idle ones and memory

  private static HttpRequest post(URI endpoint, String sessionId, String body, String bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Accept", ACCEPT)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", bearer);
    }
    if (sessionId != null) {
      request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", PROTOCOL_VERSION);
    }
    return request.build();
  }

  /** initialize, then notifications/initialized: a session ready for calls, with no GET stream. */
  private static CompletableFuture<String> initialize(HttpClient http, URI endpoint, String bearer) {
    String init = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
        + PROTOCOL_VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"http-bench\",\"version\":\"1\"}}}";
    return http.sendAsync(post(endpoint, null, init, bearer), HttpResponse.BodyHandlers.ofString())
        .thenCompose(response -> {
          Optional<String> id = response.headers().firstValue("Mcp-Session-Id");
          if (response.statusCode() != 200 || id.isEmpty()) {
            throw new IllegalStateException("initialize answered " + response.statusCode() + ": " + response.body());
          }
          return http.sendAsync(
                  post(endpoint, id.get(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", bearer),
                  HttpResponse.BodyHandlers.discarding())
              .thenApply(accepted -> {
                if (accepted.statusCode() != 202) {
                  throw new IllegalStateException("notifications/initialized answered " + accepted.statusCode());
                }
                return id.get();
              });
        });
  }

  /** Opens idle sessions {@code from} (inclusive) to {@code to}, session {@code i} with {@code bearerOf(i)}. */
  private static void openIdle(HttpClient http, URI endpoint, int from, int to, Function<Integer, String> bearerOf)
      throws Exception {
    Semaphore openers = new Semaphore(IDLE_OPENERS);
    List<CompletableFuture<String>> opened = new ArrayList<>();
    for (int i = from; i < to; i++) {
      openers.acquire();
      opened.add(initialize(http, endpoint, bearerOf.apply(i)).whenComplete((id, error) -> openers.release()));
    }
    CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
  }

  /** Waits (up to 10 s) for {@code mcp_sessions} to read {@code expected}; fails if it never does. */
  private static void awaitSessions(HttpClient http, URI base, int expected) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    double seen;
    do {
      seen = metric(scrape(http, base), "mcp_sessions", null);
      if (seen == expected) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < until);
    throw new IllegalStateException("mcp_sessions reads " + seen + ", expected " + expected);
  }

  private static Memory memory(String jcmd, long pid, HttpClient http, URI base, boolean hasMetrics) throws Exception {
    // Three full GCs, each followed by the heap's size; the least is the live set with the least noise.
    String out = jcmd(jcmd, pid, "GC.run", "GC.heap_info", "GC.run", "GC.heap_info", "GC.run", "GC.heap_info");
    long heap = Long.MAX_VALUE;
    long block = 0;
    boolean inBlock = false;
    Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher("");
    for (String line : out.split("\n")) {
      if (line.contains("Metaspace")) {
        if (inBlock) {
          heap = Math.min(heap, block);
        }
        block = 0;
        inBlock = false;
      } else if (used.reset(line).find()) {
        block += Long.parseLong(used.group(1)) * 1024;
        inBlock = true;
      }
    }
    if (heap == Long.MAX_VALUE) {
      throw new IllegalStateException("could not read the heap from jcmd GC.heap_info: " + out);
    }
    // G1 gives memory back after a full GC on a thread of its own: wait for the RSS to settle.
    long rss = rss(pid);
    for (int i = 0; i < 10; i++) {
      Thread.sleep(500);
      long now = rss(pid);
      boolean settled = Math.abs(now - rss) < 256 * 1024;
      rss = now;
      if (settled) {
        break;
      }
    }
    long metricsHeap = -1;
    int sessions = -1;
    if (hasMetrics) {
      String scrape = scrape(http, base);
      metricsHeap = (long) metric(scrape, "jvm_memory_used_bytes", "area=\"heap\"");
      sessions = (int) metric(scrape, "mcp_sessions", null);
    }
    return new Memory(heap, rss, metricsHeap, sessions);
  }

  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
  }

  private static String scrape(HttpClient http, URI base) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(base.resolve("/metrics")).timeout(REQUEST_TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + response.statusCode());
    }
    return response.body();
  }

  /** The sum of a metric's samples whose labels contain {@code label} (all when null); NaN if none. */
  private static double metric(String scrape, String name, String label) {
    double sum = 0;
    boolean found = false;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        if (label != null && !line.contains(label)) {
          continue;
        }
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        found = true;
      }
    }
    return found ? sum : Double.NaN;
  }

  private static String vmFlags(String jcmd, long pid) throws Exception {
    String out = jcmd(jcmd, pid, "VM.flags");
    for (String line : out.split("\n")) {
      if (line.startsWith("-XX:")) {
        return line.trim();
      }
    }
    return "?";
  }

  private static String jcmd(String jcmd, long pid, String... commands) throws Exception {
    Path file = Files.createTempFile("http-bench-jcmd", ".txt");
    try {
      Files.writeString(file, String.join("\n", commands) + "\n");
      Process process = new ProcessBuilder(jcmd, Long.toString(pid), "-f", file.toString())
          .redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + pid + " " + String.join(",", commands) + " failed: " + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** jcmd of the JDK running this, or the one on the PATH; the memory figures need it. */
  private static String jcmd() {
    Path own = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (Files.isExecutable(own)) {
      return own.toString();
    }
    try {
      Process probe = new ProcessBuilder("jcmd", "-h").redirectErrorStream(true).start();
      probe.getInputStream().transferTo(OutputStream.nullOutputStream());
      probe.waitFor(30, TimeUnit.SECONDS);
      return "jcmd";
    } catch (IOException | InterruptedException e) {
      System.err.println("http bench needs jcmd (from a JDK) to force GCs in the servers; none found");
      System.exit(2);
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  private static void print(Options options, List<Result> results) {
    Result base = results.get(0);
    Result cal = results.get(1);
    int cpus = Runtime.getRuntime().availableProcessors();
    System.out.printf(Locale.ROOT, "HTTP benchmark, %s: %d sessions in a closed loop, %d s warm-up + %d s measured;"
            + " %,d idle sessions%n", LocalDate.now(), options.sessions(), options.warmup(), options.seconds(),
        options.idle());
    System.out.printf(Locale.ROOT, "machine: %d CPUs; JVM: %s %s; client: %s, in its own JVM, over loopback%n", cpus,
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        switch (options.client()) {
          case "sdk" -> "the SDK's McpClient.async + HttpClientStreamableHttpTransport (HTTP/1.1), one per session";
          case "jdk" -> "raw POSTs on java.net.http (HTTP/1.1), one HttpClient, a connection per busy session";
          default -> "raw POSTs on Reactor Netty's HttpClient (HTTP/1.1), one pool, a connection per busy session";
        });
    System.out.printf(Locale.ROOT, "server JVM flags (defaults, from jcmd VM.flags of calendly-mcp): %s%n", cal.vmFlags());
    if (!cal.vmFlags().equals(base.vmFlags())) {
      System.out.printf(Locale.ROOT, "baseline JVM flags: %s%n", base.vmFlags());
    }
    System.out.println("ratio = calendly-mcp / baseline; CPU per call = CPU seconds over the window / calls in it;"
        + " oauth: every request carries an access token (ES256 JWT) the server verifies");
    System.out.println();
    Table table = new Table(results);
    table.header();
    table.row("tool", r -> r.target().tool(), null);
    table.row("calls/s", r -> num(r.callsPerSecond(), 0), Result::callsPerSecond);
    table.row("  calls/s, 1st half / 2nd half of the window",
        r -> num(r.halves()[0], 0) + " / " + num(r.halves()[1], 0), null);
    for (double p : new double[] {50, 90, 99}) {
      table.row("latency p" + (int) p, r -> ms(r.percentileMillis(p)), r -> r.percentileMillis(p));
    }
    table.row("latency max", r -> ms(r.maxMillis()), Result::maxMillis);
    table.row("calls measured", r -> String.format(Locale.ROOT, "%,d", r.calls()), null);
    table.row("errors", HttpBench::errors, null);
    table.row("Calendly (sandbox) requests, warm-up + window",
        r -> r.upstreamRequests() < 0 ? "-" : String.format(Locale.ROOT, "%,d", r.upstreamRequests()), null);
    if (!options.client().equals("sdk")) {
      table.row("answer (SSE body, bytes)", r -> String.format(Locale.ROOT, "%,d", r.answerBytes()), r -> r.answerBytes());
    }
    table.row("server CPU per call", r -> us(cpuPerCall(r.serverCpuSeconds(), r)), r -> cpuPerCall(r.serverCpuSeconds(), r));
    table.row("client CPU per call", r -> us(cpuPerCall(r.clientCpuSeconds(), r)), null);
    table.row("CPUs busy: server / client / others", HttpBench::cpuShare, null);
    table.row("open sessions (mcp_sessions), before/after",
        r -> r.target().hasMetrics()
            ? r.before().sessions() + " / " + String.format(Locale.ROOT, "%,d", r.after().sessions()) : "-", null);
    table.row("heap after full GC, 0 sessions", r -> mib(r.before().heapBytes()), r -> r.before().heapBytes());
    table.row("  the same, the idle sessions' agents signed in",
        r -> r.idleAgents() > 0 ? mib(r.signedIn().heapBytes()) + String.format(Locale.ROOT, " (%,d)", r.idleAgents()) : "-",
        null);
    table.row(String.format(Locale.ROOT, "heap after full GC, %,d idle sessions", options.idle()),
        r -> mib(r.after().heapBytes()), r -> r.after().heapBytes());
    table.row("heap per idle session", r -> bytes(r.heapPerSession()), Result::heapPerSession);
    table.row("  (calendly-mcp /metrics heap, before/after)",
        r -> r.target().hasMetrics() ? mib(r.before().metricsHeapBytes()) + " / " + mib(r.after().metricsHeapBytes()) : "-",
        null);
    table.row("RSS, 0 sessions", r -> mib(r.before().rssBytes()), r -> r.before().rssBytes());
    table.row(String.format(Locale.ROOT, "RSS, %,d idle sessions", options.idle()),
        r -> mib(r.after().rssBytes()), r -> r.after().rssBytes());
    table.row("RSS per idle session", r -> bytes(r.rssPerSession()), Result::rssPerSession);
  }

  private static double cpuPerCall(double cpuSeconds, Result result) {
    return cpuSeconds * 1e6 / Math.max(1, result.calls());
  }

  /** One column per server, then one ratio column per server against the first (the baseline). */
  private static final class Table {
    private final List<Result> results;
    private final String format;

    Table(List<Result> results) {
      this.results = results;
      this.format = "%-46s" + " %22s".repeat(results.size()) + " %9s".repeat(results.size() - 1) + "%n";
    }

    void header() {
      List<Object> cells = new ArrayList<>(List.of(""));
      results.forEach(r -> cells.add(r.target().column()));
      results.subList(1, results.size()).forEach(r -> cells.add("ratio"));
      System.out.printf(Locale.ROOT, format, cells.toArray());
    }

    void row(String label, Function<Result, String> value, java.util.function.ToDoubleFunction<Result> ratioOf) {
      List<Object> cells = new ArrayList<>(List.of(label));
      results.forEach(r -> cells.add(value.apply(r)));
      for (Result r : results.subList(1, results.size())) {
        cells.add(ratioOf == null ? "" : ratio(ratioOf.applyAsDouble(r), ratioOf.applyAsDouble(results.get(0))));
      }
      System.out.printf(Locale.ROOT, format, cells.toArray());
    }
  }

  private static String cpuShare(Result result) {
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", result.serverCpuSeconds() / result.seconds(),
        result.clientCpuSeconds() / result.seconds(), result.otherCpuSeconds() / result.seconds());
  }

  private static String errors(Result result) {
    if (result.errorCount() == 0) {
      return "0";
    }
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d", result.errorCount()));
    result.errors().forEach((kind, count) -> text.append(' ').append(kind).append('=').append(count));
    return text.toString();
  }

  private static String num(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static String ms(double millis) {
    return Double.isNaN(millis) ? "-" : String.format(Locale.ROOT, "%.2f ms", millis);
  }

  private static String us(double micros) {
    return String.format(Locale.ROOT, "%,.0f µs", micros);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static String bytes(double value) {
    return String.format(Locale.ROOT, "%,.0f B", value);
  }

  /** calendly-mcp / baseline; "-" when either is missing or not positive (a delta lost in noise). */
  private static String ratio(double value, double baseline) {
    if (Double.isNaN(value) || Double.isNaN(baseline) || baseline <= 0 || value <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.2f", value / baseline);
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[http-bench] " + format + "%n", args);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private HttpBench() {}
}
