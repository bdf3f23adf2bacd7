import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyException;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.calendly.RateLimitListener;
import dev.calendlymcp.calendly.model.CreateInviteeRequest;
import dev.calendlymcp.ratelimit.BookingTier;
import dev.calendlymcp.ratelimit.BudgetKey;
import dev.calendlymcp.ratelimit.BudgetSnapshot;
import dev.calendlymcp.ratelimit.CallKind;
import dev.calendlymcp.ratelimit.Permit;
import dev.calendlymcp.ratelimit.RateLimitWaitTooLongException;
import dev.calendlymcp.ratelimit.RateLimiter;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import dev.calendlymcp.server.ServerSettings;
import dev.calendlymcp.tools.ToolErrors;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rate-limit scenarios beside {@link RateLimitBench} (bench scenario 5), each run twice on an
 * in-process sandbox over loopback HTTP: with the client as calendly-mcp runs it (limiter and
 * retries, no cache) and, as the baseline, with no limiter and no retries.
 *
 * <ul>
 *   <li><b>Two users of one organization</b>: {@code --agents} agents, each with a token of its own,
 *       {@code --flood} of them on user A and the rest on user B, both users limited to {@code
 *       --limit} requests a minute by the sandbox, reading back to back for {@code --seconds}. Every
 *       agent shares one limiter, as the server's sessions do. Per user: 429s, requests the sandbox
 *       saw (and the most in any 60 s), successful calls a minute and the share of the user's own
 *       budget used: A's flood must neither spend B's budget nor slow B's calls.
 *   <li><b>Booking windows</b>: per plan, a burst of {@code --bookings} bookings ({@code POST
 *       /invitees}) at once, each of a free slot and each with a tool call's deadline, against the
 *       booking windows the sandbox enforces (Standard/Teams 10 a minute, 50 an hour, 100 a day;
 *       Enterprise 500 a minute; Free 5 a day). Counts bookings made, those sent after a wait in
 *       our queue (held back by our limiter at least 100 ms), refused up front by our limiter (with its
 *       message), and 429s; and the burst's wall time. {@code --align-second} starts the limiter's paid-plan burst at that second of a minute,
 *       so that the runs of a full bench meet the same calendar minute.
 * </ul>
 *
 * <p>Usage: {@code java -cp <jar>:<bench-classes> RateLimitScenariosBench --users-json <f>
 * --bookings-json <f> [--agents 20] [--flood 15] [--seconds 60] [--limit 60] [--bookings 30]
 * [--align-second 30] [--only users|bookings] [--plans teams,enterprise,free]}: {@code --only} runs
 * one of the two scenarios (then only its JSON is required), {@code --plans} the bursts of those plans.
 */
public final class RateLimitScenariosBench {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Long enough that a read queued for the next window never gives up on its own. */
  private static final Duration READ_DEADLINE = Duration.ofMinutes(10);

  /** A booking gets what one tool call gets: the server's whole tool timeout. */
  private static final Duration BOOKING_DEADLINE = ServerSettings.DEFAULT_TOOL_TIMEOUT;

  /** A booking our limiter held back at least this long waited in its queue (not just its turn). */
  private static final Duration QUEUED = Duration.ofMillis(100);

  private static final List<Plan> BOOKING_PLANS = List.of(Plan.TEAMS, Plan.ENTERPRISE, Plan.FREE);

  private record Options(
      int agents, int flood, int seconds, int limit, int bookings, int alignSecond, Path usersJson, Path bookingsJson,
      boolean runUsers, boolean runBookings, List<Plan> plans) {

    static Options parse(String[] args) {
      Map<String, String> values = new TreeMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length || !args[i].startsWith("--")) {
          throw new IllegalArgumentException(
              "usage: RateLimitScenariosBench --users-json <f> --bookings-json <f> [--agents 20] [--flood 15]"
                  + " [--seconds 60] [--limit 60] [--bookings 30] [--align-second 30] [--only users|bookings]"
                  + " [--plans teams,enterprise,free]");
        }
        values.put(args[i].substring(2), args[i + 1]);
      }
      int agents = number(values, "agents", 20);
      int flood = number(values, "flood", agents * 3 / 4);
      if (flood < 1 || flood >= agents) {
        throw new IllegalArgumentException("--flood must leave at least one agent to each user");
      }
      int align = values.containsKey("align-second") ? number(values, "align-second", 30) : -1;
      if (align > 59) {
        throw new IllegalArgumentException("--align-second is a second of a minute, 0 to 59");
      }
      String only = values.getOrDefault("only", "");
      if (!List.of("", "users", "bookings").contains(only)) {
        throw new IllegalArgumentException("--only is users (5a) or bookings (5b)");
      }
      List<Plan> plans = BOOKING_PLANS;
      if (values.containsKey("plans")) {
        plans = Arrays.stream(values.get("plans").split(",")).map(String::strip).map(name -> BOOKING_PLANS.stream()
            .filter(plan -> plan.wireName().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("--plans takes teams, enterprise and free"))).toList();
      }
      return new Options(agents, flood, number(values, "seconds", 60), number(values, "limit", 60),
          number(values, "bookings", 30), align, only.equals("bookings") ? null : path(values, "users-json"),
          only.equals("users") ? null : path(values, "bookings-json"), !only.equals("bookings"),
          !only.equals("users"), plans);
    }

    private static int number(Map<String, String> values, String name, int fallback) {
      String value = values.get(name);
      if (value == null) {
        return fallback;
      }
      int parsed = Integer.parseInt(value);
      if (parsed < 0) {
        throw new IllegalArgumentException("--" + name + " must not be negative");
      }
      return parsed;
    }

    private static Path path(Map<String, String> values, String name) {
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return Path.of(value);
    }
  }

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    try (Sandbox sandbox =
        Sandbox.start(SandboxConfig.builder().seed(1).webhookDelivery(WebhookDeliverySettings.off()).build())) {
      URI base = URI.create(sandbox.apiBaseUrl());
      CalendlyConfig config = CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base);
      if (options.runUsers()) {
        twoUsers(sandbox, config, options);
      }
      if (options.runBookings()) {
        bookings(sandbox, config, options);
      }
    }
  }

  /** calendly-mcp's client, as its server builds it, but without the response cache. */
  private static ClientOptions ours() {
    return ClientOptions.defaults().withCache(null, CachePolicy.off());
  }

  // ---------------------------------------------------------------- two users of one organization

  /** What one user's agents met in one run. */
  private static final class UserTally implements RateLimitListener {
    final String label;
    final List<Long> answeredAt = new ArrayList<>();
    long succeeded;
    long failed;
    long tooManyRequests;
    long[] durations = new long[1 << 12];
    int durationCount;
    boolean closed;

    UserTally(String label) {
      this.label = label;
    }

    @Override
    public synchronized void onResponse(Observation observation) {
      if (closed) {
        return;
      }
      answeredAt.add(System.nanoTime());
      if (observation.status() == 429) {
        tooManyRequests++;
      }
    }

    synchronized void done(boolean ok, long nanos) {
      if (closed) {
        return;
      }
      if (ok) {
        succeeded++;
      } else {
        failed++;
      }
      if (durationCount == durations.length) {
        durations = Arrays.copyOf(durations, durations.length * 2);
      }
      durations[durationCount++] = nanos;
    }

    synchronized void close() {
      closed = true;
      durations = Arrays.copyOf(durations, durationCount);
      Arrays.sort(durations);
    }

    /** The most requests the sandbox answered within any 60 s. */
    long peakPerMinute() {
      long[] at = answeredAt.stream().mapToLong(Long::longValue).sorted().toArray();
      long window = Duration.ofSeconds(60).toNanos();
      int peak = 0;
      int first = 0;
      for (int last = 0; last < at.length; last++) {
        while (at[last] - at[first] >= window) {
          first++;
        }
        peak = Math.max(peak, last - first + 1);
      }
      return peak;
    }

    double[] millis() {
      int n = Math.min(durations.length, 20_000);
      double[] out = new double[n];
      for (int i = 0; i < n; i++) {
        out[i] = durations[(int) ((long) i * durations.length / n)] / 1e6;
      }
      return out;
    }

    double percentileMillis(double p) {
      if (durations.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(p / 100.0 * durations.length);
      return durations[Math.max(0, rank - 1)] / 1e6;
    }
  }

  private record UsersRun(String name, UserTally a, UserTally b, double seconds) {}

  private static void twoUsers(Sandbox sandbox, CalendlyConfig config, Options options) throws Exception {
    Map<String, List<SeededUser>> byOrganization = sandbox.users().stream()
        .filter(user -> user.plan() == Plan.TEAMS)
        .collect(Collectors.groupingBy(SeededUser::organizationUri, TreeMap::new, Collectors.toList()));
    List<SeededUser> pair = byOrganization.values().stream().filter(users -> users.size() >= 2).findFirst()
        .orElseThrow(() -> new IllegalStateException("the sandbox seeds no Teams organization with two users"));
    SeededUser a = pair.get(0);
    SeededUser b = pair.get(1);
    sandbox.setUserRateLimit(a.userUri(), options.limit());
    sandbox.setUserRateLimit(b.userUri(), options.limit());
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < options.agents(); i++) {
      tokens.add(sandbox.issueToken((i < options.flood() ? a : b).userUri(), List.of("users:read")));
    }
    UsersRun baseline = usersRun("baseline (no limiter, no retries)", ClientOptions::direct, sandbox, config, options,
        a, b, tokens);
    UsersRun limited = usersRun("calendly-mcp (limiter + retries)", RateLimitScenariosBench::ours, sandbox, config,
        options, a, b, tokens);

    int flood = options.flood();
    int rest = options.agents() - flood;
    BenchJson out = new BenchJson("5a-rate-limit-two-users",
        "5a. Rate limits: " + options.agents() + " agents on two users of one organization", null);
    out.fact("load", options.agents() + " agents, each with its own token: " + flood + " on user A, " + rest
        + " on user B (one Teams organization), reading back to back for " + options.seconds()
        + " s per scenario; the sandbox limits each user to " + options.limit() + "/min");
    out.fact("baseline", baseline.name() + "; calendly-mcp: " + limited.name() + ", one limiter for every agent");
    String goalSeconds = options.seconds() >= 120 ? ">= 0.95" : null;
    for (int u = 0; u < 2; u++) {
      UserTally ours = u == 0 ? limited.a() : limited.b();
      UserTally theirs = u == 0 ? baseline.a() : baseline.b();
      String who = ours.label;
      out.figure(who + ": 429s received", ours.tooManyRequests, "", theirs.tooManyRequests, "<= 0");
      out.figure(who + ": requests the sandbox saw", ours.answeredAt.size(), "", theirs.answeredAt.size(), null);
      out.figure(who + ": most requests in any 60 s", ours.peakPerMinute(), "", theirs.peakPerMinute(),
          "<= " + options.limit());
      out.figure(who + ": successful calls per minute", ours.succeeded / (limited.seconds() / 60), "calls/min",
          theirs.succeeded / (baseline.seconds() / 60), null);
      out.figure(who + ": utilisation of its own budget", utilisation(ours, limited, options), "",
          utilisation(theirs, baseline, options), goalSeconds);
      out.figure(who + ": call duration p50", ours.percentileMillis(50), "ms", theirs.percentileMillis(50), null);
    }
    out.figure("user B's utilisation / user A's (1 = the flood took nothing from B)",
        utilisation(limited.b(), limited, options) / utilisation(limited.a(), limited, options), "",
        utilisation(baseline.b(), baseline, options) / utilisation(baseline.a(), baseline, options), ">= 0.95");
    for (UsersRun run : List.of(baseline, limited)) {
      for (UserTally tally : List.of(run.a(), run.b())) {
        out.series(tally.label + ", " + (run == baseline ? "no limiter" : "calendly-mcp"), "ms",
            "call duration per user (queue wait included)", tally.millis());
      }
    }
    out.write(options.usersJson());
    if (options.seconds() < 120) {
      System.err.println("(under two windows, utilisation overstates: a window's whole budget is there at its start)");
    }
  }

  /**
   * Requests the sandbox accepted (the agents' reads and the owner look-up of each new token) per
   * request the user's limit allowed over the run.
   */
  private static double utilisation(UserTally tally, UsersRun run, Options options) {
    return (tally.answeredAt.size() - tally.tooManyRequests) / (options.limit() * (run.seconds() / 60.0));
  }

  private static UsersRun usersRun(
      String name, Supplier<ClientOptions> clientOptions, Sandbox sandbox, CalendlyConfig config, Options options,
      SeededUser a, SeededUser b, List<String> tokens) {
    System.err.printf(Locale.ROOT, "two users, %s: %d agents for %d s%n", name, options.agents(), options.seconds());
    // Each run starts on fresh windows: the second must not start inside what the first spent.
    sandbox.resetRateLimits();
    UserTally tallyA = new UserTally("user A (" + options.flood() + " agents)");
    UserTally tallyB = new UserTally("user B (" + (options.agents() - options.flood()) + " agents)");
    ClientOptions shared = clientOptions.get();
    try (CalendlyHttp httpA = CalendlyHttp.create(config, tallyA);
        CalendlyHttp httpB = CalendlyHttp.create(config, tallyB)) {
      List<Flux<Void>> agents = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        boolean onA = i < options.flood();
        CalendlyClient client = CalendlyClient.create(onA ? httpA : httpB, AccessToken.of(tokens.get(i)), shared);
        agents.add(reader(client, (onA ? a : b).userUri(), onA ? tallyA : tallyB));
      }
      long start = System.nanoTime();
      Flux.merge(agents).take(Duration.ofSeconds(options.seconds())).then()
          .block(Duration.ofSeconds(options.seconds() + 60L));
      double seconds = (System.nanoTime() - start) / 1e9;
      tallyA.close();
      tallyB.close();
      for (UserTally tally : List.of(tallyA, tallyB)) {
        System.err.printf(Locale.ROOT, "  %s: %,d ok, %,d failed, %,d x 429, %,d requests, at most %,d in 60 s%n",
            tally.label, tally.succeeded, tally.failed, tally.tooManyRequests, tally.answeredAt.size(),
            tally.peakPerMinute());
      }
      return new UsersRun(name, tallyA, tallyB, seconds);
    }
  }

  private static Flux<Void> reader(CalendlyClient client, String userUri, UserTally tally) {
    return Mono.defer(() -> {
      long start = System.nanoTime();
      return client.users().get(userUri)
          .contextWrite(CacheMode.bypass())
          .contextWrite(Deadline.at(Instant.now().plus(READ_DEADLINE)))
          .doOnNext(found -> tally.done(true, System.nanoTime() - start))
          .then()
          .onErrorResume(error -> {
            tally.done(false, System.nanoTime() - start);
            return Mono.empty();
          });
    }).repeat();
  }

  // ---------------------------------------------------------------------------- booking windows

  /** How one burst ended. */
  private static final class Burst {
    int made;
    int afterQueueing;
    int refusedUpFront;
    int tooManyRequestsSeenByAgent;
    int tooManyRequests;
    final Map<String, Integer> otherFailures = new TreeMap<>();
    /** Our limiter's refusals by budget, with the first message of each. */
    final Map<String, String> refusalMessages = new TreeMap<>();
    final Map<String, Integer> refusalCounts = new TreeMap<>();
    double millis;

    synchronized void permitted(Permit permit) {
      if (permit.waited().compareTo(QUEUED) >= 0) {
        afterQueueing++;
      }
    }

    synchronized void ended(Throwable error) {
      if (error == null) {
        made++;
      } else if (error instanceof RateLimitWaitTooLongException refused) {
        refusedUpFront++;
        refusalCounts.merge(refused.budget(), 1, Integer::sum);
        refusalMessages.putIfAbsent(refused.budget(), agentText(error));
      } else if (error instanceof CalendlyException.RateLimited) {
        tooManyRequestsSeenByAgent++;
        refusalCounts.merge("429", 1, Integer::sum);
        refusalMessages.putIfAbsent("429", agentText(error));
      } else {
        otherFailures.merge(error.getClass().getSimpleName(), 1, Integer::sum);
      }
    }

    /** What the agent is told, as the server's tools word it. */
    private static String agentText(Throwable error) {
      return ToolErrors.describe(error, "").orElse(error.getClass().getSimpleName()).replace('\n', ' ');
    }

    String describe() {
      StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
          "%d made, %d held back by our limiter and then sent, %d refused up front, %d failed with a 429 (%d 429s"
              + " from the sandbox), %.1f s", made, afterQueueing, refusedUpFront, tooManyRequestsSeenByAgent,
          tooManyRequests, millis / 1000));
      otherFailures.forEach((kind, n) -> text.append(", ").append(n).append(" x ").append(kind));
      return text.toString();
    }
  }

  private static void bookings(Sandbox sandbox, CalendlyConfig config, Options options) throws Exception {
    BenchJson out = new BenchJson("5b-rate-limit-booking-windows",
        "5b. Rate limits: a burst of " + options.bookings() + " bookings against each plan's booking windows", null);
    out.fact("load", options.bookings() + " bookings (POST /invitees) of free slots started at once by one user, each"
        + " with a tool call's deadline (" + BOOKING_DEADLINE.toSeconds() + " s); the sandbox enforces Calendly's"
        + " booking windows: Standard/Teams 10/min, 50/h, 100/day; Enterprise 500/min; Free 5/day (Trial's row)");
    out.fact("baseline", "no limiter, no retries; calendly-mcp: limiter + retries, the plan read from the organization"
        + " before the first booking");
    out.fact("windows", "the sandbox's booking windows start with a user's first booking; calendly-mcp's limiter counts"
        + " each booking both in a window started by its first booking and in the calendar window in UTC"
        + " (docs/rate-limits.md)"
        + (options.alignSecond() >= 0 ? "; the limiter's Teams burst starts at second " + options.alignSecond()
            + " of a minute" : ""));
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (Plan plan : options.plans()) {
      SeededUser user = sandbox.users().stream().filter(u -> u.plan() == plan && u.role() == Role.USER).findFirst()
          .orElseGet(() -> sandbox.users().stream().filter(u -> u.plan() == plan).findFirst().orElseThrow());
      List<Instant> slots = new ArrayList<>();
      String eventType = freeSlots(http, sandbox, user, 2 * options.bookings(), slots);
      int n = Math.min(options.bookings(), slots.size() / 2);
      sandbox.resetRateLimits();
      Burst baseline = burst(ClientOptions.direct(), config, user, eventType, slots.subList(0, n));
      System.err.printf(Locale.ROOT, "bookings, %s, no limiter: %s%n", plan.wireName(), baseline.describe());
      sandbox.resetRateLimits();
      if (options.alignSecond() >= 0 && plan == Plan.TEAMS) {
        waitForSecond(options.alignSecond());
      }
      Burst limited = burst(ours(), config, user, eventType, slots.subList(n, 2 * n));
      System.err.printf(Locale.ROOT, "bookings, %s, calendly-mcp: %s%n", plan.wireName(), limited.describe());

      String name = plan.wireName();
      out.figure(name + ": bookings made", limited.made, "", baseline.made, null);
      out.figure(name + ": sent after waiting in our queue", limited.afterQueueing, "", baseline.afterQueueing, null);
      out.figure(name + ": refused up front by our limiter", limited.refusedUpFront, "", baseline.refusedUpFront, null);
      out.figure(name + ": 429s received", limited.tooManyRequests, "", baseline.tooManyRequests, "<= 0");
      out.figure(name + ": bookings that failed with a 429", limited.tooManyRequestsSeenByAgent, "",
          baseline.tooManyRequestsSeenByAgent, "<= 0");
      out.figure(name + ": burst wall time", limited.millis, "ms", baseline.millis, null);
      out.fact(name + ", calendly-mcp", limited.describe());
      out.fact(name + ", no limiter", baseline.describe());
      limited.refusalMessages.forEach((budget, message) -> out.fact(
          name + ", what the agent was told (" + budget + ", " + limited.refusalCounts.get(budget) + "x)", message));
    }
    out.write(options.bookingsJson());
  }

  private static Burst burst(
      ClientOptions clientOptions, CalendlyConfig config, SeededUser user, String eventType, List<Instant> slots) {
    Burst burst = new Burst();
    RateLimitListener count = observation -> {
      if (observation.status() == 429) {
        synchronized (burst) {
          burst.tooManyRequests++;
        }
      }
    };
    ClientOptions watched = clientOptions.limiter() == null
        ? clientOptions : clientOptions.withLimiter(new Watched(clientOptions.limiter(), burst));
    try (CalendlyHttp http = CalendlyHttp.create(config, count)) {
      CalendlyClient client = CalendlyClient.create(http, AccessToken.of(user.token()), watched);
      Instant deadline = Instant.now().plus(BOOKING_DEADLINE);
      List<Mono<Void>> bookings = new ArrayList<>();
      for (int i = 0; i < slots.size(); i++) {
        CreateInviteeRequest request = CreateInviteeRequest.of(URI.create(eventType), slots.get(i),
            CreateInviteeRequest.Person.named("Robin Bench", "robin.bench+" + i + "@example.org", "Europe/London"));
        bookings.add(Mono.defer(() -> client.scheduling().createInvitee(request)
            .contextWrite(Deadline.at(deadline))
            .doOnNext(made -> burst.ended(null))
            .then()
            .onErrorResume(error -> {
              burst.ended(error);
              return Mono.empty();
            })));
      }
      long start = System.nanoTime();
      Flux.merge(Flux.fromIterable(bookings), bookings.size()).then()
          .block(BOOKING_DEADLINE.plusMinutes(2));
      burst.millis = (System.nanoTime() - start) / 1e6;
    }
    return burst;
  }

  /** The client's limiter, telling the burst how long each booking it let through had waited. */
  private record Watched(RateLimiter real, Burst burst) implements RateLimiter {

    @Override
    public Mono<Permit> acquire(BudgetKey key, CallKind kind, Instant deadline) {
      Mono<Permit> permit = real.acquire(key, kind, deadline);
      return kind == CallKind.BOOKING ? permit.doOnNext(burst::permitted) : permit;
    }

    @Override
    public void observe(BudgetKey key, CallKind kind, int status, OptionalInt limit, OptionalInt remaining,
        Optional<Duration> reset, Optional<Duration> retryAfter) {
      real.observe(key, kind, status, limit, remaining, reset, retryAfter);
    }

    @Override
    public void setBookingTier(BudgetKey key, BookingTier tier) {
      real.setBookingTier(key, tier);
    }

    @Override
    public BudgetSnapshot snapshot(BudgetKey key) {
      return real.snapshot(key);
    }
  }

  /** The user's first solo event type, and at least {@code wanted} of its free slots (fewer if it has none). */
  private static String freeSlots(HttpClient http, Sandbox sandbox, SeededUser user, int wanted, List<Instant> slots)
      throws Exception {
    JsonNode types = get(http, sandbox, user, "/event_types?active=true&count=100&user="
        + URLEncoder.encode(user.userUri(), StandardCharsets.UTF_8)).get("collection");
    String eventType = null;
    for (JsonNode type : types) {
      if ("solo".equals(type.path("kind").asString()) && "StandardEventType".equals(type.path("type").asString(
          "StandardEventType"))) {
        eventType = type.get("uri").asString();
        break;
      }
    }
    if (eventType == null) {
      throw new IllegalStateException("the sandbox seeds no solo event type for " + user.email());
    }
    Instant from = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
    for (int week = 0; week < 8 && slots.size() < wanted; week++) {
      Instant start = from.plus(Duration.ofDays(7L * week));
      JsonNode times = get(http, sandbox, user, "/event_type_available_times?event_type="
          + URLEncoder.encode(eventType, StandardCharsets.UTF_8) + "&start_time=" + start + "&end_time="
          + start.plus(Duration.ofDays(7))).get("collection");
      for (JsonNode time : times) {
        if (slots.size() < wanted) {
          slots.add(Instant.parse(time.get("start_time").asString()));
        }
      }
    }
    return eventType;
  }

  private static JsonNode get(HttpClient http, Sandbox sandbox, SeededUser user, String pathAndQuery)
      throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(sandbox.apiBaseUrl() + pathAndQuery))
            .header("Authorization", "Bearer " + user.token()).timeout(Duration.ofSeconds(30)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(URI.create(pathAndQuery).getPath() + " answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  /** Waits (real time: the sandbox's windows run on the wall clock) until {@code second} of a minute. */
  private static void waitForSecond(int second) throws InterruptedException {
    Instant now = Instant.now();
    Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
    Instant target = minute.plusSeconds(second);
    if (!target.isAfter(now)) {
      target = target.plus(Duration.ofMinutes(1));
    }
    System.err.printf(Locale.ROOT, "  waiting %d s for second %d of a minute%n",
        Duration.between(now, target).toSeconds(), second);
    Thread.sleep(Duration.between(now, target).toMillis());
  }

  private RateLimitScenariosBench() {}
}
