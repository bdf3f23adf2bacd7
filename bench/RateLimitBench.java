import dev.calendlymcp.calendly.AccessToken;
import dev.calendlymcp.calendly.CacheMode;
import dev.calendlymcp.calendly.CachePolicy;
import dev.calendlymcp.calendly.CalendlyClient;
import dev.calendlymcp.calendly.CalendlyConfig;
import dev.calendlymcp.calendly.CalendlyHttp;
import dev.calendlymcp.calendly.ClientOptions;
import dev.calendlymcp.calendly.Deadline;
import dev.calendlymcp.calendly.RateLimitListener;
import dev.calendlymcp.sandbox.Sandbox;
import dev.calendlymcp.sandbox.SandboxConfig;
import dev.calendlymcp.sandbox.SeededUser;
import dev.calendlymcp.sandbox.model.Plan;
import dev.calendlymcp.sandbox.model.Role;
import dev.calendlymcp.sandbox.webhooks.WebhookDeliverySettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rate-limit benchmark: N agents share one token of one seeded Teams user on an in-process sandbox
 * whose limit for that user is {@code --limit} requests per minute, and read back to back for
 * {@code --seconds} of real time. Two scenarios run one after the other on fresh rate-limit windows:
 * the client with no limiter and no retries (every 429 reaches the agent), then the client as
 * calendly-mcp runs it (limiter and retries, no cache). Prints, for each, the calls, the 429s the
 * sandbox sent, successful calls per minute, utilisation of the budget and the spread of call
 * durations, then the ratios. Everything runs on loopback. Run through bench/rate-limit.sh.
 *
 * <p>Usage: {@code java -cp target/calendly-mcp.jar bench/RateLimitBench.java [--agents 10]
 * [--seconds 120] [--limit 60]}
 */
public final class RateLimitBench {

  /** Long enough that a call queued for the next window never gives up on its own. */
  private static final Duration CALL_DEADLINE = Duration.ofMinutes(10);

  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private record Options(int agents, int seconds, int limit, java.nio.file.Path json) {

    static Options parse(String[] args) {
      int agents = 10;
      int seconds = 120;
      int limit = 60;
      java.nio.file.Path json = null;
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (name.equals("--help") || name.equals("-h")) {
          throw new IllegalArgumentException(
              "usage: RateLimitBench [--agents 10] [--seconds 120] [--limit 60] [--json <file>]");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args[++i];
        switch (name) {
          case "--agents" -> agents = positive(name, value, 1_000);
          case "--seconds" -> seconds = positive(name, value, 3_600);
          case "--limit" -> limit = positive(name, value, 100_000);
          case "--json" -> json = java.nio.file.Path.of(value);
          default -> throw new IllegalArgumentException(
              "unknown option " + name + " (known: --agents, --seconds, --limit, --json)");
        }
      }
      return new Options(agents, seconds, limit, json);
    }

    private static int positive(String name, String value, int max) {
      int parsed;
      try {
        parsed = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
      }
      if (parsed < 1 || parsed > max) {
        throw new IllegalArgumentException(name + " must be between 1 and " + max + ", got " + parsed);
      }
      return parsed;
    }
  }

  /** What one scenario measured. Durations are in nanoseconds, sorted. */
  private record Result(
      String name,
      long succeeded,
      Map<String, Long> failures,
      long tooManyRequests,
      long upstreamRequests,
      long cutOff,
      double seconds,
      long[] durations) {

    long failed() {
      return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    long completed() {
      return succeeded + failed();
    }

    double successesPerMinute() {
      return succeeded / (seconds / 60.0);
    }

    double utilisation(int limit) {
      return succeeded / (limit * (seconds / 60.0));
    }

    /** Nearest-rank percentile, in milliseconds; NaN when no call completed. */
    double percentileMillis(double percent) {
      if (durations.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(percent / 100.0 * durations.length);
      return durations[Math.max(0, rank - 1)] / 1e6;
    }
  }

  /**
   * Counts one scenario's outcomes. The agents' callbacks run on the event loops and the timers on
   * the parallel scheduler, so every update holds the lock; once {@link #close} has run, answers that
   * were still on their way when the time was up are left out of every count alike.
   */
  private static final class Tally {
    private long succeeded;
    private final Map<String, Long> failures = new TreeMap<>();
    private long tooManyRequests;
    private long cutOff;
    private long[] durations = new long[1 << 12];
    private int durationCount;
    private boolean closed;

    synchronized void success(long nanos) {
      if (!closed) {
        succeeded++;
        duration(nanos);
      }
    }

    synchronized void failure(Throwable error, long nanos) {
      if (!closed) {
        failures.merge(error.getClass().getSimpleName(), 1L, Long::sum);
        duration(nanos);
      }
    }

    synchronized void response(int status) {
      if (!closed && status == 429) {
        tooManyRequests++;
      }
    }

    synchronized void cutOff() {
      if (!closed) {
        cutOff++;
      }
    }

    synchronized String progress() {
      return String.format(
          Locale.ROOT, "%,d ok, %,d failed, %,d x 429",
          succeeded, failures.values().stream().mapToLong(Long::longValue).sum(), tooManyRequests);
    }

    synchronized Result close(String name, long upstreamRequests, double seconds) {
      closed = true;
      long[] sorted = Arrays.copyOf(durations, durationCount);
      Arrays.sort(sorted);
      return new Result(
          name, succeeded, Map.copyOf(failures), tooManyRequests, upstreamRequests, cutOff, seconds, sorted);
    }

    private void duration(long nanos) {
      if (durationCount == durations.length) {
        durations = Arrays.copyOf(durations, durations.length * 2);
      }
      durations[durationCount++] = nanos;
    }
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Instant startedAt = Instant.now();
    List<Result> results = new ArrayList<>();
    try (Sandbox sandbox =
        Sandbox.start(SandboxConfig.builder().seed(1).webhookDelivery(WebhookDeliverySettings.off()).build())) {
      SeededUser user = sandbox.user(Plan.TEAMS, Role.USER);
      sandbox.setUserRateLimit(user.userUri(), options.limit());
      URI base = URI.create(sandbox.apiBaseUrl());
      CalendlyConfig config = CalendlyConfig.defaults().withApiBaseUrl(base).withAuthBaseUrl(base);

      results.add(run("baseline (no limiter, no retries)", ClientOptions::direct, sandbox, config, user, options));
      // The second scenario must not start inside the window the first one spent.
      sandbox.resetRateLimits();
      results.add(
          run(
              "calendly-mcp (limiter + retries)",
              () -> ClientOptions.defaults().withCache(null, CachePolicy.off()),
              sandbox, config, user, options));
    }
    print(options, startedAt, results.get(0), results.get(1));
    if (options.json() != null) {
      try {
        writeJson(options, results.get(0), results.get(1));
      } catch (java.io.IOException e) {
        System.err.println("could not write " + options.json() + ": " + e);
        System.exit(1);
      }
    }
  }

  private static void writeJson(Options options, Result baseline, Result limited) throws java.io.IOException {
    BenchJson out = new BenchJson("5-rate-limit", "5. Rate-limit efficiency: agents sharing one user's budget", null);
    out.fact("load", options.agents() + " agents of one user reading back to back for " + options.seconds()
        + " s per scenario, sandbox limited to " + options.limit() + "/min");
    out.fact("baseline", baseline.name() + "; calendly-mcp: " + limited.name());
    out.figure("429s received from the sandbox", limited.tooManyRequests(), "", baseline.tooManyRequests(), "<= 0");
    out.figure("successful calls per minute", limited.successesPerMinute(), "calls/min", baseline.successesPerMinute(), null);
    out.figure("utilisation of the budget", limited.utilisation(options.limit()), "", baseline.utilisation(options.limit()),
        options.seconds() >= 120 ? ">= 0.95" : null);
    out.figure("requests the sandbox saw", limited.upstreamRequests(), "", baseline.upstreamRequests(), null);
    out.series(baseline.name(), "ms", "call duration (queue wait included)", sampledMillis(baseline.durations()));
    out.series(limited.name(), "ms", "call duration (queue wait included)", sampledMillis(limited.durations()));
    out.write(options.json());
  }

  /** At most 20,000 evenly spread samples of the sorted durations. */
  private static double[] sampledMillis(long[] sortedNanos) {
    int n = Math.min(sortedNanos.length, 20_000);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = sortedNanos[(int) ((long) i * sortedNanos.length / n)] / 1e6;
    }
    return out;
  }

  private static Result run(
      String name,
      Supplier<ClientOptions> clientOptions,
      Sandbox sandbox,
      CalendlyConfig config,
      SeededUser user,
      Options options) {
    System.err.printf(Locale.ROOT, "%s: %d agents for %d s%n", name, options.agents(), options.seconds());
    Tally tally = new Tally();
    sandbox.stats().reset();
    RateLimitListener listener = observation -> tally.response(observation.status());
    try (CalendlyHttp http = CalendlyHttp.create(config, listener)) {
      CalendlyClient client = CalendlyClient.create(http, AccessToken.of(user.token()), clientOptions.get());
      List<Flux<Void>> agents = new ArrayList<>();
      for (int i = 0; i < options.agents(); i++) {
        agents.add(agent(client, user.userUri(), tally));
      }
      long start = System.nanoTime();
      Disposable progress =
          Flux.interval(PROGRESS_EVERY)
              .subscribe(
                  tick -> System.err.printf(
                      Locale.ROOT, "  %3d s: %s%n", (tick + 1) * PROGRESS_EVERY.toSeconds(), tally.progress()));
      try {
        // take(Duration) cancels every agent when the time is up: a call still queued for the next
        // window leaves the limiter's queue, and one on the wire is abandoned.
        Flux.merge(agents)
            .take(Duration.ofSeconds(options.seconds()))
            .then()
            .block(Duration.ofSeconds(options.seconds() + 60L));
      } finally {
        progress.dispose();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return tally.close(name, sandbox.stats().total(), seconds);
    }
  }

  /** One agent: back-to-back reads of the user's profile, each straight to the sandbox. */
  private static Flux<Void> agent(CalendlyClient client, String userUri, Tally tally) {
    return Mono.defer(
            () -> {
              long start = System.nanoTime();
              return client
                  .users()
                  .get(userUri)
                  .contextWrite(CacheMode.bypass())
                  .contextWrite(Deadline.at(Instant.now().plus(CALL_DEADLINE)))
                  .doOnNext(found -> tally.success(System.nanoTime() - start))
                  .doOnCancel(tally::cutOff)
                  .then()
                  .onErrorResume(
                      error -> {
                        tally.failure(error, System.nanoTime() - start);
                        return Mono.empty();
                      });
            })
        .repeat();
  }

  private static void print(Options options, Instant startedAt, Result baseline, Result limited) {
    System.out.printf(
        Locale.ROOT,
        "Rate-limit benchmark, %s: %d agents sharing one token, %d s per scenario, sandbox limit %d/min;"
            + " JDK %s, %d CPUs%n%n",
        startedAt.truncatedTo(ChronoUnit.SECONDS), options.agents(), options.seconds(),
        options.limit(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    String row = "| %-34s | %34s | %34s |%n";
    System.out.printf(Locale.ROOT, row, "", baseline.name(), limited.name());
    System.out.printf(Locale.ROOT, row, "-".repeat(34), "-".repeat(34), "-".repeat(34));
    line(row, "agent calls completed", baseline, limited, r -> count(r.completed()));
    line(row, "  successful", baseline, limited, r -> count(r.succeeded()));
    line(row, "  failed", baseline, limited, r -> count(r.failed()) + failureKinds(r));
    line(row, "429s received from the sandbox", baseline, limited, r -> count(r.tooManyRequests()));
    line(row, "requests the sandbox saw", baseline, limited, r -> count(r.upstreamRequests()));
    line(row, "calls cut off when time was up", baseline, limited, r -> count(r.cutOff()));
    line(row, "successful calls per minute", baseline, limited,
        r -> String.format(Locale.ROOT, "%.1f", r.successesPerMinute()));
    line(row, "utilisation (goal >= 95 %)", baseline, limited,
        r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.utilisation(options.limit())));
    line(row, "call duration p50", baseline, limited, r -> millis(r.percentileMillis(50)));
    line(row, "call duration p90", baseline, limited, r -> millis(r.percentileMillis(90)));
    line(row, "call duration p99", baseline, limited, r -> millis(r.percentileMillis(99)));
    line(row, "call duration max", baseline, limited, r -> millis(r.percentileMillis(100)));

    long avoided = baseline.tooManyRequests() - limited.tooManyRequests();
    System.out.println();
    System.out.printf(
        Locale.ROOT, "429s avoided: %s of %s (%s)%n", count(avoided), count(baseline.tooManyRequests()),
        baseline.tooManyRequests() == 0
            ? "the baseline met none"
            : String.format(Locale.ROOT, "%.2f %%", 100.0 * avoided / baseline.tooManyRequests()));
    System.out.printf(
        Locale.ROOT, "utilisation vs baseline: %s%n",
        baseline.succeeded() == 0
            ? "n/a (the baseline succeeded no call)"
            : String.format(Locale.ROOT, "%.3f", limited.utilisation(options.limit()) / baseline.utilisation(options.limit())));
    if (options.seconds() < 120) {
      System.out.println(
          "(under two windows, utilisation overstates: a window's whole budget is there at its start)");
    }
  }

  private static void line(
      String row, String label, Result baseline, Result limited, Function<Result, String> cell) {
    System.out.printf(Locale.ROOT, row, label, cell.apply(baseline), cell.apply(limited));
  }

  private static String failureKinds(Result result) {
    if (result.failures().isEmpty()) {
      return "";
    }
    return " (" + String.join(", ", result.failures().keySet()) + ")";
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String millis(double ms) {
    if (Double.isNaN(ms)) {
      return "-";
    }
    return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.1f ms", ms);
  }

  private RateLimitBench() {}
}
