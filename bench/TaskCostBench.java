import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.ratelimit.BookingLimits;
import dev.calendlymcp.sandbox.ratelimit.RateLimitSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agent task cost (bench scenario 6): the demo's conversation (who am I, list event types, find
 * times over 30 days, book, reschedule, cancel) through calendly-mcp over stdio, against the same
 * task done the hosted way, one tool per Calendly endpoint, each tool answering with the endpoint's
 * JSON body (made here from plain HTTP calls to the same sandbox: GET /users/me, GET /event_types,
 * GET /event_type_available_times, POST /invitees, POST /invitees + POST .../cancellation for the
 * reschedule, POST .../cancellation). Counts the upstream requests (the sandbox's own count), the
 * wall time, and the bytes of tool output a model would be given: text and structuredContent
 * apart, and bytes/4 as a token proxy. The sandbox runs in this process with limits no run
 * reaches, so nothing waits on a budget.
 *
 * <p>Usage: {@code java -cp <jar>:<bench-classes> TaskCostBench <jar> <out.json> [--repeat 5]}
 */
public final class TaskCostBench {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Each tool's wall time in the last round of calendly-mcp's task, in ms. */
  private static Map<String, Long> lastToolMillis = Map.of();

  /** One task's totals. */
  private record Cost(
      double millis, long upstream, long textBytes, long structuredBytes, int toolCalls, Map<String, Long> byEndpoint) {
    long tokens() {
      return (textBytes + structuredBytes) / 4;
    }
  }

  public static void main(String[] args) throws Exception {
    String jar = Path.of(args[0]).toAbsolutePath().toString();
    Path out = Path.of(args[1]);
    int repeat = args.length > 3 && args[2].equals("--repeat") ? Integer.parseInt(args[3]) : 5;
    RateLimitSettings limits = RateLimitSettings.defaults();
    for (Plan plan : Plan.values()) {
      limits = limits.withPlanLimit(plan, BenchSandbox.UNREACHED_LIMIT);
    }
    // Bookings too: each round books four times, which Calendly's booking windows would queue.
    limits = limits.withBookingLimits(new BookingLimits(0, 0, 0), new BookingLimits(0, 0, 0));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().rateLimits(limits).build())) {
      // Enterprise: our server keeps Calendly's booking windows itself, and on a paid plan below
      // Enterprise (10 a minute) eleven rounds of a booking and a reschedule would queue behind them,
      // timing the window, not the task. The server learns the plan before its first booking.
      SeededUser user = sandbox.user(Plan.ENTERPRISE, Role.USER);
      ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar).redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("CALENDLY_TOKEN", user.token());
      builder.environment().put("CALENDLY_API_BASE_URL", sandbox.apiBaseUrl());
      Process server = builder.start();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<Cost> ours = new ArrayList<>();
      List<Cost> hosted = new ArrayList<>();
      try {
        Stdio stdio = new Stdio(server);
        stdio.call("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}");
        stdio.notifyInitialized();
        // The first round is a warm-up for both (class loading, connections); not counted.
        for (int round = 0; round <= repeat; round++) {
          Cost mine = ours(stdio, sandbox);
          Cost theirs = hosted(http, sandbox, user);
          if (round > 0) {
            ours.add(mine);
            hosted.add(theirs);
          }
        }
      } finally {
        server.getOutputStream().close();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
          server.destroyForcibly();
        }
      }
      BenchJson result = new BenchJson("6-task-cost",
          "6. Agent task cost: find times over 30 days, book, reschedule, cancel", "hosted-style, one tool per endpoint");
      result.fact("task", "the demo's conversation: whoami, list_event_types, find_available_times (30 days),"
          + " book_meeting, reschedule_meeting, cancel_event");
      result.fact("hosted-style", "one tool per Calendly endpoint answering with the endpoint's JSON body as text"
          + " (and the same JSON as structuredContent), made from plain HTTP calls to the same sandbox");
      result.fact("rounds", repeat + " after one warm-up round each, alternating the two");
      result.fact("tokens", "(text bytes + structuredContent bytes) / 4, what a client that passes both would send");
      result.series("hosted-style, one tool per endpoint", "ms", "task wall time",
          hosted.stream().mapToDouble(Cost::millis).toArray());
      result.series("calendly-mcp over stdio", "ms", "task wall time", ours.stream().mapToDouble(Cost::millis).toArray());
      Cost o = ours.get(0);
      Cost h = hosted.get(0);
      result.fact("calendly-mcp's upstream requests", o.byEndpoint().toString());
      result.fact("hosted-style upstream requests", h.byEndpoint().toString());
      result.fact("calendly-mcp's tool wall times in the last round (ms)", new java.util.TreeMap<>(lastToolMillis).toString());
      result.figure("tool calls", o.toolCalls(), "", h.toolCalls(), null);
      result.figure("upstream requests", o.upstream(), "", h.upstream(), null);
      result.figure("tool output, text", o.textBytes(), "B", h.textBytes(), null);
      result.figure("tool output, structuredContent", o.structuredBytes(), "B", h.structuredBytes(), null);
      result.figure("tokens (bytes / 4)", o.tokens(), "", h.tokens(), null);
      result.figure("wall time, median", median(ours), "ms", median(hosted), null);
      result.write(out);
      System.out.printf(Locale.ROOT, "calendly-mcp: %d calls, %d upstream, text %d B, structured %d B, %.0f ms%n",
          o.toolCalls(), o.upstream(), o.textBytes(), o.structuredBytes(), median(ours));
      System.out.println("  " + o.byEndpoint() + " " + lastToolMillis);
      System.out.printf(Locale.ROOT, "hosted-style: %d calls, %d upstream, text %d B, structured %d B, %.0f ms%n",
          h.toolCalls(), h.upstream(), h.textBytes(), h.structuredBytes(), median(hosted));
    }
  }

  private static double median(List<Cost> costs) {
    double[] values = costs.stream().mapToDouble(Cost::millis).sorted().toArray();
    return values[(values.length - 1) / 2];
  }

  private static Cost ours(Stdio stdio, Sandbox sandbox) throws IOException {
    sandbox.stats().reset();
    long upstreamBefore = sandbox.stats().total();
    long start = System.nanoTime();
    stdio.reset();
    JsonNode me = stdio.tool("whoami", Map.of());
    JsonNode types = stdio.tool("list_event_types", Map.of("active", true));
    String typeUri = null;
    for (JsonNode type : types.get("event_types")) {
      if ("solo".equals(type.path("kind").asString()) && !type.path("one_off").asBoolean()) {
        typeUri = type.get("uri").asString();
        break;
      }
    }
    if (typeUri == null) {
      throw new IllegalStateException("no solo event type to book");
    }
    Instant from = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("event_type", typeUri);
    search.put("start_time", from.toString());
    search.put("end_time", from.plus(Duration.ofDays(30)).toString());
    search.put("timezone", me.path("timezone").asString("UTC"));
    search.put("max_results", 5);
    JsonNode slots = stdio.tool("find_available_times", search).get("slots");
    Map<String, Object> booking = new LinkedHashMap<>();
    booking.put("event_type", typeUri);
    booking.put("start_time", slots.get(0).get("start_time").asString());
    booking.put("invitee_name", "Robin Bench");
    booking.put("invitee_email", "robin.bench@example.org");
    booking.put("invitee_timezone", "Europe/London");
    String booked = stdio.tool("book_meeting", booking).get("event_uri").asString();
    JsonNode moved = stdio.tool("reschedule_meeting",
        Map.of("event", booked, "new_start_time", slots.get(1).get("start_time").asString(), "reason", "bench"));
    String rebooked = moved.get("new_booking").get("event_uri").asString();
    stdio.tool("cancel_event", Map.of("event", rebooked, "reason", "bench"));
    double millis = (System.nanoTime() - start) / 1e6;
    lastToolMillis = Map.copyOf(stdio.toolMillis);
    return new Cost(millis, sandbox.stats().total() - upstreamBefore, stdio.textBytes, stdio.structuredBytes, stdio.calls,
        sandbox.stats().counts());
  }

  private static Cost hosted(HttpClient http, Sandbox sandbox, SeededUser user) throws Exception {
    Hosted api = new Hosted(http, sandbox.apiBaseUrl(), user.token());
    sandbox.stats().reset();
    long upstreamBefore = sandbox.stats().total();
    long start = System.nanoTime();
    JsonNode me = api.get("/users/me").get("resource");
    JsonNode types = api.get("/event_types?active=true&user=" + me.get("uri").asString()).get("collection");
    String typeUri = null;
    for (JsonNode type : types) {
      if ("solo".equals(type.path("kind").asString()) && !type.path("admin_managed").asBoolean()
          && "StandardEventType".equals(type.path("type").asString("StandardEventType"))) {
        typeUri = type.get("uri").asString();
        break;
      }
    }
    Instant from = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
    JsonNode times = api.get("/event_type_available_times?event_type=" + typeUri + "&start_time=" + from
        + "&end_time=" + from.plus(Duration.ofDays(30))).get("collection");
    String invitee = "{\"name\":\"Robin Bench\",\"email\":\"robin.bench@example.org\",\"timezone\":\"Europe/London\"}";
    JsonNode booked = api.post("/invitees", "{\"event_type\":\"" + typeUri + "\",\"start_time\":\""
        + times.get(0).get("start_time").asString() + "\",\"invitee\":" + invitee + "}").get("resource");
    // Reschedule, the hosted way: the agent books the new time, then cancels the old event.
    JsonNode rebooked = api.post("/invitees", "{\"event_type\":\"" + typeUri + "\",\"start_time\":\""
        + times.get(1).get("start_time").asString() + "\",\"invitee\":" + invitee + "}").get("resource");
    api.post(URI.create(booked.get("event").asString()).getPath() + "/cancellation", "{\"reason\":\"bench\"}");
    api.post(URI.create(rebooked.get("event").asString()).getPath() + "/cancellation", "{\"reason\":\"bench\"}");
    double millis = (System.nanoTime() - start) / 1e6;
    // Each body is the tool's text, and the same JSON its structuredContent.
    return new Cost(millis, sandbox.stats().total() - upstreamBefore, api.bytes, api.bytes, api.calls,
        sandbox.stats().counts());
  }

  /** Tools made of single endpoints: each answer is the endpoint's body. */
  private static final class Hosted {
    private final HttpClient http;
    private final String base;
    private final String token;
    long bytes;
    int calls;

    Hosted(HttpClient http, String base, String token) {
      this.http = http;
      this.base = base;
      this.token = token;
    }

    JsonNode get(String path) throws Exception {
      return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path, String body) throws Exception {
      return send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
      HttpResponse<byte[]> response = http.send(
          request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(request.build().uri().getPath() + " answered " + response.statusCode() + ": "
            + new String(response.body(), StandardCharsets.UTF_8));
      }
      calls++;
      bytes += response.body().length;
      return JSON.readTree(response.body());
    }
  }

  /** The stdio session with calendly-mcp, counting the tool output bytes. */
  private static final class Stdio {
    private final OutputStream in;
    private final BufferedReader out;
    private int id;
    long textBytes;
    long structuredBytes;
    int calls;
    final Map<String, Long> toolMillis = new LinkedHashMap<>();

    Stdio(Process server) {
      this.in = server.getOutputStream();
      this.out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    }

    void reset() {
      toolMillis.clear();
      textBytes = 0;
      structuredBytes = 0;
      calls = 0;
    }

    JsonNode call(String method, String params) throws IOException {
      in.write(("{\"jsonrpc\":\"2.0\",\"id\":" + (++id) + ",\"method\":\"" + method + "\",\"params\":" + params + "}\n")
          .getBytes(StandardCharsets.UTF_8));
      in.flush();
      String line = out.readLine();
      if (line == null) {
        throw new IllegalStateException("the server closed stdout during " + method);
      }
      return JSON.readTree(line);
    }

    void notifyInitialized() throws IOException {
      in.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
    }

    JsonNode tool(String name, Map<String, Object> arguments) throws IOException {
      long start = System.nanoTime();
      JsonNode answer = call("tools/call", "{\"name\":\"" + name + "\",\"arguments\":"
          + JSON.writeValueAsString(arguments) + "}");
      JsonNode result = answer.get("result");
      if (result == null || result.path("isError").asBoolean()) {
        throw new IllegalStateException(name + " failed: " + answer);
      }
      calls++;
      toolMillis.put(name, Math.round((System.nanoTime() - start) / 1e6));
      for (JsonNode content : result.path("content")) {
        textBytes += content.path("text").asString("").getBytes(StandardCharsets.UTF_8).length;
      }
      JsonNode structured = result.get("structuredContent");
      if (structured != null) {
        structuredBytes += JSON.writeValueAsBytes(structured).length;
      }
      return structured;
    }
  }

  private TaskCostBench() {}
}
